export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">Loading the limits…</span>
      <div aria-hidden="true" className="h-7 w-32 animate-pulse rounded bg-slate-200" />
      <div aria-hidden="true" className="h-4 w-96 animate-pulse rounded bg-slate-200" />
      <div aria-hidden="true" className="h-24 animate-pulse rounded-lg bg-slate-200" />
      <div aria-hidden="true" className="h-64 animate-pulse rounded-lg bg-slate-200" />
      <div aria-hidden="true" className="h-48 animate-pulse rounded-lg bg-slate-200" />
    </div>
  );
}
