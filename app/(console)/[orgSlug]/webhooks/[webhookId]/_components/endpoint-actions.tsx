"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { OneTimeSecret } from "@/components/keys/one-time-secret";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatDate } from "@/components/ui/date-time";
import { StatusMessage } from "@/components/ui/status-message";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/ui/use-action-form";
import { deleteEndpointAction, rotateSecretAction, sendTestAction, updateEndpointAction } from "../../actions";
import { useRefreshDeliveries } from "./use-deliveries";

type Props = { orgSlug: string; endpoint: { id: string; url: string; enabled: boolean; previousSecretExpiresAt: string | null } };

/** Send a test event, enable or disable, rotate the secret, delete. */
export function EndpointActions({ orgSlug, endpoint }: Props) {
  const router = useRouter();
  const { pending, formError, message, run } = useActionForm([]);
  const [secret, setSecret] = useState<string | null>(null);
  const webhookId = endpoint.id;
  const refresh = useRefreshDeliveries(webhookId);

  async function rotate() {
    const result = await rotateSecretAction(orgSlug, { webhookId });
    if (result.ok) setSecret(result.data.secret);
    return result;
  }
  async function remove() {
    const result = await deleteEndpointAction(orgSlug, { webhookId });
    if (result.ok) router.push(`/${orgSlug}/webhooks`);
    return result;
  }

  return (
    <div className="space-y-3">
      {secret && <OneTimeSecret title="New signing secret" secret={secret} onDone={() => setSecret(null)} />}
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="secondary"
          disabled={pending || !endpoint.enabled}
          onClick={() =>
            run(
              () => sendTestAction(orgSlug, { webhookId }),
              () => {
                void refresh();
                return "Test event queued: it appears in the delivery log below.";
              },
            )
          }
        >
          Send test event
        </Button>
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            run(
              () => updateEndpointAction(orgSlug, { webhookId, enabled: !endpoint.enabled }),
              (data) => {
                void refresh();
                return data.enabled ? "Endpoint enabled." : "Endpoint disabled: its pending deliveries were marked failed.";
              },
            )
          }
        >
          {endpoint.enabled ? "Disable endpoint" : "Enable endpoint"}
        </Button>
        <ConfirmDialog trigger="Rotate secret" triggerVariant="secondary" title="Rotate the signing secret?" confirmLabel="Rotate secret" onConfirm={rotate}>
          <p>A new secret is issued and shown once.</p>
          <p>
            For <strong>24 hours</strong> every request carries two signatures, one per secret, so your receiver keeps
            verifying while you deploy the new one. Then only the new secret signs.
          </p>
        </ConfirmDialog>
        <ConfirmDialog trigger="Delete endpoint" title="Delete this endpoint?" confirmLabel="Delete endpoint" onConfirm={remove}>
          <p className="break-all">
            <strong>{endpoint.url}</strong> stops receiving events at once, and its delivery log is deleted. This cannot be undone.
          </p>
        </ConfirmDialog>
      </div>
      {endpoint.previousSecretExpiresAt && (
        <p className="text-slate-700">The previous secret also signs until {formatDate(endpoint.previousSecretExpiresAt, true)}.</p>
      )}
      <StatusMessage error={formError}>{message}</StatusMessage>
    </div>
  );
}
