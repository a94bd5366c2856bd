"use client";

import Link from "next/link";
import { useState } from "react";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { controlClasses } from "@/components/ui/field";
import { monthName } from "@/lib/billing/months";
import { formatUsd } from "@/lib/billing/money";
import type { InvoiceView } from "@/lib/billing/invoices";
import { InvoiceStatus } from "./invoice-status";

/** The organization's invoices: filter by status and period (year or month), sort, page. */
export function InvoicesTable({ orgSlug, invoices, now }: { orgSlug: string; invoices: InvoiceView[]; now: number }) {
  const [status, setStatus] = useState("");
  const [year, setYear] = useState("");
  if (invoices.length === 0) {
    return <EmptyState title="No invoices yet">An invoice is issued automatically when a calendar month ends (UTC).</EmptyState>;
  }
  const years = [...new Set(invoices.map((i) => i.month.slice(0, 4)))];
  const rows = invoices.filter((i) => (!status || i.status === status) && (!year || i.month.startsWith(year)));
  const columns: Column<InvoiceView>[] = [
    {
      key: "number",
      header: "Invoice",
      sortValue: (i) => i.number,
      cell: (i) => (
        <Link href={`/${orgSlug}/billing/invoices/${i.id}`} className="font-medium text-indigo-700 hover:underline">
          {i.number}
        </Link>
      ),
    },
    { key: "period", header: "Period", sortValue: (i) => i.month, cell: (i) => monthName(i.month) },
    { key: "status", header: "Status", sortValue: (i) => i.status, cell: (i) => <InvoiceStatus status={i.status} dueAt={i.dueAt} now={now} /> },
    { key: "issued", header: "Issued", sortValue: (i) => i.issuedAt ?? "", cell: (i) => <DateTime value={i.issuedAt} /> },
    { key: "due", header: "Due", sortValue: (i) => i.dueAt ?? "", cell: (i) => <DateTime value={i.dueAt} /> },
    { key: "total", header: "Total", className: "text-right", sortValue: (i) => i.totalMicros, cell: (i) => <span className="tabular-nums">{formatUsd(i.totalMicros)}</span> },
  ];
  const toolbar = (
    <div className="flex flex-wrap gap-2">
      <label className="flex items-center gap-1.5 text-slate-800">
        Status
        <select value={status} onChange={(e) => setStatus(e.target.value)} className={`${controlClasses} w-auto`}>
          <option value="">All</option>
          {["open", "paid", "void", "draft"].map((s) => (
            <option key={s} value={s}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1.5 text-slate-800">
        Year
        <select value={year} onChange={(e) => setYear(e.target.value)} className={`${controlClasses} w-auto`}>
          <option value="">All</option>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(i) => i.id}
      caption="Invoices"
      noun="invoice"
      filter={{ label: "Filter invoices", text: (i) => `${i.number} ${monthName(i.month)} ${i.month} ${i.status}` }}
      toolbar={toolbar}
      initialSort={{ key: "period", direction: "descending" }}
      pageSize={12}
    />
  );
}
