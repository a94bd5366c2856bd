"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/server/action";
import type { FieldError } from "@/lib/core/errors";

/**
 * Field errors by the form's field names: `slug` → "is already taken"; an array entry
 * (`allowedModels.2`) lands on its field as "entry 3 …", all of them listed. Errors on other paths are returned apart.
 */
export function mapFieldErrors(fieldErrors: FieldError[], fields: readonly string[]) {
  const byField: Record<string, string> = {};
  const other: FieldError[] = [];
  for (const e of fieldErrors) {
    const [root, index] = e.path.split(".");
    if (!root || !fields.includes(root)) other.push(e);
    else if (index && /^\d+$/.test(index)) {
      const entry = `entry ${Number(index) + 1} ${e.message}`;
      byField[root] = byField[root] ? `${byField[root]}; ${entry}` : entry;
    } else byField[root] ??= e.message;
  }
  return { byField, other };
}

/**
 * A client form calling a server action: pending state, field errors inline, a top-level
 * error otherwise, a success message, and a refresh of the server-rendered page on success.
 */
export function useActionForm(fields: readonly string[]) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  // Take the person to the first bad field, unless they are already typing in one.
  useEffect(() => {
    if (document.activeElement?.matches("input, textarea, select")) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  function run<T>(action: () => Promise<ActionResult<T>>, onSuccess?: (data: T) => string | void) {
    setMessage(null);
    startTransition(async () => {
      let result: ActionResult<T>;
      try {
        result = await action();
      } catch {
        setFormError("The server could not be reached. Check your connection and try again.");
        return;
      }
      if (result.ok) {
        setErrors({});
        setFormError(null);
        setMessage(onSuccess?.(result.data) ?? null);
        router.refresh();
        return;
      }
      const { byField, other } = mapFieldErrors(result.error.fieldErrors, fields);
      setErrors(byField);
      const hasFieldErrors = Object.keys(byField).length > 0;
      setFormError(other.length > 0 || !hasFieldErrors ? result.error.message : null);
    });
  }

  return { formRef, pending, errors, formError, message, run };
}
