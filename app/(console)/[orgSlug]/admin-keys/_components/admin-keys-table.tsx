"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import type { adminKeyView } from "@/lib/admin-keys/service";
import { revokeAdminKeyAction } from "../actions";

type AdminKeyView = ReturnType<typeof adminKeyView>;

const STATUS_TONE: Record<string, BadgeTone> = { active: "success", revoked: "danger", expired: "neutral" };

/** `revocable`: ids of the keys the viewer may act on; others (ranking above them) are not offered for revocation (the service refuses them too). */
export function AdminKeysTable({ orgSlug, keys, revocable }: { orgSlug: string; keys: AdminKeyView[]; revocable: string[] }) {
  if (keys.length === 0) {
    return <EmptyState title="No admin keys yet">Create one above for Terraform, scripts or other automation.</EmptyState>;
  }

  const columns: Column<AdminKeyView>[] = [
    { key: "name", header: "Name", sortValue: (k) => k.name.toLowerCase(), cell: (k) => <span className="font-medium">{k.name}</span> },
    { key: "role", header: "Role", sortValue: (k) => k.roleName.toLowerCase(), cell: (k) => k.roleName },
    {
      key: "key",
      header: "Key",
      cell: (k) => (
        <code className="font-mono text-xs text-slate-800">
          {k.start}…{k.last4}
        </code>
      ),
    },
    {
      key: "status",
      header: "Status",
      sortValue: (k) => k.status,
      cell: (k) => <Badge tone={STATUS_TONE[k.status]}>{k.status[0]!.toUpperCase() + k.status.slice(1)}</Badge>,
    },
    { key: "created", header: "Created", sortValue: (k) => k.createdAt, cell: (k) => <DateTime value={k.createdAt} /> },
    { key: "lastUsed", header: "Last used", sortValue: (k) => k.lastUsedAt ?? "", cell: (k) => <DateTime value={k.lastUsedAt} withTime fallback="Never" /> },
    { key: "expires", header: "Expires", sortValue: (k) => k.expiresAt ?? "9999", cell: (k) => <DateTime value={k.expiresAt} fallback="Never" /> },
    {
      key: "actions",
      header: "Actions",
      className: "text-right",
      cell: (k) =>
        k.status === "revoked" || !revocable.includes(k.id) ? null : (
          <ConfirmDialog
            trigger={
              <>
                Revoke<span className="sr-only"> {k.name}</span>
              </>
            }
            triggerVariant="secondary"
            triggerSize="sm"
            title={`Revoke the admin key “${k.name}”?`}
            confirmLabel="Revoke key"
            onConfirm={() => revokeAdminKeyAction(orgSlug, { adminKeyId: k.id })}
          >
            <p>
              Anything using this key is <strong>refused at once</strong> by the Admin API. Revoking is permanent: to
              restore access, create a new key.
            </p>
          </ConfirmDialog>
        ),
    },
  ];

  return (
    <DataTable
      rows={keys}
      columns={columns}
      rowKey={(k) => k.id}
      caption="Admin keys"
      noun="key"
      initialSort={{ key: "created", direction: "descending" }}
    />
  );
}
