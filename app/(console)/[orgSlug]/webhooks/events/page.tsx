import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader, Section } from "@/components/ui/section";
import { EVENT_TYPES } from "@/lib/events/catalog";
import { requirePage } from "@/lib/server/page";
import { areaGroups, EVENT_AREAS, EVENT_DESCRIPTIONS } from "@/lib/webhooks/catalog";
import { samplePayload } from "@/lib/webhooks/samples";

export const metadata: Metadata = { title: "Event catalog" };

export default async function EventCatalogPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "webhook.read");
  if (!access.allowed) return access.screen;
  const { org } = access;
  return (
    <>
      <PageHeader title="Event catalog">
        <p>
          Every event a webhook endpoint can receive, with a sample payload. Each request carries the headers{" "}
          <code>webhook-id</code> (the event id, the same on every retry: use it to ignore duplicates),{" "}
          <code>webhook-timestamp</code> and <code>webhook-signature</code>; verify them with a Standard Webhooks library and
          the endpoint&apos;s <code>whsec_</code> secret. <Link href={`/${org.slug}/webhooks`} className="font-medium text-indigo-700 hover:underline">Back to webhooks</Link>
        </p>
      </PageHeader>
      <div className="space-y-6">
        {EVENT_AREAS.map((area) => (
          <Section key={area.id} title={area.label} description={area.id === "webhooks" ? "Sent only to the endpoint it tests." : <>Subscribe to all of them with <code>{areaGroups(area).join(", ")}</code>.</>}>
            <ul className="divide-y divide-slate-100">
              {EVENT_TYPES.filter((t) => area.prefixes.some((p) => t.startsWith(p))).map((type) => (
                <li key={type} className="py-3">
                  <h3 id={type} className="font-mono text-sm font-semibold text-slate-900">
                    {type}
                  </h3>
                  <p className="text-slate-700">{EVENT_DESCRIPTIONS[type]}</p>
                  <details className="mt-1">
                    <summary className="cursor-pointer font-medium text-indigo-700">
                      Sample payload<span className="sr-only"> of {type}</span>
                    </summary>
                    <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
                      {JSON.stringify(samplePayload(type), null, 2)}
                    </pre>
                  </details>
                </li>
              ))}
            </ul>
          </Section>
        ))}
      </div>
    </>
  );
}
