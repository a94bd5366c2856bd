import type { Metadata } from "next";
import { OverviewLink } from "./_components/overview-link";

export const metadata: Metadata = { title: "Not found" };

// An address of the organization with nothing at it (HTTP 404): no such page, or an object
// (project, key, webhook, SSO connection, invoice…) this organization does not have, another
// organization's included, so nothing of other organizations can be probed. A page that exists
// but needs a permission the member lacks shows the access screen instead (requirePage).
export default function OrgNotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
      <h1 className="text-xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-2 text-slate-700">There is nothing at this address in this organization: it may be mistyped, or what it showed was deleted.</p>
      <OverviewLink />
    </div>
  );
}
