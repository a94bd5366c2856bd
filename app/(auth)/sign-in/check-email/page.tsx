import type { Metadata } from "next";
import Link from "next/link";
import { usesDevMailbox } from "@/lib/email/send";

export const metadata: Metadata = { title: "Check your email" };
export const dynamic = "force-dynamic";

export default function CheckEmailPage() {
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Check your email</h1>
      <p className="text-slate-600">A sign-in link is on its way. It works once and expires in 24 hours.</p>
      {usesDevMailbox() && (
        <p className="mt-4">
          <Link href="/dev/mailbox" className="font-medium text-indigo-700 underline">
            Open the development mailbox
          </Link>
        </p>
      )}
    </>
  );
}
