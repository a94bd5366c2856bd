"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { signIn } from "@/lib/auth";
import { limitedSignIn, tooManyAttempts } from "@/lib/auth/sign-in-limit";
import { magicLinkRefusal } from "@/lib/security/enforcement";
import { clientIp } from "@/lib/core/request";

const input = z.object({ email: z.email("Enter a valid email address"), callbackUrl: z.string().optional() });

export type SignInState = { error?: string; email?: string; ssoHref?: string };

/** Sends a magic link; Auth.js then redirects to the "check your email" page. */
export async function requestMagicLink(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = input.safeParse({ email: form.get("email"), callbackUrl: form.get("callbackUrl") || undefined });
  if (!parsed.success) return { error: parsed.error.issues[0]!.message, email: String(form.get("email") ?? "") };
  const email = parsed.data.email.toLowerCase();
  const redirectTo = parsed.data.callbackUrl?.startsWith("/") && !parsed.data.callbackUrl.startsWith("//") ? parsed.data.callbackUrl : "/";
  // users of a domain whose organization enforces SSO sign in only through it
  const refusal = await magicLinkRefusal(await getDb(), email, redirectTo === "/" ? undefined : redirectTo);
  if (refusal) return { error: refusal.message, email, ssoHref: refusal.ssoPath };
  // the limit is counted where Auth.js sends the link (lib/auth/config.ts): one counter for this form and the endpoint
  const outcome = await limitedSignIn(clientIp(await headers()), () => signIn("email", { email, redirectTo }));
  return outcome.limited ? { error: tooManyAttempts(outcome.retryAfter), email } : {};
}
