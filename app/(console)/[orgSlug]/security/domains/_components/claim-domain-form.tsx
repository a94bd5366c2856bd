"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { claimDomainAction } from "../actions";

/** Claims a domain; its TXT record then appears in the table. */
export function ClaimDomainForm({ orgSlug }: { orgSlug: string }) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["domain"]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const domain = String(new FormData(form).get("domain") ?? "");
    run(
      () => claimDomainAction(orgSlug, { domain }),
      (view) => {
        form.reset();
        return `${view.domain} claimed. Publish its TXT record (below), then choose Verify now.`;
      },
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3">
      <div className="flex flex-wrap items-start gap-3">
        <Field
          label="Domain"
          name="domain"
          required
          placeholder="acme.com"
          autoCapitalize="none"
          spellCheck={false}
          error={errors.domain}
          hint="The part of your members' email addresses after @. Public email providers (gmail.com…) cannot be claimed."
          className="w-96"
        />
        <Button type="submit" disabled={pending} className="mt-6">
          Claim domain
        </Button>
      </div>
      <StatusMessage error={formError}>{message}</StatusMessage>
    </form>
  );
}
