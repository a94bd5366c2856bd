"use client";

import { useState } from "react";
import { OneTimeSecret } from "@/components/keys/one-time-secret";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/select";
import { rotateKeyAction } from "../actions";

const GRACE = [
  { value: "0", label: "No grace period (stops at once)", words: "stops working at once" },
  { value: "3600", label: "1 hour", words: "keeps working for 1 hour" },
  { value: "86400", label: "24 hours", words: "keeps working for 24 hours" },
  { value: "259200", label: "3 days", words: "keeps working for 3 days" },
  { value: "604800", label: "7 days", words: "keeps working for 7 days" },
];

/** Rotation: a grace period, a confirmation, then the new secret shown once. */
export function RotateKey({ orgSlug, keyId, keyName }: { orgSlug: string; keyId: string; keyName: string }) {
  const [grace, setGrace] = useState("86400");
  const [secret, setSecret] = useState<string | null>(null);
  const chosen = GRACE.find((g) => g.value === grace)!;

  async function rotate() {
    const result = await rotateKeyAction(orgSlug, { keyId, gracePeriodSeconds: Number(grace) });
    if (result.ok) setSecret(result.data.secret);
    return result;
  }

  return (
    <div className="space-y-3">
      {secret && <OneTimeSecret title={`New secret for “${keyName}”`} secret={secret} onDone={() => setSecret(null)} />}
      <div className="flex flex-wrap items-end gap-2">
        <Select
          label="Old secret keeps working for"
          value={grace}
          onChange={(e) => setGrace(e.target.value)}
          options={GRACE}
          className="w-64"
        />
        <ConfirmDialog
          trigger="Rotate key"
          triggerVariant="secondary"
          title={`Rotate “${keyName}”?`}
          confirmLabel="Rotate key"
          onConfirm={rotate}
        >
          <p>A new secret is issued and shown once. The key keeps its id, restrictions and history.</p>
          <p>
            The old secret <strong>{chosen.words}</strong>
            {grace !== "0" && ", then it is refused"}. Deploy the new secret before then.
          </p>
        </ConfirmDialog>
      </div>
    </div>
  );
}
