import type { Metadata } from "next";
import Link from "next/link";
import { SsoForm } from "./sso-form";

export const metadata: Metadata = { title: "Sign in with SSO" };
export const dynamic = "force-dynamic";

type Query = { email?: string; enforced?: string; callbackUrl?: string };

// GET /sign-in/sso — single sign-on by work email (its verified domain) or organization name
export default async function SsoSignInPage({ searchParams }: { searchParams: Promise<Query> }) {
  const { email, enforced, callbackUrl } = await searchParams;
  const back = callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in";
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in with SSO</h1>
      <p className="mb-5 text-slate-600">Continue with your organization&apos;s identity provider (Okta, Entra ID, Google Workspace…).</p>
      {enforced && email && (
        <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
          {email.slice(email.lastIndexOf("@") + 1)} signs in with single sign-on only, so no email link is sent. Continue below.
        </p>
      )}
      <SsoForm email={email} callbackUrl={callbackUrl} />
      <div className="mt-5 space-y-1 border-t border-slate-200 pt-4 text-center">
        <p>
          <Link href={back} className="font-medium text-indigo-700 hover:underline">
            Sign in with an email link instead
          </Link>
        </p>
        <p>
          <Link href="/sign-in/recovery" className="text-slate-700 hover:underline">
            Owner locked out? Use a recovery code
          </Link>
        </p>
      </div>
    </>
  );
}
