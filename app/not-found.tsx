import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

// Unknown addresses and organizations the user is not a member of answer the same way.
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="mb-4 text-xs font-semibold tracking-wide text-indigo-700 uppercase">AnyInt Console</p>
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="mt-2 text-slate-700">
          This page does not exist, or it belongs to an organization you are not a member of.
        </p>
        <Link href="/" className={buttonClasses("primary", "md", "mt-4")}>
          Go to your console
        </Link>
      </div>
    </main>
  );
}
