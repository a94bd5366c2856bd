import { PLANS } from "@/lib/orgs/plans";

const WITH_SSO = Object.values(PLANS)
  .filter((p) => (p.features as readonly string[]).includes("sso"))
  .map((p) => p.name)
  .join(" and ");

/** Shown instead of the connections when the organization's plan has no single sign-on. */
export function SsoUnavailable({ planName }: { planName: string }) {
  return (
    <div role="status" className="rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
      <p className="font-semibold text-slate-900">Single sign-on is not part of the {planName} plan.</p>
      <p className="mt-1 text-slate-700">
        Single sign-on lets members sign in through your identity provider (Okta, Microsoft Entra ID, Google Workspace, any OIDC or
        SAML 2.0 provider), join with a default role and get roles from their groups. It comes with the {WITH_SSO} plan; an owner can
        change the plan.
      </p>
    </div>
  );
}
