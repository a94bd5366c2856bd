import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader, Section } from "@/components/ui/section";
import { requirePage } from "@/lib/server/page";
import { toAppError } from "@/lib/core/errors";
import { listDeliveries } from "@/lib/webhooks/deliveries";
import { getEndpoint } from "@/lib/webhooks/service";
import { EndpointForm } from "../_components/endpoint-form";
import { EndpointStatus } from "../_components/endpoint-status";
import { DeliveryPanel } from "./_components/delivery-panel";
import { EndpointActions } from "./_components/endpoint-actions";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function EndpointPage({ params }: { params: Promise<{ orgSlug: string; webhookId: string }> }) {
  const { orgSlug, webhookId } = await params;
  const access = await requirePage(orgSlug, "webhook.read");
  if (!access.allowed) return access.screen;
  const { db, ctx, org, can } = access;
  const endpoint = await getEndpoint(db, ctx, webhookId).catch((error: unknown) => {
    if (toAppError(error)?.code === "NOT_FOUND") notFound();
    throw error;
  });
  const log = await listDeliveries(db, ctx, webhookId, { limit: 100 });
  const canManage = can("webhook.manage");

  return (
    <>
      <p className="mb-2">
        <Link href={`/${org.slug}/webhooks`} className="font-medium text-indigo-700 hover:underline">
          ← Webhooks
        </Link>
      </p>
      <PageHeader title={<span className="break-all">{endpoint.url}</span>}>
        <div className="flex flex-wrap items-center gap-2">
          <EndpointStatus endpoint={endpoint} />
          {endpoint.description && <span>{endpoint.description}</span>}
        </div>
      </PageHeader>
      <div className="space-y-6">
        {canManage && (
          <Section title="Actions">
            <EndpointActions orgSlug={org.slug} endpoint={endpoint} />
          </Section>
        )}
        <Section title="Delivery log" description="Every event sent to this endpoint, newest first, with each attempt.">
          <DeliveryPanel orgSlug={org.slug} organizationId={org.id} endpointId={webhookId} canManage={canManage} initial={log.data} />
        </Section>
        {canManage && (
          <Section title="Settings" description="Where events go and which ones. Changes apply to events from now on.">
            <EndpointForm orgSlug={org.slug} endpoint={endpoint} />
          </Section>
        )}
      </div>
    </>
  );
}
