import type { Metadata } from "next";
import Link from "next/link";
import { usesDevMailbox } from "@/lib/email/send";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-5 text-slate-600">We will email you a link that signs you in. No password needed.</p>
      <SignInForm callbackUrl={callbackUrl} />
      {usesDevMailbox() && (
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
