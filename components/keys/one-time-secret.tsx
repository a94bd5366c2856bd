"use client";

import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/field";

/** A key's secret, shown once after creation, with a copy button and the warning that goes with it. */
export function OneTimeSecret({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("Copied to the clipboard.");
    } catch {
      inputRef.current?.select();
      setCopied("Could not copy automatically: the secret is selected, press Ctrl+C (⌘C on a Mac).");
    }
  }

  return (
    <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p className="font-semibold text-slate-900">{title}</p>
      <p className="font-medium text-amber-900">Copy it now: it will not be shown again.</p>
      <div className="space-y-1">
        <label htmlFor={inputId} className="block font-medium text-slate-800">
          Secret
        </label>
        <div className="flex gap-2">
          <input
            ref={inputRef}
            id={inputId}
            readOnly
            value={secret}
            onFocus={(e) => e.currentTarget.select()}
            className={`${controlClasses} font-mono`}
            spellCheck={false}
          />
          <Button variant="secondary" onClick={copy}>
            Copy
          </Button>
        </div>
      </div>
      <p role="status" className="text-slate-700">
        {copied}
      </p>
      <Button onClick={onDone}>I have copied it</Button>
    </div>
  );
}
