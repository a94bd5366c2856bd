import type { Metadata } from "next";
import Link from "next/link";
import { RecoveryForm } from "./recovery-form";

export const metadata: Metadata = { title: "Sign in with a recovery code" };
export const dynamic = "force-dynamic";

// GET /sign-in/recovery — owners' break-glass sign-in when single sign-on is unavailable
export default function RecoverySignInPage() {
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in with a recovery code</h1>
      <p className="mb-5 text-slate-600">
        For owners when single sign-on is enforced and the identity provider cannot sign you in. Every use is recorded in the audit log and
        emailed to the organization&apos;s owners and security owners.
      </p>
      <RecoveryForm />
      <p className="mt-5 border-t border-slate-200 pt-4 text-center">
        <Link href="/sign-in/sso" className="font-medium text-indigo-700 hover:underline">
          Back to Sign in with SSO
        </Link>
      </p>
    </>
  );
}
