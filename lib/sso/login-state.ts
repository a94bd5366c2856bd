import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { ssoLoginStates } from "@/db/schema";

// In-flight SSO sign-ins: the OIDC `state` (or SAML RelayState) is the row id, 32 random bytes.
// A state is used at most once, only within 10 minutes, and only by the browser that started
// it: the start sets a random cookie (the browser key) whose hash is stored with the state.

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
    browserKey: string;
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
      browserKeyHash: hashBrowserKey(input.browserKey),
      expiresAt: new Date(Date.now() + LOGIN_STATE_TTL_MS),
    })
    .returning();
  return row!;
}

/**
 * Marks the state used and answers it, or null when it is unknown, used, expired or presented
 * without the browser key of its start (atomic: one caller wins; a wrong browser uses nothing up).
 */
export async function consumeLoginState(db: Queryable, id: string, browserKey: string | null): Promise<LoginState | null> {
  if (typeof id !== "string" || id.length === 0 || id.length > 200 || !browserKey) return null;
  const [row] = await db
    .update(ssoLoginStates)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(ssoLoginStates.id, id),
        eq(ssoLoginStates.browserKeyHash, hashBrowserKey(browserKey)),
        isNull(ssoLoginStates.usedAt),
        gt(ssoLoginStates.expiresAt, new Date()),
      ),
    )
    .returning();
  return row ?? null;
}

/** A same-site path to go to after sign-in: only `/…` (not `//…`), else null. */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || value.length > 1000) return null;
  return value;
}

// ---- the browser key ----------------------------------------------------------------------

export const BROWSER_KEY_COOKIE = "anyint-sso-browser";
const BROWSER_KEY = /^[A-Za-z0-9_-]{43}$/;

const hashBrowserKey = (key: string) => createHash("sha256").update(key).digest("base64url");

/** The browser key a Cookie header carries, or null (a malformed value counts as none). */
export function browserKeyFrom(cookieHeader: string | null): string | null {
  for (const part of cookieHeader?.split(";") ?? []) {
    const [name, value] = part.trim().split("=", 2);
    if (name === BROWSER_KEY_COOKIE && value && BROWSER_KEY.test(value)) return value;
  }
  return null;
}

/** The browser's key when it has one (parallel sign-ins in two tabs keep working), else a new one. */
export function browserKeyFor(cookieHeader: string | null): string {
  return browserKeyFrom(cookieHeader) ?? randomBytes(32).toString("base64url");
}

/**
 * The cookie that carries the key for the life of a login state. SameSite=None because the SAML
 * ACS is a cross-site POST from the IdP (a Lax cookie would not be sent); None needs Secure, which
 * browsers also accept on http://localhost. HttpOnly, and only sent to /sso.
 */
export const BROWSER_KEY_COOKIE_OPTIONS = { path: "/sso", maxAge: LOGIN_STATE_TTL_MS / 1000, httpOnly: true, secure: true, sameSite: "none" } as const;

/** The `Set-Cookie` value of the browser key, for route handlers. */
export function browserKeyCookie(key: string): string {
  return `${BROWSER_KEY_COOKIE}=${key}; Path=/sso; Max-Age=${BROWSER_KEY_COOKIE_OPTIONS.maxAge}; HttpOnly; Secure; SameSite=None`;
}
