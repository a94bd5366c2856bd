import { ROLE_LABELS } from "@/lib/rbac";
import type { TestResult } from "@/lib/sso/complete";
import { SSO_REFUSALS } from "@/lib/sso/refusals";

/** What the last test sign-in returned, shown on the connection page after the IdP sends the browser back. */
export function TestResultPanel({ result }: { result: TestResult }) {
  if (!result.ok) {
    const refusal = SSO_REFUSALS[result.reason];
    return (
      <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4">
        <p className="font-semibold text-red-900">Test sign-in failed: {refusal.title.toLowerCase()}.</p>
        <p className="mt-1 text-red-900">{refusal.message}</p>
        <p className="mt-2 font-mono text-xs break-words text-red-800">
          {result.reason}: {result.detail}
        </p>
      </div>
    );
  }
  return (
    <div role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <p className="font-semibold text-emerald-900">Test sign-in passed. Nobody was signed in and no member was added.</p>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-slate-800">
        <dt className="font-medium">Email</dt>
        <dd>{result.email}</dd>
        <dt className="font-medium">Name</dt>
        <dd>{result.name ?? "—"}</dd>
        <dt className="font-medium">Groups</dt>
        <dd>{result.groups.length ? result.groups.join(", ") : "none sent"}</dd>
        <dt className="font-medium">Role at sign-in</dt>
        <dd>{result.roleName ?? ROLE_LABELS[result.role as keyof typeof ROLE_LABELS] ?? result.role}</dd>
      </dl>
      {!result.domainVerified && (
        <p className="mt-2 font-medium text-amber-900">
          {result.email.split("@")[1]} is not a verified domain of this organization: a real sign-in with this address would be refused.
          Verify it under Domains.
        </p>
      )}
    </div>
  );
}
