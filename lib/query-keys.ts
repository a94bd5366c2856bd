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
  webhooks: {
    /** an endpoint's delivery log; without `status`, every filter of it */
    deliveries: (endpointId: string, status?: string) => ["webhooks", endpointId, "deliveries", ...(status === undefined ? [] : [status])] as const,
  },
};
