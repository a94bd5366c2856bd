"use client";

import { useState } from "react";
import { OneTimeSecret } from "@/components/keys/one-time-secret";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { createEndpointAction, updateEndpointAction } from "../actions";
import { EventTypePicker } from "./event-type-picker";

type Props = {
  orgSlug: string;
  /** the endpoint being edited; none to add a new one */
  endpoint?: { id: string; url: string; description: string; eventTypes: string[] };
};

/** Adds an endpoint (its secret then shown once) or changes one: URL, description, event types. */
export function EndpointForm({ orgSlug, endpoint }: Props) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["url", "description", "eventTypes"]);
  const [eventTypes, setEventTypes] = useState<string[]>(endpoint?.eventTypes ?? []);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const fields = { url: String(values.get("url") ?? ""), description: String(values.get("description") ?? ""), eventTypes };
    setCreated(null);
    if (endpoint) {
      run(() => updateEndpointAction(orgSlug, { webhookId: endpoint.id, ...fields }), () => "Endpoint saved.");
      return;
    }
    run(
      () => createEndpointAction(orgSlug, fields),
      (data) => {
        setCreated(data);
        setEventTypes([]);
        form.reset();
      },
    );
  }

  return (
    <div className="space-y-4">
      {created && (
        <OneTimeSecret title={`Endpoint ${created.url} added: its signing secret`} secret={created.secret} onDone={() => setCreated(null)} />
      )}
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Endpoint URL"
            name="url"
            type="url"
            required
            defaultValue={endpoint?.url}
            error={errors.url}
            hint="https only; internal and private addresses are refused."
          />
          <Field label="Description" name="description" defaultValue={endpoint?.description} error={errors.description} hint="Optional: what receives it." />
        </div>
        <EventTypePicker value={eventTypes} onChange={setEventTypes} error={errors.eventTypes} />
        <StatusMessage error={formError}>{message}</StatusMessage>
        <Button type="submit" disabled={pending}>
          {endpoint ? "Save endpoint" : "Add endpoint"}
        </Button>
      </form>
    </div>
  );
}
