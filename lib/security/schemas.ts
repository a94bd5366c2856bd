import { z } from "zod";
import { sessionPolicyInput } from "./session-policy";

// The Admin API's shapes for domains, the security policy and sessions (the console's forms
// use the schemas next to each service; the bounds and messages are the same ones).

export const securityListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1, "must be 1 to 100").max(100, "must be 1 to 100").default(20),
  cursor: z.string().max(200).optional(),
});

export const domainParams = z.object({ domainId: z.string().min(1).max(100) });
export const sessionParams = z.object({ sessionId: z.string().min(1).max(100) });

const seconds = (schema: typeof sessionPolicyInput.shape.sessionMaxAgeSeconds, what: string) => schema.optional().describe(what);

/** PATCH /security-policy: any of the three fields; unknown fields are refused. */
export const securityPolicyPatch = z
  .strictObject({
    ssoEnforced: z
      .boolean({ message: "must be true or false" })
      .optional()
      .describe("Members on verified domains sign in only through SSO. Turning it on needs an enabled, tested connection and a verified domain"),
    sessionMaxAgeSeconds: seconds(
      sessionPolicyInput.shape.sessionMaxAgeSeconds,
      "A session older than this (3600 to 7776000 seconds) ends on its next request; null for no limit",
    ),
    sessionIdleTimeoutSeconds: seconds(
      sessionPolicyInput.shape.sessionIdleTimeoutSeconds,
      "A session idle longer than this (300 to 2592000 seconds) ends on its next request; null for no limit",
    ),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "send at least one of ssoEnforced, sessionMaxAgeSeconds, sessionIdleTimeoutSeconds" });

export type SecurityPolicyPatch = z.infer<typeof securityPolicyPatch>;

const isoTime = z.string().describe("ISO-8601 UTC");

export const domainResponse = z.object({
  id: z.string(),
  domain: z.string(),
  status: z.enum(["verified", "pending"]),
  verifiedAt: isoTime.nullable(),
  lastCheckedAt: isoTime.nullable(),
  lastCheckError: z.string().nullable().describe("why the last check failed, in words; null once verified"),
  record: z.object({ type: z.literal("TXT"), name: z.string(), value: z.string() }).describe("the TXT record to publish"),
  createdAt: isoTime,
});

export const securityPolicyResponse = z.object({
  ssoEnforced: z.boolean(),
  sessionMaxAgeSeconds: z.number().int().nullable(),
  sessionIdleTimeoutSeconds: z.number().int().nullable(),
  enforcement: z.object({
    planIncludesSso: z.boolean(),
    connections: z.array(z.object({ id: z.string(), name: z.string(), protocol: z.string(), enabled: z.boolean(), tested: z.boolean() })),
    verifiedDomains: z.array(z.string()),
    missing: z.array(z.string()).describe("what stops enforcement from being turned on; empty when it can be"),
    ownersWithoutRecoveryCodes: z.array(z.object({ userId: z.string(), email: z.string() })).describe("owners who should generate break-glass codes in the console"),
  }),
});

export const sessionResponse = z.object({
  id: z.string().describe("ses_…: a hash of the session, never its token"),
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  method: z.string().describe("magic_link, oidc, saml or recovery_code"),
  device: z.string(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: isoTime,
  lastActiveAt: isoTime,
  expiresAt: isoTime,
  current: z.boolean().describe("the session of the request that asked"),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
