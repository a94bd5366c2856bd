"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { updateContactsAction } from "../actions";

/** Adds and removes the addresses that receive invoices and renewal reminders (they need not be members). */
export function ContactsEditor({ orgSlug, contacts }: { orgSlug: string; contacts: string[] }) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["renewalContacts"]);
  const [draft, setDraft] = useState("");

  function save(next: string[], done: string) {
    run(() => updateContactsAction(orgSlug, { renewalContacts: next }), () => {
      setDraft("");
      return done;
    });
  }

  function onAdd(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = draft.trim();
    if (email) save([...contacts, email], `${email} added.`);
  }

  return (
    <div className="space-y-3">
      {contacts.length === 0 ? (
        <p className="text-slate-600">No renewal contacts: invoices and reminders go to the billing owner only.</p>
      ) : (
        <ul aria-label="Renewal contacts" className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {contacts.map((c) => (
            <li key={c} className="flex items-center justify-between gap-3 px-3 py-1.5">
              <span className="break-all text-slate-900">{c}</span>
              <Button variant="secondary" size="sm" disabled={pending} aria-label={`Remove ${c}`} onClick={() => save(contacts.filter((x) => x !== c), `${c} removed.`)}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form ref={formRef} onSubmit={onAdd} noValidate className="flex flex-wrap items-end gap-2">
        <Field
          label="Add a contact"
          name="email"
          type="email"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          error={errors.renewalContacts}
          hint="Any email address, for example accounts-payable@yourcompany.com."
          className="min-w-64 flex-1"
        />
        <Button type="submit" disabled={pending || !draft.trim()} className="mb-5">
          Add contact
        </Button>
      </form>
      <StatusMessage error={formError}>{message}</StatusMessage>
    </div>
  );
}
