"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { StatusMessage } from "@/components/ui/status-message";
import { acceptInviteAction } from "./actions";

/** Accepts, then opens the organization. */
export function AcceptInvitation({ token }: { token: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  function accept() {
    startTransition(async () => {
      const result = await acceptInviteAction({ token }).catch(() => null);
      if (!result) return setError("The server could not be reached. Check your connection and try again.");
      if (!result.ok) return setError(result.error.message);
      router.push(`/${result.data.slug}`);
    });
  }
  return (
    <div className="space-y-3">
      <Button className="w-full" onClick={accept} disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Joining…" : "Accept invitation"}
      </Button>
      <StatusMessage error={error} />
    </div>
  );
}
