"use client";

import { Button } from "@/components/ui/button";
import { Field, TextAreaField } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { updateProjectAction } from "../actions";

type Props = { orgSlug: string; projectId: string; name: string; description: string; disabled: boolean };

export function ProjectDetailsForm({ orgSlug, projectId, name, description, disabled }: Props) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["name", "description"]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run(
      () =>
        updateProjectAction(orgSlug, {
          projectId,
          name: String(form.get("name") ?? ""),
          description: String(form.get("description") ?? ""),
        }),
      () => "Saved.",
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <fieldset disabled={disabled} className="max-w-xl space-y-3">
        <Field label="Project name" name="name" defaultValue={name} required error={errors.name} />
        <TextAreaField label="Description" name="description" defaultValue={description} rows={2} error={errors.description} />
        <StatusMessage error={formError}>{message}</StatusMessage>
        <Button type="submit" disabled={pending}>
          Save
        </Button>
      </fieldset>
    </form>
  );
}
