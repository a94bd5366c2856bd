import type { Metadata } from "next";
import Link from "next/link";
import type { Queryable } from "@/db/client";
import { policyHints } from "@/components/keys/restriction-fields";
import { ChainStack } from "@/components/limits/chain-stack";
import { LimitsEditor } from "@/components/limits/limits-editor";
import { MonitorChart } from "@/components/limits/monitor-chart";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader, Section } from "@/components/ui/section";
import { getKeyPolicy } from "@/lib/keys/policy";
import { effectiveLimits } from "@/lib/limits/effective";
import { getLimits, limitTarget } from "@/lib/limits/settings";
import { modelCatalogFor } from "@/lib/models/service";
import type { RequestContext } from "@/lib/core/context";
import { requirePage } from "@/lib/server/page";
import { keyTitle, resolveProjectKey } from "../../_lib/load-project";
import { KeyStatusBadge } from "../_components/key-cells";
import { AccessExplainer } from "./_components/access-explainer";
import { KeyDetails } from "./_components/key-details";
import { RestrictionsForm } from "./_components/restrictions-form";
import { RevokeKey } from "./_components/revoke-key";
import { RotateKey } from "./_components/rotate-key";

type Params = { orgSlug: string; projectSlug: string; keyId: string };

/** The chain for "all models" and the key's own limits, read here for the first render, and when. */
async function readLimits(db: Queryable, ctx: RequestContext, keyId: string) {
  const at = Date.now();
  const [chain, view] = await Promise.all([effectiveLimits(db, ctx, keyId), limitTarget(db, ctx, "key", keyId).then((t) => getLimits(db, t, at))]);
  return { chain, view, at, today: new Date(at).toISOString().slice(0, 10) };
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { orgSlug, projectSlug, keyId } = await params;
  return keyTitle(orgSlug, projectSlug, keyId);
}

export default async function KeyPage({ params }: { params: Promise<Params> }) {
  const { orgSlug, projectSlug, keyId } = await params;
  const { project, key, target: keyTarget } = await resolveProjectKey(orgSlug, projectSlug, keyId);
  const access = await requirePage(orgSlug, "key.read", keyTarget);
  if (!access.allowed) return access.screen;
  const { db, ctx, org, can } = access;
  const keysPath = `/${org.slug}/projects/${project.slug}/keys`;
  const changeable = key.status !== "revoked" && project.archivedAt === null;
  const catalog = await modelCatalogFor(db, org.id);
  const policy = await getKeyPolicy(db, org.id);
  const models = catalog.map((m) => ({ value: m.id, label: `${m.displayName} (${m.id})` }));
  const limits = can("usage.read", keyTarget) ? await readLimits(db, ctx, key.id) : null;
  const usable = key.effectiveModels ?? catalog.filter((m) => m.allowed).map((m) => m.id);
  const chainModels = models.filter((m) => usable.includes(m.value));
  const defaults = {
    allowedModels: key.allowedModels,
    allowedRoutes: key.allowedRoutes,
    ipAllowlist: key.ipAllowlist,
    expiresOn: key.expiresAt?.slice(0, 10) ?? "",
    rateLimitPerMinute: key.rateLimitPerMinute,
  };

  return (
    <>
      <p className="mb-2">
        <Link href={keysPath} className="font-medium text-indigo-700 hover:underline">
          ← Keys of {project.name}
        </Link>
      </p>
      <PageHeader
        title={key.name}
        actions={can("key.revoke", keyTarget) && key.status !== "revoked" && <RevokeKey orgSlug={org.slug} keyId={key.id} keyName={key.name} />}
      >
        <code className="font-mono">
          {key.start}…{key.last4}
        </code>{" "}
        · <KeyStatusBadge status={key.status} /> · {key.environment} · {project.name}
      </PageHeader>
      <div className="space-y-6">
        {key.revokedAt && (
          <div className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-900">
            <strong className="font-semibold">
              Revoked on <DateTime value={key.revokedAt} withTime />
            </strong>
            : every call with this key is refused. Revoking is permanent.
          </div>
        )}
        {project.archivedAt && (
          <p className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900">
            The project is archived: this key does not verify and cannot be changed until the project is restored.
          </p>
        )}
        <Section title="Details">
          <KeyDetails keyView={key} modelsPath={`/${org.slug}/models`} />
        </Section>
        {changeable && can("key.update", keyTarget) && (
          <Section title="Restrictions" description="Empty fields lift that restriction. Changes apply to the next verification.">
            <RestrictionsForm
              orgSlug={org.slug}
              keyId={key.id}
              name={key.name}
              defaults={defaults}
              hints={policyHints(policy, { creating: false, environment: key.environment })}
            />
          </Section>
        )}
        {limits && (
          <Section
            title="Limits"
            description="The chain this key is held against, key first: every budget and rate limit must have room, and the one with the least room left decides."
          >
            <div className="space-y-6">
              <ChainStack
                organizationId={org.id}
                keyId={key.id}
                models={chainModels}
                names={{ key: key.name, project: project.name, organization: org.name }}
                initial={{ data: limits.chain, at: limits.at }}
              />
              <div className="space-y-4 border-t border-slate-200 pt-4">
                <p className="text-slate-700">
                  <strong className="font-semibold text-slate-900">Set on this key</strong>: its own budgets and rate limits, besides the project&apos;s and
                  the organization&apos;s.
                </p>
                <LimitsEditor
                  level="key"
                  targetId={key.id}
                  organizationId={org.id}
                  initial={limits.view}
                  canBudgets={can("budget.manage", keyTarget)}
                  canRates={can("key.update", keyTarget)}
                  models={usable}
                  disabled={!changeable}
                />
              </div>
              {limits.view.monitorRefusals.some((d) => d.refusals > 0) && (
                <div className="border-t border-slate-200 pt-4">
                  <MonitorChart days={limits.view.monitorRefusals} today={limits.today} />
                </div>
              )}
            </div>
          </Section>
        )}
        {changeable && can("key.rotate", keyTarget) && (
          <Section title="Rotate" description="Issue a new secret. The key keeps its id, restrictions, usage and audit trail.">
            <RotateKey orgSlug={org.slug} keyId={key.id} keyName={key.name} />
          </Section>
        )}
        <Section
          title="Access explainer"
          description="Every check of verification, in order, for a model, a route and an IP, with the level that decided it. Nothing is counted against the rate limit."
        >
          {/* keyed by the key's state, so an answer about an older state does not linger */}
          <AccessExplainer
            key={`${key.updatedAt}-${key.status}-${key.last4}`}
            orgSlug={org.slug}
            keyId={key.id}
            models={models}
            defaultModel={key.effectiveModels?.[0]}
          />
        </Section>
      </div>
    </>
  );
}
