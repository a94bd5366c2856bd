"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { createOrganizationAction } from "../actions";

export function CreateOrganizationForm() {
  const router = useRouter();
  const { formRef, pending, errors, formError, run } = useActionForm(["name", "slug"]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const slug = String(form.get("slug") ?? "").trim();
    run(
      () => createOrganizationAction({ name: String(form.get("name") ?? ""), ...(slug ? { slug } : {}) }),
      (data) => router.push(`/${data.slug}`),
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="Organization name" name="name" required autoComplete="organization" error={errors.name} />
      <Field
        label="Slug"
        name="slug"
        error={errors.slug}
        hint="Optional. The organization's address: lower-case letters, digits and dashes. Made from the name if left empty."
        autoCapitalize="none"
        spellCheck={false}
      />
      <StatusMessage error={formError} />
      <Button type="submit" disabled={pending} className="w-full">
        Create organization
      </Button>
    </form>
  );
}
