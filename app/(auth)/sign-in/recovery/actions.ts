"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { consoleIsSecure, sessionCookieName } from "@/lib/auth/issue-session";
import { recoveryRetryAfter, tooManyAttempts } from "@/lib/auth/sign-in-limit";
import { RECOVERY_REFUSAL, redeemRecoveryCode } from "@/lib/security/recovery-codes";
import { AppError } from "@/lib/core/errors";
import { logUnexpected } from "@/lib/core/log-error";
import { clientIp, newRequestId, requestIdFrom } from "@/lib/core/request";

const input = z.object({
  email: z.email("Enter the email address of your account"),
  code: z.string().trim().min(1, "Enter one of your recovery codes").max(64, "That is not a recovery code"),
});

export type RecoveryState = { error?: string; field?: "email" | "code"; email?: string };

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
  // per address and per client IP, before the code is looked at (lib/auth/sign-in-limit.ts)
  const wait = await recoveryRetryAfter(email, ip);
  if (wait > 0) return { error: tooManyAttempts(wait), email };
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
    logUnexpected(newRequestId(), "sign-in with a recovery code", error);
    return { error: "Something went wrong on our side. Try again.", email };
  }
  redirect(`/${slug}`);
}
