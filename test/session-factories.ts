import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { sessions, type User } from "@/db/schema";

// Sessions with a chosen age and activity, for the session policy and the sessions pages.

export type TestSession = { token: string; cookie: string };

export async function sessionFor(
  user: User,
  opts: { ageSeconds?: number; idleSeconds?: number; ip?: string | null; userAgent?: string | null; method?: string; ssoConnectionId?: string } = {},
): Promise<TestSession> {
  const token = randomBytes(32).toString("base64url");
  const now = Date.now();
  const db = await getDb();
  await db.insert(sessions).values({
    sessionToken: token,
    userId: user.id,
    expires: new Date(now + 30 * 86400_000),
    createdAt: new Date(now - (opts.ageSeconds ?? 0) * 1000),
    lastActiveAt: new Date(now - (opts.idleSeconds ?? 0) * 1000),
    ip: opts.ip === undefined ? "203.0.113.9" : opts.ip,
    userAgent: opts.userAgent === undefined ? "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15" : opts.userAgent,
    method: opts.method ?? "magic_link",
    ssoConnectionId: opts.ssoConnectionId ?? null,
  });
  return { token, cookie: `authjs.session-token=${token}` };
}

export async function sessionRow(token: string) {
  const db = await getDb();
  const [row] = await db.select().from(sessions).where(eq(sessions.sessionToken, token));
  return row ?? null;
}
