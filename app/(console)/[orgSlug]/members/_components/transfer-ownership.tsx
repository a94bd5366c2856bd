"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/select";
import type { MemberView } from "@/lib/members/queries";
import { transferOwnershipAction } from "../actions";

/** An owner chooses another member to become owner; they themselves become admin. */
export function TransferOwnership({ orgSlug, candidates }: { orgSlug: string; candidates: MemberView[] }) {
  const [userId, setUserId] = useState("");
  if (candidates.length === 0) return <p className="text-slate-600">There is no member to hand ownership to: everyone else is already an owner, or there is nobody else yet.</p>;
  const chosen = candidates.find((m) => m.userId === userId);
  return (
    <div className="flex flex-wrap items-end gap-3">
      <Select
        label="New owner"
        value={userId}
        onChange={(e) => setUserId(e.target.value)}
        options={[{ value: "", label: "Choose a member" }, ...candidates.map((m) => ({ value: m.userId, label: `${m.email} (${m.roleName})` }))]}
        className="w-80"
      />
      <ConfirmDialog
        trigger="Transfer ownership"
        disabled={!chosen}
        title={`Make ${chosen?.email ?? "this member"} the owner?`}
        confirmLabel="Transfer ownership"
        onConfirm={() => transferOwnershipAction(orgSlug, { userId })}
      >
        <p>
          They become an owner, with every permission including deleting the organization. You become an admin and can no longer
          manage owners or transfer ownership.
        </p>
      </ConfirmDialog>
    </div>
  );
}
