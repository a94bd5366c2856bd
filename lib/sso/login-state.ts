import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { ssoLoginStates } from "@/db/schema";

// In-flight SSO sign-ins: the OIDC `state` (or SAML RelayState) is the row id, 32 random bytes.
// A state is used at most once and only within 10 minutes.

export const LOGIN_STATE_TTL_MS = 10 * 60 * 1000;

export type LoginState = typeof ssoLoginStates.$inferSelect;

export async function createLoginState(
  db: Queryable,
  input: {
    connectionId: string;
    purpose: "sign_in" | "test";
    initiatedById?: string | null;
    codeVerifier?: string | null;
    nonce?: string | null;
    requestId?: string | null;
    returnTo?: string | null;
  },
): Promise<LoginState> {
  // Sweep the long-expired ones now and then; they are worthless after their expiry.
  if (Math.random() < 0.05) await db.delete(ssoLoginStates).where(lt(ssoLoginStates.expiresAt, new Date(Date.now() - LOGIN_STATE_TTL_MS)));
  const [row] = await db
    .insert(ssoLoginStates)
    .values({
      id: randomBytes(32).toString("base64url"),
      connectionId: input.connectionId,
      purpose: input.purpose,
      initiatedById: input.initiatedById ?? null,
      codeVerifier: input.codeVerifier ?? null,
      nonce: input.nonce ?? null,
      requestId: input.requestId ?? null,
      returnTo: input.returnTo ?? null,
      expiresAt: new Date(Date.now() + LOGIN_STATE_TTL_MS),
    })
    .returning();
  return row!;
}

/** Marks the state used and answers it, or null when it is unknown, used or expired (atomic: one caller wins). */
export async function consumeLoginState(db: Queryable, id: string): Promise<LoginState | null> {
  if (typeof id !== "string" || id.length === 0 || id.length > 200) return null;
  const [row] = await db
    .update(ssoLoginStates)
    .set({ usedAt: new Date() })
    .where(and(eq(ssoLoginStates.id, id), isNull(ssoLoginStates.usedAt), gt(ssoLoginStates.expiresAt, new Date())))
    .returning();
  return row ?? null;
}

/** A same-site path to go to after sign-in: only `/…` (not `//…`), else null. */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || value.length > 1000) return null;
  return value;
}
