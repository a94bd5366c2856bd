import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { AUDIT_ONLY_ACTIONS, EVENT_TYPES } from "@/lib/events/catalog";

const ACTIONS = [...new Set<string>([...EVENT_TYPES, ...AUDIT_ONLY_ACTIONS])].sort();
const GROUPS = [...new Set(ACTIONS.map((a) => a.split(".")[0]!))].sort();

type Actor = { id: string; type: string; label: string };

/** A plain GET form: the filter lives in the URL, so it can be shared, reloaded and exported. */
export function AuditFilters({ orgSlug, values, actors }: { orgSlug: string; values: Record<string, string>; actors: Actor[] }) {
  const actionOptions = [
    { value: "", label: "Any action" },
    ...GROUPS.map((g) => ({ value: `${g}.*`, label: `${g}.* (every ${g} action)` })),
    ...ACTIONS.map((a) => ({ value: a, label: a })),
  ];
  const actorOptions = [
    { value: "", label: "Anyone" },
    { value: "system", label: "The console itself (system)" },
    ...actors.map((a) => ({ value: a.id, label: a.type === "admin_key" ? `${a.label}` : a.label })),
  ];
  if (values.actorId && !actorOptions.some((o) => o.value === values.actorId)) actorOptions.push({ value: values.actorId, label: values.actorId });
  return (
    <form method="get" action={`/${orgSlug}/audit`} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      <Select label="Action" name="action" defaultValue={values.action ?? ""} options={actionOptions} />
      <Select label="Actor" name="actorId" defaultValue={values.actorId ?? ""} options={actorOptions} hint="A member or an admin key." />
      <Field label="Target id" name="targetId" defaultValue={values.targetId ?? ""} placeholder="key_…, prj_…, usr_…" />
      <Field label="From (UTC)" name="start" type="datetime-local" defaultValue={values.start?.slice(0, 16) ?? ""} />
      <Field label="Until (UTC, exclusive)" name="end" type="datetime-local" defaultValue={values.end?.slice(0, 16) ?? ""} />
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply filters
        </button>
        <Link href={`/${orgSlug}/audit`} className={buttonClasses("secondary")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
