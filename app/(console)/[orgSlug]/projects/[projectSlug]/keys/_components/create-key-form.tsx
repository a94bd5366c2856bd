"use client";

import Link from "next/link";
import { useState } from "react";
import { OneTimeSecret } from "@/components/keys/one-time-secret";
import { readRestrictions, RESTRICTION_FIELDS, RestrictionFields, type RestrictionHints } from "@/components/keys/restriction-fields";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { endOfDay } from "@/components/ui/form-values";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { createKeyAction } from "../actions";

type Option = { value: string; label: string };

type Props = {
  orgSlug: string;
  projectId: string;
  /** the keys page, for the link to the new key */
  keysPath: string;
  environments: Option[];
  /** "" is the person creating the key; the others are service account ids */
  owners: Option[];
  hints: RestrictionHints;
};

export function CreateKeyForm({ orgSlug, projectId, keysPath, environments, owners, hints }: Props) {
  const { formRef, pending, errors, formError, run } = useActionForm(["name", "environment", "serviceAccountId", ...RESTRICTION_FIELDS]);
  const [created, setCreated] = useState<{ id: string; name: string; secret: string } | null>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? "").trim();
    const { expiresOn, rateLimitPerMinute, ...lists } = readRestrictions(values);
    setCreated(null);
    run(
      () =>
        createKeyAction(orgSlug, {
          projectId,
          name: text("name"),
          environment: text("environment"),
          ...(text("serviceAccountId") ? { serviceAccountId: text("serviceAccountId") } : {}),
          ...lists,
          ...(expiresOn ? { expiresAt: endOfDay(expiresOn) } : {}),
          ...(rateLimitPerMinute !== null ? { rateLimitPerMinute } : {}),
        }),
      (data) => {
        setCreated(data);
        form.reset();
      },
    );
  }

  return (
    <div className="space-y-4">
      {created && (
        <div className="space-y-2">
          <OneTimeSecret title={`Key “${created.name}” created`} secret={created.secret} onDone={() => setCreated(null)} />
          <Link href={`${keysPath}/${created.id}`} className="font-medium text-indigo-700 hover:underline">
            Open {created.name}
          </Link>
        </div>
      )}
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Key name" name="name" required error={errors.name} hint="What uses it, for example: checkout service." />
          <Select label="Environment" name="environment" options={environments} error={errors.environment} />
          <Select
            label="Owner"
            name="serviceAccountId"
            options={owners}
            error={errors.serviceAccountId}
            hint={owners.length > 1 ? "You, or a service account of this project." : undefined}
          />
        </div>
        <RestrictionFields errors={errors} policy={hints} />
        <StatusMessage error={formError} />
        <Button type="submit" disabled={pending}>
          Create key
        </Button>
      </form>
    </div>
  );
}
