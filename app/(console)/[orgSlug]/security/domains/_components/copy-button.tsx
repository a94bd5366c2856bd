"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Copies `value`; says so in a live region (or asks to copy by hand when the clipboard is unavailable). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [said, setSaid] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setSaid("Copied");
    } catch {
      setSaid("Copy failed: select the text and press Ctrl+C");
    }
    setTimeout(() => setSaid(null), 2500);
  }
  return (
    <span className="inline-flex items-center gap-1.5">
      <Button variant="secondary" size="sm" onClick={copy} aria-label={label}>
        Copy
      </Button>
      <span role="status" className="text-xs text-slate-600">
        {said}
      </span>
    </span>
  );
}
