// Dates render the same on the server and in the browser (fixed locale and UTC), so
// client components hydrate without mismatches.
const DATE = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC", hourCycle: "h23" });

export function formatDate(iso: string, withTime = false): string {
  const d = new Date(iso);
  return withTime ? `${DATE_TIME.format(d)} UTC` : DATE.format(d);
}

export function DateTime({ value, withTime, fallback = "—" }: { value: string | null; withTime?: boolean; fallback?: string }) {
  if (!value) return <span className="text-slate-600">{fallback}</span>;
  return (
    <time dateTime={value} title={formatDate(value, true)}>
      {formatDate(value, withTime)}
    </time>
  );
}
