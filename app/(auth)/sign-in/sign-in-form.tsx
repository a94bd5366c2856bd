"use client";

import Link from "next/link";
import { useActionState } from "react";
import { requestMagicLink, type SignInState } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(requestMagicLink, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <div className="space-y-1">
        <label htmlFor="email" className="block font-medium">
          Work email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email}
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? "email-error" : undefined}
          className="w-full rounded-md border border-slate-300 px-3 py-2"
        />
        {state.error && (
          <p id="email-error" role="alert" className="text-red-700">
            {state.error}
            {state.ssoHref && (
              <>
                {" "}
                <Link href={state.ssoHref} className="font-medium text-indigo-700 underline">
                  Sign in with SSO
                </Link>
              </>
            )}
          </p>
        )}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {pending ? "Sending…" : "Email me a sign-in link"}
      </button>
    </form>
  );
}
