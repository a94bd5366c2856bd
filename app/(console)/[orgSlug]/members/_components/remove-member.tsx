"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { KeyChoice } from "@/lib/members/member-keys";
import { removeMemberAction } from "../actions";
import { initialKeysChoice, keysChoiceInput, KeysChoiceFields } from "./keys-choice";

/** Removes a member after asking what happens to the keys they own. */
export function RemoveMember({ orgSlug, userId, email, choices }: { orgSlug: string; userId: string; email: string; choices: KeyChoice[] }) {
  const [value, setValue] = useState(initialKeysChoice);
  return (
    <ConfirmDialog
      trigger={
        <>
          Remove<span className="sr-only"> {email}</span>
        </>
      }
      triggerVariant="secondary"
      triggerSize="sm"
      title={`Remove ${email}?`}
      confirmLabel="Remove member"
      onConfirm={() => removeMemberAction(orgSlug, { userId, ...keysChoiceInput(choices, value) })}
    >
      <p>They lose access to this organization and all its projects at once. Their pending invitations stay valid.</p>
      <KeysChoiceFields choices={choices} value={value} onChange={setValue} owner="them" />
    </ConfirmDialog>
  );
}
