import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/section";
import { governanceOverview, type GovernanceCheck } from "@/lib/governance";
import { requirePage } from "@/lib/server/page";

export const metadata: Metadata = { title: "Governance" };

const STATUS = {
  ok: { tone: "success", label: "OK" },
  attention: { tone: "warning", label: "Needs attention" },
  info: { tone: "neutral", label: "For information" },
} as const;

function Check({ check }: { check: GovernanceCheck }) {
  const headingId = `check-${check.id}`;
  const status = STATUS[check.status];
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white shadow-xs">
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <div className="min-w-0">
          <h2 id={headingId} className="font-semibold text-slate-900">
            {check.question}
          </h2>
          <p className="mt-0.5 text-slate-700">{check.summary}</p>
        </div>
        <Badge tone={status.tone}>{status.label}</Badge>
      </header>
      <div className="space-y-3 p-4">
        {check.counts.length > 0 && (
          <dl className="flex flex-wrap gap-x-6 gap-y-1">
            {check.counts.map((c) => (
              <div key={c.label} className="flex items-baseline gap-1.5">
                <dd className="text-lg font-semibold text-slate-900">{c.value}</dd>
                <dt className="text-slate-600">{c.label}</dt>
              </div>
            ))}
          </dl>
        )}
        {check.items.length > 0 && (
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
            {check.items.map((item, i) => (
              <li key={`${item.label}-${i}`} className="flex flex-wrap items-baseline justify-between gap-2 px-3 py-1.5">
                <span className="min-w-0">
                  {item.href ? (
                    <Link href={item.href} className="font-medium text-indigo-700 hover:underline">
                      {item.label}
                    </Link>
                  ) : (
                    <span className="font-medium text-slate-900">{item.label}</span>
                  )}
                  <span className="text-slate-600"> · {item.detail}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
        {check.itemCount > check.items.length && (
          <p className="text-slate-600">
            Showing {check.items.length} of {check.itemCount}.
          </p>
        )}
        <details className="text-slate-600">
          <summary className="cursor-pointer font-medium text-slate-700">How this is decided</summary>
          <p className="mt-1">{check.definition}</p>
        </details>
        {check.fix && (
          <p>
            <Link href={check.fix.href} className="font-medium text-indigo-700 hover:underline">
              {check.fix.label} →
            </Link>
          </p>
        )}
      </div>
    </section>
  );
}

export default async function GovernancePage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "org.read");
  if (!access.allowed) return access.screen;
  const { db, org } = access;
  const checks = await governanceOverview(db, (permission) => access.can(permission), org);
  const attention = checks.filter((c) => c.status === "attention").length;

  return (
    <>
      <PageHeader title="Governance">
        The organization&apos;s governance questions, answered from live data.{" "}
        {attention ? `${attention} ${attention === 1 ? "answer needs" : "answers need"} attention.` : "Nothing needs attention."} You see
        the questions your role may read.
      </PageHeader>
      <div className="space-y-4">
        {checks.map((c) => (
          <Check key={c.id} check={c} />
        ))}
      </div>
    </>
  );
}
