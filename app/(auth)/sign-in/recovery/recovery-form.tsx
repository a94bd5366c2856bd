"use client";

import { useActionState } from "react";
import { signInWithRecoveryCode, type RecoveryState } from "./actions";

const inputClasses = "w-full rounded-md border border-slate-300 px-3 py-2";

export function RecoveryForm() {
  const [state, action, pending] = useActionState<RecoveryState, FormData>(signInWithRecoveryCode, {});
  const emailError = state.error && state.field === "email";
  const codeError = state.error && state.field === "code";
  return (
    <form action={action} className="space-y-4" noValidate>
      <div className="space-y-1">
        <label htmlFor="recovery-email" className="block font-medium">
          Email
        </label>
        <input
          id="recovery-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email}
          aria-invalid={emailError ? true : undefined}
          className={inputClasses}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="recovery-code" className="block font-medium">
          Recovery code
        </label>
        <input
          id="recovery-code"
          name="code"
          type="text"
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          required
          aria-invalid={codeError ? true : undefined}
          aria-describedby="recovery-code-hint"
          className={`${inputClasses} font-mono`}
        />
        <p id="recovery-code-hint" className="text-xs text-slate-600">
          One of the ten codes you saved, such as 4k7pd-x2m9q-… (dashes and case do not matter). Each works once.
        </p>
      </div>
      <div role="status" aria-live="polite">
        {state.error && <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">{state.error}</p>}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {pending ? "Checking…" : "Sign in with recovery code"}
      </button>
    </form>
  );
}
