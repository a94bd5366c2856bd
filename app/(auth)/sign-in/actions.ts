"use server";

import { z } from "zod";
import { signIn } from "@/lib/auth";

const input = z.object({ email: z.email("Enter a valid email address"), callbackUrl: z.string().optional() });

export type SignInState = { error?: string; email?: string };

/** Sends a magic link; Auth.js then redirects to the "check your email" page. */
export async function requestMagicLink(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = input.safeParse({ email: form.get("email"), callbackUrl: form.get("callbackUrl") || undefined });
  if (!parsed.success) return { error: parsed.error.issues[0]!.message, email: String(form.get("email") ?? "") };
  const redirectTo = parsed.data.callbackUrl?.startsWith("/") ? parsed.data.callbackUrl : "/";
  await signIn("email", { email: parsed.data.email.toLowerCase(), redirectTo });
  return {};
}
