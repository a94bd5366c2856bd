"use client";

import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import type { KeyPolicyView } from "@/lib/keys/policy";
import { updateKeyPolicyAction } from "../actions";

const ROLES = [
  { value: "project_admin", label: "Project admin" },
  { value: "developer", label: "Developer" },
] as const;

export function KeyPolicyForm({ orgSlug, policy, disabled }: { orgSlug: string; policy: KeyPolicyView; disabled: boolean }) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["maxLifetimeDays", "productionKeyRoles"]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const days = String(values.get("maxLifetimeDays") ?? "").trim();
    run(
      () =>
        updateKeyPolicyAction(orgSlug, {
          maxLifetimeDays: days ? Number(days) : null,
          requireExpiry: values.get("requireExpiry") === "on",
          requireIpAllowlistForProduction: values.get("requireIpAllowlistForProduction") === "on",
          productionKeyRoles: values.getAll("productionKeyRoles").map(String),
        }),
      () => "Key policy saved. It applies to keys created or changed from now on.",
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <fieldset disabled={disabled} className="max-w-xl space-y-4">
        <Field
          label="Maximum key lifetime (days)"
          name="maxLifetimeDays"
          type="number"
          min={1}
          max={3650}
          step={1}
          inputMode="numeric"
          defaultValue={policy.maxLifetimeDays ?? ""}
          error={errors.maxLifetimeDays}
          hint="New keys must expire within this many days. Empty: no maximum."
          className="w-64"
        />
        <Checkbox
          label="Require an expiry date"
          name="requireExpiry"
          defaultChecked={policy.requireExpiry}
          hint="Every key must have one, when created or changed."
        />
        <Checkbox
          label="Require an IP allowlist for production keys"
          name="requireIpAllowlistForProduction"
          defaultChecked={policy.requireIpAllowlistForProduction}
          hint="Production keys must list the addresses allowed to call with them."
        />
        <fieldset className="space-y-2">
          <legend className="font-medium text-slate-800">Project roles that may create production keys</legend>
          <p className="text-xs text-slate-600">Owners and admins of the organization always may.</p>
          {ROLES.map((r) => (
            <Checkbox
              key={r.value}
              label={r.label}
              name="productionKeyRoles"
              value={r.value}
              defaultChecked={policy.productionKeyRoles.includes(r.value)}
            />
          ))}
          {errors.productionKeyRoles && <p className="text-red-700">Production key roles {errors.productionKeyRoles}</p>}
        </fieldset>
        <StatusMessage error={formError}>{message}</StatusMessage>
        <Button type="submit" disabled={pending}>
          Save key policy
        </Button>
      </fieldset>
    </form>
  );
}
