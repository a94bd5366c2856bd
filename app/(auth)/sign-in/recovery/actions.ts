"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { consoleIsSecure, sessionCookieName } from "@/lib/auth/issue-session";
import { rateLimiter } from "@/lib/keys/rate-limit";
import { RECOVERY_REFUSAL, redeemRecoveryCode } from "@/lib/security/recovery-codes";
import { AppError } from "@/lib/server/errors";
import { clientIp, requestIdFrom } from "@/lib/server/request";

const input = z.object({
  email: z.email("Enter the email address of your account"),
  code: z.string().trim().min(1, "Enter one of your recovery codes").max(64, "That is not a recovery code"),
});

export type RecoveryState = { error?: string; field?: "email" | "code"; email?: string };

const PER_EMAIL_PER_MINUTE = 5;
const PER_IP_PER_MINUTE = 20;

/** Break-glass sign-in: email + an unused recovery code → a session cookie, then the organization. */
export async function signInWithRecoveryCode(_prev: RecoveryState, form: FormData): Promise<RecoveryState> {
  const raw = { email: String(form.get("email") ?? "").trim(), code: String(form.get("code") ?? "") };
  const parsed = input.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: issue.message, field: issue.path[0] === "code" ? "code" : "email", email: raw.email };
  }
  const email = parsed.data.email.toLowerCase();
  const h = await headers();
  const ip = clientIp(h);
  const limiter = rateLimiter();
  const now = Date.now();
  const checks = [await limiter.hit(`recovery:email:${email}`, PER_EMAIL_PER_MINUTE, now)];
  if (ip) checks.push(await limiter.hit(`recovery:ip:${ip}`, PER_IP_PER_MINUTE, now));
  if (checks.some((c) => !c.allowed)) return { error: "Too many attempts. Wait a minute, then try again.", email };

  let slug: string;
  try {
    const db = await getDb();
    const redeemed = await db.transaction((tx) =>
      redeemRecoveryCode(tx, { email, code: parsed.data.code, ip, userAgent: h.get("user-agent"), requestId: requestIdFrom(h.get("x-request-id")) }),
    );
    const secure = consoleIsSecure();
    (await cookies()).set(sessionCookieName(secure), redeemed.session.token, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      expires: redeemed.session.expires,
    });
    slug = redeemed.organization.slug;
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHORIZED") return { error: RECOVERY_REFUSAL, email };
    console.error("[recovery] sign-in with a recovery code failed", error);
    return { error: "Something went wrong on our side. Try again.", email };
  }
  redirect(`/${slug}`);
}
