import type { ReactNode } from "react";

/**
 * The outcome of a form or button: a live region that is always present (so screen readers
 * announce what appears in it), with an error in red and a success in green.
 */
export function StatusMessage({ error, children }: { error?: string | null; children?: ReactNode }) {
  return (
    <div role="status" aria-live="polite">
      {error ? (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">{error}</p>
      ) : children ? (
        <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-green-800">{children}</p>
      ) : null}
    </div>
  );
}
