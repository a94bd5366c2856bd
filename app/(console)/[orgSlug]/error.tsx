"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";

// Unexpected render errors of an organization page. Messages from the server are masked in
// production, so the person gets a plain explanation and the reference to quote.
export default function OrgError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white p-6 shadow-xs">
      <h1 className="text-xl font-semibold text-slate-900">This page could not be loaded</h1>
      <p className="mt-2 text-slate-700">
        Something went wrong on our side while loading it. Your data is safe. Try again; if it keeps happening, tell your
        administrator{digest ? " and quote the reference below" : ""}.
      </p>
      {digest && (
        <p className="mt-2 text-slate-600">
          Reference: <code className="font-mono">{digest}</code>
        </p>
      )}
      <Button className="mt-4" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
