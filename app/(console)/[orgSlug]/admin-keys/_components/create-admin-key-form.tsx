"use client";

import { useState } from "react";
import { OneTimeSecret } from "@/components/keys/one-time-secret";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { endOfDay } from "@/components/ui/form-values";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { createAdminKeyAction } from "../actions";

type Props = { orgSlug: string; /** the roles the viewer may give a key: built-in, then custom (organization scope) */ roles: { value: string; label: string; group?: string }[] };

export function CreateAdminKeyForm({ orgSlug, roles }: Props) {
  const { formRef, pending, errors, formError, run } = useActionForm(["name", "role", "expiresAt"]);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const expires = String(values.get("expiresAt") ?? "");
    setCreated(null);
    run(
      () =>
        createAdminKeyAction(orgSlug, {
          name: String(values.get("name") ?? ""),
          role: String(values.get("role") ?? ""),
          ...(expires ? { expiresAt: endOfDay(expires) } : {}),
        }),
      (data) => {
        setCreated(data);
        form.reset();
      },
    );
  }

  return (
    <div className="space-y-4">
      {created && (
        <OneTimeSecret title={`Admin key “${created.name}” created`} secret={created.secret} onDone={() => setCreated(null)} />
      )}
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Key name" name="name" required error={errors.name} hint="What uses it, for example: Terraform." />
          <Select label="Role" name="role" options={roles} error={errors.role} hint="The key gets this role's permissions." />
          <Field label="Expires" name="expiresAt" type="date" error={errors.expiresAt} hint="Optional. Ends that day; empty never expires." />
        </div>
        <StatusMessage error={formError} />
        <Button type="submit" disabled={pending}>
          Create admin key
        </Button>
      </form>
    </div>
  );
}
