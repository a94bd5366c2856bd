"use client";

import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { Filters } from "@/lib/usage/params";

export type UsageLabels = {
  projects: { id: string; name: string }[];
  keys: { id: string; name: string; projectId: string }[];
  models: string[];
};

/** The filters of GET /usage (range, bucket, project, key, model); every change applies at once. */
export function UsageFilters({ value, onChange, labels, showProject }: {
  value: Filters;
  onChange: (next: Filters) => void;
  labels: UsageLabels;
  showProject: boolean;
}) {
  const set = (patch: Partial<Filters>) => onChange({ ...value, ...patch });
  const keys = labels.keys.filter((k) => !value.projectId || k.projectId === value.projectId);
  return (
    <form className="grid grid-cols-2 gap-3 md:grid-cols-6" onSubmit={(e) => e.preventDefault()} aria-label="Usage filters">
      <Field label="From" type="date" value={value.from} max={value.to} required onChange={(e) => e.target.value && set({ from: e.target.value })} />
      <Field label="To (inclusive)" type="date" value={value.to} min={value.from} required onChange={(e) => e.target.value && set({ to: e.target.value })} />
      <Select
        label="Per"
        value={value.bucket}
        onChange={(e) => set({ bucket: e.target.value as Filters["bucket"] })}
        options={[
          { value: "hour", label: "Hour (UTC)" },
          { value: "day", label: "Day (UTC)" },
          { value: "month", label: "Month" },
        ]}
      />
      {showProject && (
        <Select
          label="Project"
          value={value.projectId}
          onChange={(e) => set({ projectId: e.target.value, keyId: "" })}
          options={[{ value: "", label: "All projects" }, ...labels.projects.map((p) => ({ value: p.id, label: p.name }))]}
        />
      )}
      <Select
        label="Key"
        value={value.keyId}
        onChange={(e) => set({ keyId: e.target.value })}
        options={[{ value: "", label: "All keys" }, ...keys.map((k) => ({ value: k.id, label: k.name }))]}
      />
      <Select
        label="Model"
        value={value.model}
        onChange={(e) => set({ model: e.target.value })}
        options={[{ value: "", label: "All models" }, ...labels.models.map((m) => ({ value: m, label: m }))]}
      />
    </form>
  );
}
