"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { addEnvironmentAction } from "../actions";

export function AddEnvironmentForm({ orgSlug, projectId, disabled }: { orgSlug: string; projectId: string; disabled: boolean }) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["name"]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    run(
      () => addEnvironmentAction(orgSlug, { projectId, name }),
      (data) => {
        form.reset();
        return `Environment “${data.name}” added.`;
      },
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <fieldset disabled={disabled} className="space-y-3">
        <div className="flex flex-wrap items-start gap-2">
          <Field
            label="Environment name"
            name="name"
            required
            error={errors.name}
            hint="Lower-case letters, digits and dashes, for example: batch, eu-production."
            className="w-72"
            autoCapitalize="none"
            spellCheck={false}
          />
          <Button type="submit" disabled={pending} className="mt-6">
            Add environment
          </Button>
        </div>
        <StatusMessage error={formError}>{message}</StatusMessage>
      </fieldset>
    </form>
  );
}
