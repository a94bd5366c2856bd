"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { replayAction } from "../../actions";
import { useRefreshDeliveries } from "./use-deliveries";

/** Sends again every delivery of the endpoint that failed since a chosen day (start of that day, local time). */
export function ReplayForm({ orgSlug, webhookId }: { orgSlug: string; webhookId: string }) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["since"]);
  const refresh = useRefreshDeliveries(webhookId);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const day = String(new FormData(event.currentTarget).get("since") ?? "");
    const since = day ? new Date(`${day}T00:00:00`).toISOString() : "";
    run(
      () => replayAction(orgSlug, { webhookId, since }),
      (data) => {
        void refresh();
        return data.replayed === 0 ? "No failed delivery since then." : `${data.replayed} failed ${data.replayed === 1 ? "delivery" : "deliveries"} queued again.`;
      },
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Replay failed deliveries since" name="since" type="date" required error={errors.since} className="w-56" />
        <Button type="submit" variant="secondary" disabled={pending}>
          Replay failed
        </Button>
      </div>
      <StatusMessage error={formError}>{message}</StatusMessage>
    </form>
  );
}
