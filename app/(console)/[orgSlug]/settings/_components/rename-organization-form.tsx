"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { renameOrganizationAction } from "../actions";

export function RenameOrganizationForm({ orgSlug, name }: { orgSlug: string; name: string }) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["name"]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run(
      () => renameOrganizationAction(orgSlug, { name: String(form.get("name") ?? "") }),
      (data) => `Saved. The organization is now called “${data.name}”.`,
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-md space-y-3">
      <Field label="Organization name" name="name" defaultValue={name} required autoComplete="organization" error={errors.name} />
      <StatusMessage error={formError}>{message}</StatusMessage>
      <Button type="submit" disabled={pending}>
        Save
      </Button>
    </form>
  );
}
