// Every TanStack Query key of the console, in one place, so mutations invalidate what they touch.

/** The parameters of GET /api/v1/usage, as the console sends them. */
export type UsageParams = {
  start: string;
  end: string;
  bucket: "hour" | "day" | "month";
  groupBy?: string;
  projectId?: string;
  keyId?: string;
  model?: string;
};

export const queryKeys = {
  usage: {
    all: (organizationId: string) => ["usage", organizationId] as const,
    query: (organizationId: string, params: UsageParams) => ["usage", organizationId, params] as const,
  },
  limits: {
    /** every limits query of the organization (invalidated by any change of limits) */
    all: (organizationId: string) => ["limits", organizationId] as const,
    /** GET /organization/budgets, the finance view */
    budgets: (organizationId: string) => ["limits", organizationId, "budgets"] as const,
    /** GET …/limits of one target */
    target: (organizationId: string, level: string, targetId: string) => ["limits", organizationId, level, targetId] as const,
    /** GET /keys/{keyId}/effective-limits?model= of one key (no model: "all"), the key page's chain */
    effective: (organizationId: string, keyId: string, model: string | null) => ["limits", organizationId, "effective", keyId, model ?? "all"] as const,
  },
  webhooks: {
    /** an endpoint's delivery log; without `status`, every filter of it */
    deliveries: (endpointId: string, status?: string) => ["webhooks", endpointId, "deliveries", ...(status === undefined ? [] : [status])] as const,
  },
};
