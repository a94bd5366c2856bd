export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">Loading…</span>
      <div aria-hidden="true" className="h-7 w-48 animate-pulse rounded bg-slate-200" />
      <div aria-hidden="true" className="h-4 w-80 animate-pulse rounded bg-slate-200" />
      <div aria-hidden="true" className="h-40 animate-pulse rounded-lg bg-slate-200" />
    </div>
  );
}
