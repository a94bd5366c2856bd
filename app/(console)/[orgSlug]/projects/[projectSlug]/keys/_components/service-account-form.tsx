"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { createServiceAccountAction } from "../actions";

export function ServiceAccountForm({ orgSlug, projectId }: { orgSlug: string; projectId: string }) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["name"]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    run(
      () => createServiceAccountAction(orgSlug, { projectId, name }),
      (data) => {
        form.reset();
        return `Service account “${data.name}” created. It can now own keys of this project.`;
      },
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3">
      <div className="flex flex-wrap items-start gap-2">
        <Field
          label="Service account name"
          name="name"
          required
          error={errors.name}
          hint="The system it stands for, for example: nightly-batch."
          className="w-72"
        />
        <Button type="submit" disabled={pending} className="mt-6">
          Create service account
        </Button>
      </div>
      <StatusMessage error={formError}>{message}</StatusMessage>
    </form>
  );
}
