export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">Loading the project&apos;s limits…</span>
      <div aria-hidden="true" className="h-7 w-48 animate-pulse rounded bg-slate-200" />
      <div aria-hidden="true" className="h-9 w-full max-w-lg animate-pulse rounded bg-slate-200" />
      <div aria-hidden="true" className="h-14 animate-pulse rounded-md bg-slate-200" />
      <div aria-hidden="true" className="h-48 animate-pulse rounded-lg bg-slate-200" />
      <div aria-hidden="true" className="h-64 animate-pulse rounded-lg bg-slate-200" />
    </div>
  );
}
