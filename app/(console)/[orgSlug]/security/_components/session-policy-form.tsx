"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import type { SessionPolicyView } from "@/lib/security/sessions";
import { updateSessionPolicyAction } from "../actions";

const UNITS = [
  { value: "60", label: "minutes" },
  { value: "3600", label: "hours" },
  { value: "86400", label: "days" },
] as const;

/** seconds → the largest unit that divides it: 28800 → 8 hours. */
function split(seconds: number | null): { value: string; unit: string } {
  if (seconds === null) return { value: "", unit: "3600" };
  for (const u of [86400, 3600, 60]) if (seconds % u === 0) return { value: String(seconds / u), unit: String(u) };
  return { value: String(Math.round(seconds / 60)), unit: "60" };
}

function toSeconds(values: FormData, name: string): number | null {
  const raw = String(values.get(name) ?? "").trim();
  if (!raw) return null;
  return Number(raw) * Number(values.get(`${name}Unit`));
}

export function SessionPolicyForm({ orgSlug, policy, disabled }: { orgSlug: string; policy: SessionPolicyView; disabled: boolean }) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["sessionMaxAgeSeconds", "sessionIdleTimeoutSeconds"]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    run(
      () =>
        updateSessionPolicyAction(orgSlug, {
          sessionMaxAgeSeconds: toSeconds(values, "sessionMaxAgeSeconds"),
          sessionIdleTimeoutSeconds: toSeconds(values, "sessionIdleTimeoutSeconds"),
        }),
      () => "Session policy saved. It applies to every member's next request into this organization.",
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <fieldset disabled={disabled} className="max-w-xl space-y-4">
        <DurationField
          label="Maximum session age"
          unitLabel="Unit of the maximum age"
          name="sessionMaxAgeSeconds"
          seconds={policy.sessionMaxAgeSeconds}
          error={errors.sessionMaxAgeSeconds}
          hint="Members sign in again once their session is this old. 1 hour to 90 days; empty: no limit."
        />
        <DurationField
          label="Idle timeout"
          unitLabel="Unit of the idle timeout"
          name="sessionIdleTimeoutSeconds"
          seconds={policy.sessionIdleTimeoutSeconds}
          error={errors.sessionIdleTimeoutSeconds}
          hint="A session unused for this long ends. 5 minutes to 30 days; empty: no limit."
        />
        <StatusMessage error={formError}>{message}</StatusMessage>
        <Button type="submit" disabled={pending}>
          Save session policy
        </Button>
      </fieldset>
    </form>
  );
}

/** A number and its unit (minutes, hours, days), read back by `toSeconds(values, name)`. */
function DurationField(props: { label: string; unitLabel: string; name: string; seconds: number | null; error?: string; hint: string }) {
  const initial = split(props.seconds);
  return (
    <div className="flex flex-wrap items-start gap-3">
      <Field
        label={props.label}
        name={props.name}
        type="number"
        min={1}
        step={1}
        inputMode="numeric"
        defaultValue={initial.value}
        error={props.error}
        hint={props.hint}
        className="w-72"
      />
      <Select label={props.unitLabel} name={`${props.name}Unit`} defaultValue={initial.unit} options={UNITS} className="w-48" />
    </div>
  );
}
