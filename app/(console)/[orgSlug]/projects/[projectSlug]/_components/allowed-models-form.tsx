"use client";

import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/field";
import { splitList } from "@/components/ui/form-values";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { updateProjectAction } from "../actions";

type Props = { orgSlug: string; projectId: string; allowedModels: string[]; disabled: boolean };

export function AllowedModelsForm({ orgSlug, projectId, allowedModels, disabled }: Props) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["allowedModels"]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patterns = splitList(String(new FormData(event.currentTarget).get("allowedModels") ?? ""));
    run(
      () => updateProjectAction(orgSlug, { projectId, allowedModels: patterns }),
      () =>
        patterns.length === 0
          ? "Saved. The project now inherits the organization's models."
          : `Saved. ${patterns.length} ${patterns.length === 1 ? "entry" : "entries"} allowed.`,
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate>
      <fieldset disabled={disabled} className="max-w-xl space-y-3">
        <TextAreaField
          label="Allowed models"
          name="allowedModels"
          defaultValue={allowedModels.join("\n")}
          rows={4}
          error={errors.allowedModels}
          hint="One per line or comma separated: a model id (openai/gpt-4o) or a pattern ending in * (anthropic/*)."
          spellCheck={false}
          autoCapitalize="none"
        />
        <StatusMessage error={formError}>{message}</StatusMessage>
        <Button type="submit" disabled={pending}>
          Save
        </Button>
      </fieldset>
    </form>
  );
}
