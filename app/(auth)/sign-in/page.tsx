import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { devMailboxOpenTo } from "@/lib/email/send";
import { sessionEndedFromQuery } from "@/lib/security/session-policy";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type SignInQuery = { callbackUrl?: string; reason?: string; org?: string; limit?: string };

export default async function SignInPage({ searchParams }: { searchParams: Promise<SignInQuery> }) {
  const query = await searchParams;
  const { callbackUrl } = query;
  // a session ended by an organization's session policy (lib/security/session-policy.ts)
  const sessionEnded = sessionEndedFromQuery(query);
  const mailbox = devMailboxOpenTo(await headers());
  return (
    <>
      {sessionEnded && (
        <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
          {sessionEnded}
        </p>
      )}
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-5 text-slate-600">We will email you a link that signs you in. No password needed.</p>
      <SignInForm callbackUrl={callbackUrl} />
      <p className="mt-4 text-center">
        <Link href={callbackUrl ? `/sign-in/sso?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in/sso"} className="font-medium text-indigo-700 hover:underline">
          Sign in with SSO
        </Link>
      </p>
      {mailbox && (
        <p className="mt-5 rounded-md bg-amber-50 p-3 text-amber-900">
          Email is not configured, so links go to the{" "}
          <Link href="/dev/mailbox" className="font-medium underline">
            development mailbox
          </Link>{" "}
          and the server log.
        </p>
      )}
    </>
  );
}
