"use client";

import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { EnforcementChecklist } from "@/lib/security/enforcement";
import { setEnforcementAction } from "../actions";
import { RecoveryCodesDisplay } from "./recovery-codes-display";

type Props = {
  orgSlug: string;
  checklist: EnforcementChecklist;
  canManage: boolean;
  /** owners with no unused recovery code */
  ownersWithoutCodes: string[];
  userEmail: string;
};

function Check({ ok, children, fix }: { ok: boolean; children: React.ReactNode; fix?: React.ReactNode }) {
  return (
    <li className="flex items-start gap-2">
      <span aria-hidden="true" className={ok ? "text-green-700" : "text-red-700"}>
        {ok ? "✓" : "✗"}
      </span>
      <span>
        <span className="sr-only">{ok ? "Done: " : "Missing: "}</span>
        {children}
        {!ok && fix && <span className="ml-2">{fix}</span>}
      </span>
    </li>
  );
}

/** SSO enforcement: its state, the preconditions with a way to fix each, and the switch (with confirmation). */
export function EnforcementPanel({ orgSlug, checklist, canManage, ownersWithoutCodes, userEmail }: Props) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const tested = checklist.connections.filter((c) => c.enabled && c.tested);
  const domains = checklist.verifiedDomains;
  const ready = checklist.missing.length === 0;
  const link = "font-medium text-indigo-700 hover:underline";

  async function turn(enabled: boolean) {
    const result = await setEnforcementAction(orgSlug, { enabled });
    if (result.ok && result.data.recoveryCodes) setCodes(result.data.recoveryCodes);
    return result;
  }

  return (
    <div className="space-y-4">
      {codes && <RecoveryCodesDisplay codes={codes} orgSlug={orgSlug} email={userEmail} onDone={() => setCodes(null)} />}
      <p className="flex items-center gap-2">
        <span className="font-medium">Single sign-on is</span>
        {checklist.enforced ? <Badge tone="success">Enforced</Badge> : <Badge>Not enforced</Badge>}
      </p>
      <p className="text-slate-700">
        {checklist.enforced
          ? `Members with an address at ${domains.join(", ")} sign in only through single sign-on; email links are refused with an explanation. Owners keep their recovery codes.`
          : "When enforced, members whose address is on a verified domain can sign in only through single sign-on, and email links are refused for them."}
      </p>
      <div>
        <h3 className="mb-1 font-medium text-slate-900">Checklist</h3>
        <ul className="space-y-1">
          <Check ok={checklist.planIncludesSso}>The plan includes single sign-on.</Check>
          <Check
            ok={tested.length > 0}
            fix={
              <Link href={`/${orgSlug}/security/sso`} className={link}>
                {checklist.connections.length === 0 ? "Add a connection" : "Test a connection"}
              </Link>
            }
          >
            {tested.length > 0
              ? `An enabled connection passed a test sign-in with its current settings (${tested.map((c) => c.name).join(", ")}).`
              : checklist.connections.some((c) => c.enabled)
                ? "No enabled connection has passed a test sign-in with its current settings (a change to its settings needs a new test)."
                : "An enabled single sign-on connection, tested with a real sign-in from the console."}
          </Check>
          <Check
            ok={domains.length > 0}
            fix={
              <a href="#domains" className={link}>
                Claim and verify a domain
              </a>
            }
          >
            {domains.length > 0 ? `Verified domains: ${domains.join(", ")}.` : "At least one verified domain."}
          </Check>
        </ul>
        {ownersWithoutCodes.length > 0 && (
          <p className="mt-2 text-amber-900">
            Owners without recovery codes: {ownersWithoutCodes.join(", ")}. Each owner generates their own below; turning enforcement on gives
            the owner who does it a set.
          </p>
        )}
      </div>
      {canManage && (
        <div className="flex flex-wrap items-center gap-2">
          {checklist.enforced ? (
            <ConfirmDialog trigger="Stop enforcing SSO" triggerVariant="secondary" title="Stop enforcing single sign-on?" confirmLabel="Stop enforcing" onConfirm={() => turn(false)}>
              <p>Members of {domains.join(", ")} can sign in with email links again. Single sign-on keeps working for those who use it.</p>
            </ConfirmDialog>
          ) : (
            <ConfirmDialog trigger="Enforce SSO" triggerVariant="primary" disabled={!ready} title="Enforce single sign-on?" confirmLabel="Enforce SSO" onConfirm={() => turn(true)}>
              <p>
                From now on, everyone with an address at <strong>{domains.join(", ")}</strong> signs in only through single sign-on. Email
                links are refused for them, including links already sent.
              </p>
              <p>Owners sign in with a recovery code if the identity provider fails. If you are an owner without codes, yours are shown next, once.</p>
            </ConfirmDialog>
          )}
          {!ready && !checklist.enforced && <p className="text-slate-600">Complete the checklist above to enforce single sign-on.</p>}
        </div>
      )}
    </div>
  );
}
