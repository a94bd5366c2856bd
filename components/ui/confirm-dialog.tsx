"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition, type ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";

type Outcome = { ok: true } | { ok: false; error: { message: string } };

type ConfirmDialogProps = {
  /** the button that opens the dialog */
  trigger: ReactNode;
  triggerVariant?: ButtonVariant;
  triggerSize?: "sm" | "md";
  disabled?: boolean;
  /** the dialog's heading and accessible name */
  title: string;
  /** what happens if the person confirms */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<Outcome>;
};

/**
 * A native modal <dialog>: the browser traps focus and closes it on Escape. Confirming runs
 * the action; a failure stays in the dialog, a success closes it and refreshes the page.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { trigger, triggerVariant = "danger", triggerSize = "md", disabled, title, children, confirmLabel, onConfirm } = props;
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      try {
        const result = await onConfirm();
        if (!result.ok) return setError(result.error.message);
      } catch {
        return setError("The server could not be reached. Check your connection and try again.");
      }
      ref.current?.close();
      router.refresh();
    });
  }

  return (
    <>
      <Button variant={triggerVariant} size={triggerSize} disabled={disabled} onClick={() => ref.current?.showModal()}>
        {trigger}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onClose={() => setError(null)}
        className="m-auto w-full max-w-md rounded-lg border border-slate-200 bg-white p-0 text-left text-sm text-slate-900 shadow-xl backdrop:bg-slate-900/50"
      >
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <div id={bodyId} className="space-y-2 text-slate-700">
            {children}
          </div>
          {error && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
              {error}
            </p>
          )}
        </div>
        <div className="flex justify-end gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3">
          <Button variant="secondary" autoFocus onClick={() => ref.current?.close()} disabled={pending}>
            Cancel
          </Button>
          <Button variant="danger" onClick={confirm} disabled={pending} aria-busy={pending || undefined}>
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
