// How a key's attributes read in the table and on its page.

import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { KeyView } from "@/lib/keys/service";

const STATUS: Record<KeyView["status"], { tone: BadgeTone; label: string }> = {
  active: { tone: "success", label: "Active" },
  revoked: { tone: "danger", label: "Revoked" },
  expired: { tone: "neutral", label: "Expired" },
};

export function KeyStatusBadge({ status }: { status: KeyView["status"] }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 models · 1 route · 3 IP ranges · 60/min", or "None". */
export function restrictionSummary(k: KeyView): string {
  const parts = [
    k.allowedModels.length > 0 && plural(k.allowedModels.length, "model"),
    k.allowedRoutes.length > 0 && plural(k.allowedRoutes.length, "route"),
    k.ipAllowlist.length > 0 && plural(k.ipAllowlist.length, "IP range"),
    k.rateLimitPerMinute !== null && `${k.rateLimitPerMinute}/min`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : "None";
}

/** The owner as a person reads it: an email, or a service account's name. */
export function KeyOwner({ owner }: { owner: KeyView["owner"] }) {
  if (!owner) return <Badge tone="warning">No owner</Badge>;
  if (owner.type === "user") {
    return (
      <span>
        {owner.name} {owner.lostAccess && <Badge tone="warning">Owner lost access</Badge>}
      </span>
    );
  }
  return (
    <span>
      {owner.name} <span className="text-xs text-slate-600">(service account)</span>
    </span>
  );
}
