import Link from "next/link";
import { PLANS } from "@/lib/orgs/plans";

const WITH_WEBHOOKS = Object.values(PLANS)
  .filter((p) => (p.features as readonly string[]).includes("webhooks"))
  .map((p) => p.name)
  .join(" and ");

/** Shown instead of the endpoints when the organization's plan has no webhooks. */
export function WebhooksUnavailable({ orgSlug, planName }: { orgSlug: string; planName: string }) {
  return (
    <div role="status" className="rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
      <p className="font-semibold text-slate-900">Webhooks are not part of the {planName} plan.</p>
      <p className="mt-1 text-slate-700">
        Webhooks send the organization&apos;s events (keys, members, projects, security changes) to your systems as signed
        HTTPS requests. They come with the {WITH_WEBHOOKS} plans; an owner can change the plan.
      </p>
      <p className="mt-2">
        <Link href={`/${orgSlug}/webhooks/events`} className="font-medium text-indigo-700 hover:underline">
          See the event catalog
        </Link>{" "}
        to know what you would receive.
      </p>
    </div>
  );
}
