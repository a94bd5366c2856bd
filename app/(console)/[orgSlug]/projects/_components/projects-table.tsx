"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import type { ProjectView } from "@/lib/projects/service";

export function ProjectsTable({ orgSlug, projects }: { orgSlug: string; projects: ProjectView[] }) {
  const toggleId = useId();
  const [showArchived, setShowArchived] = useState(false);
  const archivedCount = projects.filter((p) => p.archivedAt).length;
  const rows = showArchived ? projects : projects.filter((p) => !p.archivedAt);

  const columns: Column<ProjectView>[] = [
    {
      key: "name",
      header: "Name",
      sortValue: (p) => p.name.toLowerCase(),
      cell: (p) => (
        <Link href={`/${orgSlug}/projects/${p.slug}`} className="font-medium text-indigo-700 hover:underline">
          {p.name}
        </Link>
      ),
    },
    { key: "slug", header: "Slug", sortValue: (p) => p.slug, cell: (p) => <span className="font-mono text-xs">{p.slug}</span> },
    {
      key: "environments",
      header: "Environments",
      sortValue: (p) => p.environments.length,
      cell: (p) => <span className="text-slate-700">{p.environments.join(", ")}</span>,
    },
    {
      key: "models",
      header: "Allowed models",
      sortValue: (p) => p.allowedModels.length,
      cell: (p) => (p.allowedModels.length === 0 ? <span className="text-slate-600">All (inherited)</span> : p.allowedModels.length),
    },
    {
      key: "status",
      header: "Status",
      sortValue: (p) => (p.archivedAt ? 1 : 0),
      cell: (p) => (p.archivedAt ? <Badge tone="warning">Archived</Badge> : <Badge tone="success">Active</Badge>),
    },
    { key: "created", header: "Created", sortValue: (p) => p.createdAt, cell: (p) => <DateTime value={p.createdAt} /> },
  ];

  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(p) => p.id}
      caption="Projects"
      noun="project"
      initialSort={{ key: "name", direction: "ascending" }}
      filter={{ label: "Filter projects", text: (p) => `${p.name} ${p.slug} ${p.description}` }}
      toolbar={
        <label htmlFor={toggleId} className="flex items-center gap-2 pb-1.5 font-medium text-slate-800">
          <input
            id={toggleId}
            type="checkbox"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.target.checked)}
            className="size-4 rounded border-slate-300 accent-indigo-600"
          />
          Show archived ({archivedCount})
        </label>
      }
    />
  );
}
