import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader, Section } from "@/components/ui/section";
import { auditActors, listAuditLogs } from "@/lib/audit/queries";
import { AUDIT_EXPORT_CAP, listAuditLogsQuery } from "@/lib/audit/schemas";
import { requirePage } from "@/lib/server/page";
import { hasFeature, planOf } from "@/lib/orgs/plans";
import { toAppError } from "@/lib/core/errors";
import { AuditFilters } from "./_components/audit-filters";
import { AuditTable } from "./_components/audit-table";

export const metadata: Metadata = { title: "Audit log" };

type Search = Record<string, string | string[] | undefined>;
const FILTERS = ["action", "actorId", "targetId", "start", "end"] as const;

/** datetime-local gives "2026-05-01T09:30" (no zone): the page states times in UTC. */
const utc = (v: string) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v) ? `${v}Z` : v);

export default async function AuditPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Search> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "audit.read");
  if (!access.allowed) return access.screen;
  const { db, org } = access;
  const search = await searchParams;
  const filters: Record<string, string> = {};
  for (const name of FILTERS) {
    const v = search[name];
    if (typeof v === "string" && v.trim()) filters[name] = v.trim();
  }
  const cursor = typeof search.cursor === "string" ? search.cursor : undefined;
  const parsed = listAuditLogsQuery.safeParse({
    ...filters,
    ...(filters.start ? { start: utc(filters.start) } : {}),
    ...(filters.end ? { end: utc(filters.end) } : {}),
    limit: 50,
    cursor,
  });
  let page: Awaited<ReturnType<typeof listAuditLogs>> | null = null;
  let error: string | null = null;
  if (!parsed.success) {
    error = parsed.error.issues.map((i) => `${String(i.path[0] ?? "filter")} ${i.message}`).join("; ");
  } else {
    try {
      page = await listAuditLogs(db, org.id, parsed.data);
    } catch (e) {
      const known = toAppError(e);
      if (!known) throw e;
      error = known.userMessage;
    }
  }
  const actors = await auditActors(db, org.id);
  const query = new URLSearchParams(parsed.success ? Object.entries(parsed.data).filter(([k, v]) => v !== undefined && FILTERS.includes(k as never)).map(([k, v]) => [k, String(v)]) : []);
  const canExport = hasFeature(org.plan, "auditExport");
  const base = `/${org.slug}/audit`;
  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <PageHeader
        title="Audit log"
        actions={
          canExport ? (
            <a href={`${base}/export?${query}`} className={buttonClasses("secondary")} download>
              Export CSV
            </a>
          ) : undefined
        }
      >
        Every change made in the console or through the Admin API: who, what, when, from where, and the change itself. Entries can
        never be changed or deleted.
      </PageHeader>
      <div className="space-y-6">
        {!canExport && (
          <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
            CSV export is not part of the {planOf(org.plan).name} plan: it needs the Enterprise plan. You can still filter and read
            every entry here and through <code className="font-mono">GET /api/v1/audit-logs</code>.
          </p>
        )}
        <Section title="Filter" description="Times are UTC; the end is exclusive. The export follows the same filter.">
          <AuditFilters orgSlug={org.slug} values={filters} actors={actors} />
        </Section>
        <Section
          title="Entries"
          description={canExport ? `Newest first. An export holds at most ${AUDIT_EXPORT_CAP.toLocaleString("en-US")} entries, newest first.` : "Newest first."}
        >
          {error ? (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
              {error}
            </p>
          ) : page && page.data.length === 0 ? (
            <EmptyState title={filtered || cursor ? "No entries match" : "No entries yet"}>
              {filtered ? "Try a wider time range or fewer filters." : "Changes made in this organization will appear here."}
            </EmptyState>
          ) : page ? (
            <>
              <AuditTable entries={page.data} orgSlug={org.slug} />
              <nav aria-label="Audit log pages" className="mt-3 flex gap-2">
                {cursor && (
                  <Link href={`${base}?${query}`} className={buttonClasses("secondary", "sm")}>
                    Newest entries
                  </Link>
                )}
                {page.nextCursor && (
                  <Link href={`${base}?${new URLSearchParams([...query, ["cursor", page.nextCursor]])}`} className={buttonClasses("secondary", "sm")}>
                    Older entries
                  </Link>
                )}
              </nav>
            </>
          ) : null}
        </Section>
      </div>
    </>
  );
}
