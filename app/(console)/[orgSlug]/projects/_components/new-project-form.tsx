"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextAreaField } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { createProjectAction } from "../actions";

export function NewProjectForm({ id, orgSlug, onCancel }: { id: string; orgSlug: string; onCancel: () => void }) {
  const { formRef, pending, errors, formError, run } = useActionForm(["name", "slug", "description"]);
  const [created, setCreated] = useState<{ name: string; slug: string } | null>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? "").trim();
    setCreated(null);
    run(
      () =>
        createProjectAction(orgSlug, {
          name: text("name"),
          ...(text("slug") ? { slug: text("slug") } : {}),
          ...(text("description") ? { description: text("description") } : {}),
        }),
      (project) => {
        setCreated(project);
        form.reset();
      },
    );
  }

  return (
    <section id={id} aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
      <h2 id={`${id}-title`} className="mb-3 font-semibold text-slate-900">
        New project
      </h2>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Project name" name="name" required error={errors.name} />
          <Field
            label="Slug"
            name="slug"
            error={errors.slug}
            hint="Optional: lower-case letters, digits and dashes. Made from the name if empty."
            autoCapitalize="none"
            spellCheck={false}
          />
        </div>
        <TextAreaField label="Description" name="description" rows={2} error={errors.description} hint="Optional." />
        <p className="text-slate-600">It starts with the production, staging and development environments.</p>
        <StatusMessage error={formError}>
          {created && (
            <>
              Project “{created.name}” created.{" "}
              <Link href={`/${orgSlug}/projects/${created.slug}`} className="font-medium underline">
                Open {created.name}
              </Link>
            </>
          )}
        </StatusMessage>
        <div className="flex gap-2">
          <Button type="submit" disabled={pending}>
            Create project
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </section>
  );
}
