import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { devMailboxOpenTo, recentDevMail } from "@/lib/email/send";

export const metadata: Metadata = { title: "Development mailbox" };

// Mail that would have been sent, for the embedded demo (or DEV_MAILBOX=on). It holds working
// sign-in links, so it exists only for requests from the loopback interface (docs/security.md).
export default async function DevMailboxPage() {
  await connection();
  if (!devMailboxOpenTo(await headers())) notFound();
  const db = await getDb();
  const mails = await recentDevMail(db);
  return (
    <main className="mx-auto max-w-3xl p-6">
      <h1 className="mb-1 text-xl font-semibold">Development mailbox</h1>
      <p className="mb-4 text-slate-600">
        Email is not configured (no RESEND_API_KEY), so messages land here and in the server log. Newest first.
      </p>
      {mails.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-500">No email yet.</p>
      ) : (
        <ul className="space-y-3">
          {mails.map((m) => (
            <li key={m.id} className="rounded-md border border-slate-200 bg-white p-4">
              <p className="font-medium">{m.subject}</p>
              <p className="text-slate-500">
                To {m.to} · <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
              </p>
              <div className="mt-2 text-slate-800 [&_a]:font-medium [&_a]:text-indigo-700 [&_a]:underline" dangerouslySetInnerHTML={{ __html: m.html }} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
