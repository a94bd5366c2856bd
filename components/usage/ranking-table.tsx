"use client";

import { Button } from "@/components/ui/button";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatMicros } from "@/lib/models/price";
import { microsToDollarText } from "@/lib/usage/cost";
import { toCsv } from "@/lib/usage/csv";
import type { Sums } from "@/lib/usage/series";
import { downloadCsv } from "./download";

export type RankedRow = Sums & { id: string; name: string; detail?: string };

const number = (n: number) => n.toLocaleString("en-US");

/** Spend per key or model over the range: sortable, filterable, downloadable as CSV. */
export function RankingTable({ caption, noun, nameHeader, detailHeader, rows, filename }: {
  caption: string;
  noun: string;
  nameHeader: string;
  detailHeader?: string;
  rows: readonly RankedRow[];
  filename: string;
}) {
  const columns: Column<RankedRow>[] = [
    { key: "name", header: nameHeader, cell: (r) => <span className="font-medium text-slate-900">{r.name}</span>, sortValue: (r) => r.name },
    ...(detailHeader ? [{ key: "detail", header: detailHeader, cell: (r: RankedRow) => r.detail ?? "", sortValue: (r: RankedRow) => r.detail ?? "" }] : []),
    { key: "requests", header: "Requests", cell: (r) => number(r.requests), sortValue: (r) => r.requests, className: "text-right tabular-nums" },
    { key: "input", header: "Input tokens", cell: (r) => number(r.inputTokens), sortValue: (r) => r.inputTokens, className: "text-right tabular-nums" },
    { key: "output", header: "Output tokens", cell: (r) => number(r.outputTokens), sortValue: (r) => r.outputTokens, className: "text-right tabular-nums" },
    { key: "cost", header: "Spend", cell: (r) => formatMicros(r.costMicros), sortValue: (r) => r.costMicros, className: "text-right tabular-nums" },
  ];
  const csv = () =>
    toCsv(
      ["id", nameHeader.toLowerCase(), ...(detailHeader ? [detailHeader.toLowerCase()] : []), "requests", "input_tokens", "output_tokens", "spend_usd"],
      rows.map((r) => [r.id, r.name, ...(detailHeader ? [r.detail ?? ""] : []), r.requests, r.inputTokens, r.outputTokens, microsToDollarText(r.costMicros)]),
    );
  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(r) => r.id}
      caption={caption}
      noun={noun}
      pageSize={10}
      initialSort={{ key: "cost", direction: "descending" }}
      filter={{ label: `Find a ${noun}`, text: (r) => `${r.name} ${r.id} ${r.detail ?? ""}` }}
      toolbar={
        <Button variant="secondary" onClick={() => downloadCsv(filename, csv())} disabled={rows.length === 0}>
          Download CSV
        </Button>
      }
    />
  );
}
