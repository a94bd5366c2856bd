"use client";

import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/field";

/** A read-only value to paste into the identity provider, with a copy button. */
export function CopyValue({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<string | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus(`${label} copied.`);
    } catch {
      ref.current?.select();
      setStatus("Could not copy automatically: the value is selected, press Ctrl+C (⌘C on a Mac).");
    }
  }

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium text-slate-800">
        {label}
      </label>
      {hint && <p className="text-xs text-slate-600">{hint}</p>}
      <div className="flex gap-2">
        <input ref={ref} id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} className={`${controlClasses} font-mono text-xs`} spellCheck={false} />
        <Button variant="secondary" size="sm" onClick={copy} aria-label={`Copy ${label}`}>
          Copy
        </Button>
      </div>
      <p role="status" className="text-xs text-slate-600">
        {status}
      </p>
    </div>
  );
}
