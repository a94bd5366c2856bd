import type { Metadata } from "next";
import { OverviewLink } from "./_components/overview-link";

export const metadata: Metadata = { title: "Not found" };

// A page of the organization that does not exist, or that this member may not see: both
// answer the same, so nothing can be probed.
export default function OrgNotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
      <h1 className="text-xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-2 text-slate-700">This page does not exist, or you do not have access to it.</p>
      <OverviewLink />
    </div>
  );
}
