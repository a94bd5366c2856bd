import type { Metadata } from "next";
import Link from "next/link";
import { isRefusalReason, SSO_REFUSALS } from "@/lib/sso/refusals";

export const metadata: Metadata = { title: "Single sign-on failed" };

// GET /sso/error?reason=CODE — why an SSO sign-in was refused, and the way back
export default async function SsoErrorPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  const refusal = SSO_REFUSALS[isRefusalReason(reason) ? reason : "SIGN_IN_FAILED"];
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">{refusal.title}</h1>
      <div role="alert" className="space-y-3 text-slate-700">
        <p>{refusal.message}</p>
        <p className="text-xs text-slate-500">
          Reason code: <code>{isRefusalReason(reason) ? reason : "SIGN_IN_FAILED"}</code>. Nobody was signed in.
        </p>
      </div>
      <p className="mt-4">
        <Link href="/sign-in" className="font-medium text-indigo-700 underline">
          Back to sign-in
        </Link>
      </p>
    </>
  );
}
