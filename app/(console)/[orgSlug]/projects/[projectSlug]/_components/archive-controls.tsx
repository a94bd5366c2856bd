"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { archiveProjectAction, restoreProjectAction } from "../actions";

type Props = { orgSlug: string; projectId: string; projectName: string; archived: boolean };

/** Archive (confirmed, since its keys stop verifying) or restore the project. */
export function ArchiveControls({ orgSlug, projectId, projectName, archived }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  if (!archived) {
    return (
      <ConfirmDialog
        trigger="Archive project"
        title={`Archive ${projectName}?`}
        confirmLabel="Archive project"
        onConfirm={() => archiveProjectAction(orgSlug, { projectId })}
      >
        <p>
          Every key of this project <strong>stops verifying at once</strong>: calls made with them are refused until the
          project is restored.
        </p>
        <p>The project becomes read-only. Its settings, environments and history are kept.</p>
      </ConfirmDialog>
    );
  }

  function restore() {
    setError(null);
    startTransition(async () => {
      const result = await restoreProjectAction(orgSlug, { projectId });
      if (result.ok) router.refresh();
      else setError(result.error.message);
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <Button onClick={restore} disabled={pending}>
        Restore project
      </Button>
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
