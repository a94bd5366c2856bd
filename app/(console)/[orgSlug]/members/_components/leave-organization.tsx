"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { KeyChoice } from "@/lib/members/member-keys";
import { leaveAction } from "../actions";
import { initialKeysChoice, keysChoiceInput, KeysChoiceFields } from "./keys-choice";

type Props = { orgSlug: string; orgName: string; lastOwner: boolean; keyChoices: KeyChoice[]; canHandOn: boolean };

/** The signed-in member leaves; the last owner is told why they cannot (and the server refuses anyway). */
export function LeaveOrganization({ orgSlug, orgName, lastOwner, keyChoices, canHandOn }: Props) {
  const router = useRouter();
  const [value, setValue] = useState(initialKeysChoice);
  return (
    <div className="space-y-2">
      <p className="text-slate-700">
        {lastOwner
          ? "You are the last owner. Make another member an owner, or transfer ownership, before you leave."
          : `You lose access to ${orgName} and its projects at once. To come back, someone must invite you again.`}
      </p>
      <ConfirmDialog
        trigger="Leave organization"
        disabled={lastOwner}
        title={`Leave ${orgName}?`}
        confirmLabel="Leave organization"
        onConfirm={async () => {
          const result = await leaveAction(orgSlug, keysChoiceInput(keyChoices, value));
          if (result.ok) router.push("/");
          return result;
        }}
      >
        <p>You lose access to {orgName} and its projects at once.</p>
        <KeysChoiceFields choices={keyChoices} value={value} onChange={setValue} owner="you" allowTransfer={canHandOn} />
      </ConfirmDialog>
    </div>
  );
}
