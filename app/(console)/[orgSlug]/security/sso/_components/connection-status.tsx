import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/components/ui/date-time";

export type StatusInput = { enabled: boolean; tested: boolean; testedAt: string | null; testedByEmail: string | null };

/** Not tested / Tested on … by … / Settings changed since the test; and whether it is turned off. */
export function ConnectionStatus({ connection: c }: { connection: StatusInput }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {c.tested ? (
        <Badge tone="success">Tested</Badge>
      ) : c.testedAt ? (
        <Badge tone="warning">Changed since the test</Badge>
      ) : (
        <Badge tone="neutral">Not tested</Badge>
      )}
      {!c.enabled && <Badge tone="danger">Off</Badge>}
      <span className="text-xs text-slate-600">{statusText(c)}</span>
    </div>
  );
}

export function statusText(c: StatusInput): string {
  const by = c.testedByEmail ? ` by ${c.testedByEmail}` : "";
  if (c.tested && c.testedAt) return `Tested on ${formatDate(c.testedAt, true)}${by}.`;
  if (c.testedAt) return `Settings changed since the test on ${formatDate(c.testedAt, true)}${by}: test again.`;
  return "Run a test sign-in before relying on it.";
}
