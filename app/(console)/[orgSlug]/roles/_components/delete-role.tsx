"use client";

import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteRoleAction } from "../actions";

/** Deletes a custom role after a confirmation; a role still held is refused with who holds it. */
export function DeleteRoleButton({ orgSlug, roleId, name }: { orgSlug: string; roleId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger="Delete role"
      title={`Delete ${name}?`}
      confirmLabel="Delete role"
      onConfirm={async () => {
        const result = await deleteRoleAction(orgSlug, { roleId });
        if (result.ok) router.push(`/${orgSlug}/roles`);
        return result;
      }}
    >
      The role goes for good. Nobody may hold it: members, project members, admin keys, pending invitations and SSO group mappings must
      have another role first.
    </ConfirmDialog>
  );
}
