"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import type { NotificationCategory } from "@/lib/notifications/categories";
import { updatePreferencesAction } from "../actions";

type Preference = { category: NotificationCategory; label: string; description: string; essential: boolean; enabled: boolean };

/** One checkbox per category; essential ones are shown checked and cannot be turned off. */
export function PreferencesForm({ orgSlug, preferences }: { orgSlug: string; preferences: Preference[] }) {
  const { formRef, pending, formError, message, run } = useActionForm([]);
  const [chosen, setChosen] = useState(() => new Map(preferences.map((p) => [p.category, p.enabled])));

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const changes = preferences.filter((p) => !p.essential).map((p) => ({ category: p.category, enabled: chosen.get(p.category) ?? true }));
    run(() => updatePreferencesAction(orgSlug, { preferences: changes }), () => "Preferences saved.");
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-4">
      <ul className="space-y-3">
        {preferences.map((p) => (
          <li key={p.category}>
            <Checkbox
              label={p.essential ? `${p.label} (always sent)` : p.label}
              hint={p.description}
              checked={chosen.get(p.category) ?? true}
              disabled={p.essential}
              onChange={(e) => setChosen(new Map(chosen).set(p.category, e.target.checked))}
            />
          </li>
        ))}
      </ul>
      <StatusMessage error={formError}>{message}</StatusMessage>
      <Button type="submit" disabled={pending}>
        Save preferences
      </Button>
    </form>
  );
}
