"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, TextAreaField } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { createConnectionAction, updateConnectionAction } from "../actions";
import { GroupMapping, ROLE_OPTIONS, type MappingRow } from "./group-mapping";

export type EditableConnection = {
  id: string;
  protocol: "oidc" | "saml";
  name: string;
  enabled: boolean;
  issuer: string | null;
  clientId: string | null;
  idpMetadataUrl: string | null;
  defaultRole: string;
  groupsClaim: string | null;
  groupRoleMapping: Record<string, string>;
};

const FIELDS = ["name", "issuer", "clientId", "clientSecret", "metadataXml", "metadataUrl", "defaultRole", "groupsClaim", "groupRoleMapping", "enabled", "protocol"];

/** Adds a connection of `protocol`, or edits one. The client secret is write-only. */
export function ConnectionForm({
  orgSlug,
  protocol,
  connection,
  customRoles = [],
}: {
  orgSlug: string;
  protocol: "oidc" | "saml";
  connection?: EditableConnection;
  /** organization-scoped custom roles a group may map to */
  customRoles?: { value: string; label: string }[];
}) {
  const router = useRouter();
  const { formRef, pending, errors, formError, message, run } = useActionForm(FIELDS);
  const [rows, setRows] = useState<MappingRow[]>(Object.entries(connection?.groupRoleMapping ?? {}).map(([group, role]) => ({ group, role })));
  const [xml, setXml] = useState("");
  const [fileNote, setFileNote] = useState<string | null>(null);

  async function onFile(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > 1024 * 1024) return setFileNote(`${file.name} is larger than 1 MB: that is not IdP metadata.`);
    setXml(await file.text());
    setFileNote(`Read ${file.name}.`);
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const v = new FormData(event.currentTarget);
    const text = (k: string) => String(v.get(k) ?? "");
    const common = {
      protocol,
      name: text("name"),
      defaultRole: text("defaultRole"),
      groupsClaim: text("groupsClaim"),
      groupRoleMapping: rows,
      enabled: connection ? v.get("enabled") === "on" : true,
    };
    const fields =
      protocol === "oidc"
        ? { ...common, issuer: text("issuer"), clientId: text("clientId"), clientSecret: text("clientSecret") }
        : { ...common, metadataXml: xml, metadataUrl: text("metadataUrl") };
    if (connection) {
      run(() => updateConnectionAction(orgSlug, { connectionId: connection.id, ...fields }), () => "Connection saved. If sign-in settings changed, test it again.");
      return;
    }
    run(
      () => createConnectionAction(orgSlug, fields),
      (data) => {
        router.push(`/${orgSlug}/security/sso/${data.id}`);
        return "Connection added.";
      },
    );
  }

  const claimLabel = protocol === "oidc" ? "Groups claim" : "Groups attribute";
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" name="name" required defaultValue={connection?.name} error={errors.name} hint="Shown to people choosing how to sign in, e.g. Okta." />
        <Select label="Default role" name="defaultRole" defaultValue={connection?.defaultRole ?? "member"} options={ROLE_OPTIONS} error={errors.defaultRole} hint="Given to people who join through this connection." />
      </div>
      {protocol === "oidc" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Issuer URL" name="issuer" type="url" required defaultValue={connection?.issuer ?? ""} error={errors.issuer} hint="e.g. https://yourcompany.okta.com; https only." className="sm:col-span-2" />
          <Field label="Client ID" name="clientId" required defaultValue={connection?.clientId ?? ""} error={errors.clientId} autoComplete="off" />
          <Field
            label="Client secret"
            name="clientSecret"
            type="password"
            required={!connection}
            error={errors.clientSecret}
            autoComplete="new-password"
            hint={connection ? "Stored encrypted and never shown. Leave empty to keep it." : "Stored encrypted and never shown again."}
          />
        </div>
      ) : (
        <div className="space-y-3">
          <TextAreaField
            label="IdP metadata XML"
            name="metadataXml"
            rows={5}
            value={xml}
            onChange={(e) => setXml(e.target.value)}
            error={errors.metadataXml}
            hint={connection ? "Paste new metadata to replace it; leave empty to keep the current one." : "Paste it, or upload the file below, or give its URL."}
          />
          <div className="space-y-1">
            <label htmlFor="sso-metadata-file" className="block font-medium text-slate-800">
              Upload metadata file
            </label>
            <input id="sso-metadata-file" type="file" accept=".xml,application/xml,text/xml" onChange={onFile} className="block text-sm" />
            <p role="status" className="text-xs text-slate-600">
              {fileNote}
            </p>
          </div>
          <Field label="IdP metadata URL" name="metadataUrl" type="url" defaultValue={connection?.idpMetadataUrl ?? ""} error={errors.metadataUrl} hint="Read once when you save; https only." />
        </div>
      )}
      <Field
        label={claimLabel}
        name="groupsClaim"
        defaultValue={connection?.groupsClaim ?? ""}
        error={errors.groupsClaim}
        hint={`The ${protocol === "oidc" ? "ID token claim" : "assertion attribute"} that lists the person's groups, e.g. groups. Empty turns group mapping off.`}
      />
      <GroupMapping rows={rows} onChange={setRows} error={errors.groupRoleMapping} customRoles={customRoles} />
      {connection && <Checkbox name="enabled" label="Enabled" defaultChecked={connection.enabled} hint="A connection that is off signs nobody in." />}
      <StatusMessage error={formError}>{message}</StatusMessage>
      <Button type="submit" disabled={pending}>
        {connection ? "Save connection" : "Add connection"}
      </Button>
    </form>
  );
}
