import Link from "next/link";
import type { ReactNode } from "react";
import { DateTime } from "@/components/ui/date-time";
import type { KeyView } from "@/lib/keys/service";
import { KeyOwner, KeyStatusBadge } from "../../_components/key-cells";

const none = (text: string) => <span className="text-slate-600">{text}</span>;

function Codes({ values, empty }: { values: string[]; empty: string }) {
  if (values.length === 0) return none(empty);
  return (
    <ul className="flex flex-wrap gap-1">
      {values.map((v) => (
        <li key={v} className="rounded border border-slate-200 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-800">
          {v}
        </li>
      ))}
    </ul>
  );
}

/** What the key may call: organization ∩ project ∩ key (null: no level restricts anything). */
function EffectiveModels({ models, modelsPath }: { models: string[] | null; modelsPath: string }) {
  if (models === null) {
    return (
      <>
        Every model of the{" "}
        <Link href={modelsPath} className="font-medium text-indigo-700 hover:underline">
          catalog
        </Link>
      </>
    );
  }
  if (models.length === 0) {
    return <span className="font-medium text-red-800">None: the organization, project and key lists have no model in common</span>;
  }
  return <Codes values={models} empty="" />;
}

/** Every attribute of a key, as a description list. */
export function KeyDetails({ keyView: k, modelsPath }: { keyView: KeyView; modelsPath: string }) {
  const rows: { term: string; value: ReactNode }[] = [
    { term: "Key", value: <code className="font-mono">{k.start}…{k.last4}</code> },
    { term: "Key ID", value: <span className="font-mono">{k.id}</span> },
    { term: "Status", value: <KeyStatusBadge status={k.status} /> },
    { term: "Environment", value: k.environment },
    { term: "Owner", value: <KeyOwner owner={k.owner} /> },
    { term: "Created", value: <DateTime value={k.createdAt} withTime /> },
    { term: "Updated", value: <DateTime value={k.updatedAt} withTime /> },
    {
      term: "Last used",
      value: (
        <>
          <DateTime value={k.lastUsedAt} withTime fallback="Never" />
          {k.lastUsedIp && <> from <span className="font-mono">{k.lastUsedIp}</span></>}
        </>
      ),
    },
    { term: "Expires", value: <DateTime value={k.expiresAt} withTime fallback="Never" /> },
    ...(k.revokedAt ? [{ term: "Revoked", value: <DateTime value={k.revokedAt} withTime /> }] : []),
    { term: "Requests per minute", value: k.rateLimitPerMinute ?? none("No limit") },
    { term: "Allowed routes", value: <Codes values={k.allowedRoutes} empty="Every route" /> },
    { term: "IP allowlist", value: <Codes values={k.ipAllowlist} empty="Any address" /> },
    { term: "Allowed models (key)", value: <Codes values={k.allowedModels} empty="Inherited from the project" /> },
    { term: "Effective allowed models", value: <EffectiveModels models={k.effectiveModels} modelsPath={modelsPath} /> },
  ];
  return (
    <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
      {rows.map(({ term, value }) => (
        <div key={term} className="contents">
          <dt className="font-medium text-slate-700">{term}</dt>
          <dd className="text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
