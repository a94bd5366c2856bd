import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader, Section } from "@/components/ui/section";
import { hasFeature, planOf } from "@/lib/orgs/plans";
import { requirePage } from "@/lib/server/page";
import { listEndpoints } from "@/lib/webhooks/service";
import { EndpointForm } from "./_components/endpoint-form";
import { EndpointsTable } from "./_components/endpoints-table";
import { WebhooksUnavailable } from "./_components/webhooks-unavailable";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "webhook.read");
  if (!access.allowed) return access.screen;
  const { db, ctx, org, can } = access;
  const header = (
    <PageHeader
      title="Webhooks"
      actions={
        <Link href={`/${org.slug}/webhooks/events`} className="font-medium text-indigo-700 hover:underline">
          Event catalog
        </Link>
      }
    >
      Events of the organization sent to your systems, signed per Standard Webhooks and retried until they are received.
    </PageHeader>
  );

  if (!hasFeature(org.plan, "webhooks")) {
    return (
      <>
        {header}
        <WebhooksUnavailable orgSlug={org.slug} planName={planOf(org.plan).name} />
      </>
    );
  }

  const { data: endpoints } = await listEndpoints(db, ctx, { limit: 100 });
  return (
    <>
      {header}
      <div className="space-y-6">
        {can("webhook.manage") && (
          <Section title="Add an endpoint" description="The endpoint receives a POST per event, and must answer 2xx within 15 seconds.">
            <EndpointForm orgSlug={org.slug} />
          </Section>
        )}
        <Section title="Endpoints" description="Open an endpoint for its delivery log, test events, secret rotation and settings.">
          <EndpointsTable orgSlug={org.slug} endpoints={endpoints} />
        </Section>
      </div>
    </>
  );
}
