"use client";

import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/field";
import { splitList } from "@/components/ui/form-values";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { updateOrganizationModelsAction } from "../actions";

export function OrganizationModelsForm({ orgSlug, allowedModels }: { orgSlug: string; allowedModels: string[] }) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["allowedModels"]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const entries = splitList(String(new FormData(event.currentTarget).get("allowedModels") ?? ""));
    run(
      () => updateOrganizationModelsAction(orgSlug, { allowedModels: entries }),
      () =>
        entries.length === 0
          ? "Saved. Every catalog model is allowed."
          : `Saved. ${entries.length} ${entries.length === 1 ? "entry" : "entries"} allowed.`,
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-xl space-y-3">
      <TextAreaField
        label="Organization allowed models"
        name="allowedModels"
        defaultValue={allowedModels.join("\n")}
        rows={4}
        error={errors.allowedModels}
        hint="One per line or comma separated: a model id (openai/gpt-4o) or a pattern ending in * (anthropic/*). Empty: every model."
        spellCheck={false}
        autoCapitalize="none"
      />
      <StatusMessage error={formError}>{message}</StatusMessage>
      <Button type="submit" disabled={pending}>
        Save allowlist
      </Button>
    </form>
  );
}
