import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { devMailboxOpenTo } from "@/lib/email/send";

export const metadata: Metadata = { title: "Check your email" };
export const dynamic = "force-dynamic";

export default async function CheckEmailPage() {
  const mailbox = devMailboxOpenTo(await headers());
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Check your email</h1>
      <p className="text-slate-600">A sign-in link is on its way. It works once and expires in 24 hours.</p>
      {mailbox && (
        <p className="mt-4">
          <Link href="/dev/mailbox" className="font-medium text-indigo-700 underline">
            Open the development mailbox
          </Link>
        </p>
      )}
    </>
  );
}
