"use client";

import {
  readRestrictions,
  RESTRICTION_FIELDS,
  RestrictionFields,
  type RestrictionDefaults,
  type RestrictionHints,
} from "@/components/keys/restriction-fields";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { endOfDay } from "@/components/ui/form-values";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { updateKeyAction } from "../actions";

type Props = { orgSlug: string; keyId: string; name: string; defaults: RestrictionDefaults; hints: RestrictionHints };

/** Name and restrictions of a key; emptying a field removes that restriction. */
export function RestrictionsForm({ orgSlug, keyId, name, defaults, hints }: Props) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["name", ...RESTRICTION_FIELDS]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const { expiresOn, ...rest } = readRestrictions(values);
    // An untouched date keeps the exact expiry time; a cleared one removes it.
    const expiresAt = expiresOn === defaults.expiresOn ? undefined : expiresOn ? endOfDay(expiresOn) : null;
    run(
      () =>
        updateKeyAction(orgSlug, {
          keyId,
          name: String(values.get("name") ?? "").trim(),
          ...rest,
          ...(expiresAt !== undefined ? { expiresAt } : {}),
        }),
      () => "Restrictions saved. They apply to the next verification.",
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3">
      <Field label="Key name" name="name" defaultValue={name} required error={errors.name} className="max-w-sm" />
      <RestrictionFields errors={errors} defaults={defaults} policy={hints} />
      <StatusMessage error={formError}>{message}</StatusMessage>
      <Button type="submit" disabled={pending}>
        Save restrictions
      </Button>
    </form>
  );
}
