import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Sign-in failed" };

const MESSAGES: Record<string, string> = {
  Verification: "This sign-in link has expired or was already used. Ask for a new one.",
  AccessDenied: "You are not allowed to sign in with this account.",
  RateLimited: "Too many sign-in attempts. Wait a minute, then try again.",
  Configuration: "Sign-in is not configured correctly on this server. Tell your administrator.",
};

export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Sign-in failed</h1>
      <p role="alert" className="text-slate-700">
        {MESSAGES[error ?? ""] ?? "Something went wrong while signing you in. Try again."}
      </p>
      <p className="mt-4">
        <Link href="/sign-in" className="font-medium text-indigo-700 underline">
          Back to sign-in
        </Link>
      </p>
    </>
  );
}
