"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import type { DomainView } from "@/lib/security/domains";
import { deleteDomainAction, verifyDomainAction } from "../actions";
import { CopyButton } from "./copy-button";

type Props = { orgSlug: string; domains: DomainView[]; canManage: boolean; enforced: boolean };

function RecordCell({ d }: { d: DomainView }) {
  if (d.status === "verified") return <span className="text-slate-600">Verified; the record may stay or go.</span>;
  return (
    <dl className="space-y-1 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <dt className="w-10 font-medium text-slate-700">Name</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <span className="font-mono break-all">{d.record.name}</span>
          <CopyButton value={d.record.name} label={`Copy the record name for ${d.domain}`} />
        </dd>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <dt className="w-10 font-medium text-slate-700">Value</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <span className="font-mono break-all" data-record-value>
            {d.record.value}
          </span>
          <CopyButton value={d.record.value} label={`Copy the record value for ${d.domain}`} />
        </dd>
      </div>
      {d.lastCheckError && (
        <div className="flex gap-2 text-red-800">
          <dt className="w-10 shrink-0 font-medium">Check</dt>
          <dd>{d.lastCheckError}</dd>
        </div>
      )}
    </dl>
  );
}

/** The organization's domains: status, the TXT record to publish (copyable), "Verify now" and delete. */
export function DomainsTable({ orgSlug, domains, canManage, enforced }: Props) {
  const { pending, formError, message, run } = useActionForm([]);
  const [checkNote, setCheckNote] = useState<string | null>(null);
  const verifiedCount = domains.filter((d) => d.status === "verified").length;

  const columns: Column<DomainView>[] = [
    { key: "domain", header: "Domain", cell: (d) => <span className="font-medium">{d.domain}</span>, sortValue: (d) => d.domain },
    {
      key: "status",
      header: "Status",
      cell: (d) => (d.status === "verified" ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Pending</Badge>),
      sortValue: (d) => d.status,
    },
    { key: "record", header: "TXT record", cell: (d) => <RecordCell d={d} /> },
    {
      key: "checked",
      header: "Verified / last check",
      cell: (d) => <DateTime value={d.verifiedAt ?? d.lastCheckedAt} withTime fallback="Not checked yet" />,
      sortValue: (d) => d.verifiedAt ?? d.lastCheckedAt ?? "",
    },
  ];
  if (canManage) {
    columns.push({
      key: "actions",
      header: "Actions",
      cell: (d) => (
        <div className="flex flex-wrap gap-2">
          {d.status === "pending" && (
            <Button
              size="sm"
              variant="secondary"
              disabled={pending}
              onClick={() =>
                run(
                  () => verifyDomainAction(orgSlug, { domainId: d.id }),
                  (v) => {
                    setCheckNote(v.status === "verified" ? null : `${v.domain} is not verified yet. ${v.lastCheckError ?? ""}`);
                    return v.status === "verified" ? `${v.domain} is verified.` : undefined;
                  },
                )
              }
            >
              Verify now<span className="sr-only"> {d.domain}</span>
            </Button>
          )}
          <ConfirmDialog
            trigger="Delete"
            triggerSize="sm"
            title={`Delete ${d.domain}?`}
            confirmLabel="Delete domain"
            onConfirm={() => deleteDomainAction(orgSlug, { domainId: d.id })}
          >
            {d.status === "verified" ? (
              <>
                <p>
                  Single sign-on stops being able to sign in addresses at <strong>{d.domain}</strong>
                  {enforced ? ", and SSO is no longer enforced for them: they can use email links again." : "."}
                </p>
                {enforced && verifiedCount === 1 && (
                  <p className="font-medium text-red-800">This is the last verified domain: turn off SSO enforcement first.</p>
                )}
                <p>Claiming it again needs a new TXT record.</p>
              </>
            ) : (
              <p>The claim and its TXT record value are removed.</p>
            )}
          </ConfirmDialog>
        </div>
      ),
    });
  }

  return (
    <div className="space-y-3">
      <DataTable
        rows={domains}
        columns={columns}
        rowKey={(d) => d.id}
        caption="Claimed domains"
        noun="domain"
        initialSort={{ key: "domain", direction: "ascending" }}
      />
      <StatusMessage error={formError}>{message}</StatusMessage>
      <div role="status" aria-live="polite">
        {checkNote && !message && !formError && <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">{checkNote}</p>}
      </div>
    </div>
  );
}
