"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { mapFieldErrors } from "@/components/ui/use-action-form";
import { deleteOrganizationAction } from "../actions";

/**
 * Type the slug, then delete. The button stays disabled until the typed slug matches; the
 * server checks it again. On success the browser loads the person's next organization (or
 * /organizations/new) afresh, so nothing of the deleted organization stays in the client cache.
 */
export function DeleteOrganizationForm({ orgSlug, orgName }: { orgSlug: string; orgName: string }) {
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const matches = typed === orgSlug;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    startTransition(async () => {
      try {
        const result = await deleteOrganizationAction(orgSlug, { confirmSlug: typed });
        if (result.ok) {
          setDone(`${result.data.name} was deleted. Taking you on…`);
          window.location.assign(result.data.next);
          return;
        }
        const { byField, other } = mapFieldErrors(result.error.fieldErrors, ["confirmSlug"]);
        setError(byField.confirmSlug);
        setFormError(other.length > 0 || !byField.confirmSlug ? result.error.message : null);
      } catch {
        setFormError("The server could not be reached. Check your connection and try again.");
      }
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-md space-y-3">
      <Field
        label={`Type ${orgSlug} to confirm`}
        name="confirmSlug"
        value={typed}
        onChange={(e) => {
          setTyped(e.target.value);
          setError(undefined);
        }}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        className="[&_input]:font-mono"
        error={error}
        hint={`The organization's slug. Deleting ${orgName} cannot be undone.`}
      />
      <StatusMessage error={formError}>{done}</StatusMessage>
      <Button type="submit" variant="danger" disabled={!matches || pending || done !== null}>
        {pending ? "Deleting…" : "Delete this organization"}
      </Button>
    </form>
  );
}
