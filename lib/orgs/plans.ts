// Plans and the features each enables. The billing issue makes plans editable; until then
// these are the catalog. A feature the plan lacks is shown and explained, never broken.
export const FEATURES = {
  sso: "Single sign-on (OIDC and SAML)",
  webhooks: "Operational webhooks",
  auditExport: "Audit log export",
  advancedPolicies: "Advanced key and session policies",
} as const;

export type Feature = keyof typeof FEATURES;

export const PLANS = {
  free: { name: "Free", features: [] as Feature[] },
  team: { name: "Team", features: ["webhooks"] as Feature[] },
  enterprise: {
    name: "Enterprise",
    features: ["sso", "webhooks", "auditExport", "advancedPolicies"] as Feature[],
  },
} as const;

export type PlanId = keyof typeof PLANS;
export const DEFAULT_PLAN: PlanId = "team";

export function planOf(id: string) {
  return PLANS[(id in PLANS ? id : DEFAULT_PLAN) as PlanId];
}

export function featureList(planId: string) {
  const plan = planOf(planId);
  return (Object.keys(FEATURES) as Feature[]).map((key) => ({
    key,
    label: FEATURES[key],
    enabled: plan.features.includes(key),
  }));
}

export function hasFeature(planId: string, feature: Feature): boolean {
  return planOf(planId).features.includes(feature);
}
