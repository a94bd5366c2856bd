"use client";

import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatMicros } from "@/lib/models/price";
import type { modelView } from "@/lib/models/service";

type ModelView = ReturnType<typeof modelView>;

const price = (micros: number) => <span className="tabular-nums">{formatMicros(micros)}</span>;

export function ModelsTable({ models }: { models: ModelView[] }) {
  const columns: Column<ModelView>[] = [
    { key: "id", header: "Model", sortValue: (m) => m.id, cell: (m) => <code className="font-mono text-xs text-slate-800">{m.id}</code> },
    { key: "provider", header: "Provider", sortValue: (m) => m.provider, cell: (m) => m.provider },
    { key: "name", header: "Display name", sortValue: (m) => m.displayName.toLowerCase(), cell: (m) => m.displayName },
    { key: "input", header: "Input / 1M tokens", sortValue: (m) => m.inputPriceMicros, cell: (m) => price(m.inputPriceMicros), className: "text-right" },
    { key: "output", header: "Output / 1M tokens", sortValue: (m) => m.outputPriceMicros, cell: (m) => price(m.outputPriceMicros), className: "text-right" },
    {
      key: "allowed",
      header: "Allowed",
      sortValue: (m) => (m.allowed ? 0 : 1),
      cell: (m) => (m.allowed ? <Badge tone="success">Yes</Badge> : <Badge>No</Badge>),
    },
  ];

  return (
    <DataTable
      rows={models}
      columns={columns}
      rowKey={(m) => m.id}
      caption="Model catalog"
      noun="model"
      initialSort={{ key: "id", direction: "ascending" }}
      filter={{ label: "Filter models", text: (m) => `${m.id} ${m.provider} ${m.displayName}` }}
      pageSize={50}
    />
  );
}
