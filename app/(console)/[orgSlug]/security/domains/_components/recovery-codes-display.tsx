"use client";

import { Button } from "@/components/ui/button";
import { CopyButton } from "./copy-button";

/** Freshly generated recovery codes: shown once, with copy and download as a .txt file. */
export function RecoveryCodesDisplay({ codes, orgSlug, email, onDone }: { codes: string[]; orgSlug: string; email: string; onDone: () => void }) {
  const text = [
    `AnyInt Console recovery codes for ${email} in ${orgSlug}`,
    `Generated ${new Date().toISOString()}. Each code works once. Sign in at /sign-in/recovery.`,
    "",
    ...codes,
    "",
  ].join("\n");

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `anyint-recovery-codes-${orgSlug}.txt`;
    a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4" aria-labelledby="recovery-codes-title">
      <p id="recovery-codes-title" className="font-semibold text-slate-900">
        Your recovery codes
      </p>
      <p className="font-medium text-amber-900">Save them now in a password manager: they will not be shown again.</p>
      <ol aria-label="Recovery codes" className="grid max-w-md grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <p className="text-slate-700">
        Each code signs you in once at <strong>Sign in with a recovery code</strong> when single sign-on cannot. Every use is audited and
        emailed to the owners and security owners. Generating new codes makes these stop working.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <CopyButton value={codes.join("\n")} label="Copy all recovery codes" />
        <Button variant="secondary" size="sm" onClick={download}>
          Download .txt
        </Button>
        <Button size="sm" onClick={onDone}>
          I have saved them
        </Button>
      </div>
    </div>
  );
}
