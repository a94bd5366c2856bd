"use client";

import { useActionState, useEffect } from "react";
import { findSsoConnection, type SsoDiscoveryState } from "./actions";

/** The "Sign in with SSO" form: one field, then the IdP (or a choice of connections). */
export function SsoForm({ email, callbackUrl }: { email?: string; callbackUrl?: string }) {
  const [state, action, pending] = useActionState<SsoDiscoveryState, FormData>(findSsoConnection, {});
  useEffect(() => {
    if (state.redirectTo) window.location.assign(state.redirectTo);
  }, [state]);
  const going = pending || !!state.redirectTo;
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4" noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
        <div className="space-y-1">
          <label htmlFor="identifier" className="block font-medium">
            Work email or organization
          </label>
          <input
            id="identifier"
            name="identifier"
            type="text"
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            defaultValue={state.identifier ?? email}
            aria-invalid={state.error ? true : undefined}
            aria-describedby={state.error ? "identifier-hint identifier-error" : "identifier-hint"}
            className="w-full rounded-md border border-slate-300 px-3 py-2"
          />
          <p id="identifier-hint" className="text-xs text-slate-600">
            For example you@acme.com, or the name in your console address (acme).
          </p>
          {state.error && (
            <p id="identifier-error" role="alert" className="text-red-700">
              {state.error}
            </p>
          )}
        </div>
        <button
          type="submit"
          disabled={going}
          className="w-full rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          {going ? (state.redirectTo ? "Redirecting to your identity provider…" : "Looking up…") : "Continue"}
        </button>
      </form>
      {state.choices && (
        <nav aria-label={`Sign-in options of ${state.choices.organizationName}`} className="space-y-2">
          <p className="font-medium">{state.choices.organizationName} has several identity providers. Choose yours:</p>
          <ul className="space-y-2">
            {state.choices.options.map((o) => (
              <li key={o.href}>
                {/* a full navigation: the start route answers with a redirect to the IdP */}
                <a href={o.href} className="block rounded-md border border-slate-300 px-3 py-2 font-medium hover:bg-slate-50">
                  {o.name} <span className="text-xs text-slate-600">({o.protocol})</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </div>
  );
}
