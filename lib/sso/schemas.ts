import { z } from "zod";
import { isCustomRoleId, type CustomRoleId } from "@/lib/rbac";

// Input of the SSO connection forms and the Admin API. The client secret is write-only: on an
// update an empty secret keeps the stored one.

export const ASSIGNABLE_ROLES = ["admin", "security", "finance", "member"] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
/** What a group may map to: a built-in role other than owner, or an organization-scoped custom role. */
const mappedRoleSchema = z.union([z.enum(ASSIGNABLE_ROLES), z.string().refine(isCustomRoleId).transform((v) => v as CustomRoleId)], {
  message: "must be admin, security, finance, member or the id of a custom role (role_…)",
});

/** SSO_ALLOWED_HTTP_HOSTS as lower-case `host` or `host:port` entries (development and tests only). */
export function ssoAllowedHttpHosts(source: string | undefined = process.env.SSO_ALLOWED_HTTP_HOSTS): string[] {
  return (source ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/** True when the URL may be used over plain http (its host or host:port is in SSO_ALLOWED_HTTP_HOSTS). */
export function isHttpAllowed(url: URL, allowed: readonly string[] = ssoAllowedHttpHosts()): boolean {
  const host = url.hostname.toLowerCase();
  return allowed.includes(host) || allowed.includes(`${host}:${url.port || "80"}`);
}

/** One message per bad URL; zod runs every refinement, so none may assume an earlier one passed. */
const secureUrl = (allowQuery = false) =>
  z
    .string()
    .trim()
    .min(1, "is required")
    .max(2000)
    .superRefine((v, ctx) => {
      const u = URL.parse(v);
      const problem = !u
        ? "must be a full URL, such as https://login.example.com"
        : !(u.protocol === "https:" || (u.protocol === "http:" && isHttpAllowed(u)))
          ? "must use https"
          : u.hash || (!allowQuery && u.search)
            ? allowQuery ? "must not have a fragment" : "must not have a query or fragment"
            : null;
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

/** The mapping arrives as an object, as JSON (forms), or as rows `[{group, role}]`. */
const mappingInput = z.preprocess(
  (v) => {
    if (v === undefined || v === null || v === "") return {};
    if (typeof v === "string") {
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    }
    return v;
  },
  z
    .union([
      z.array(z.object({ group: z.string().trim().min(1, "needs a group name").max(200), role: mappedRoleSchema })),
      z.record(z.string().trim().min(1).max(200), mappedRoleSchema),
    ])
    .transform((v) => (Array.isArray(v) ? Object.fromEntries(v.map((r) => [r.group, r.role])) : v))
    .refine((v) => Object.keys(v).length <= 100, "may have at most 100 groups"),
);

const common = {
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  defaultRole: z.enum(ASSIGNABLE_ROLES, { error: "must be admin, security, finance or member" }).default("member"),
  groupsClaim: z.preprocess(blankToNull, z.string().trim().max(200).regex(/^[\w.:/-]+$/, "may contain letters, digits and . _ : / - only").nullable()).optional(),
  groupRoleMapping: mappingInput.optional(),
  enabled: z.preprocess((v) => (v === "on" || v === "true" ? true : v === "false" ? false : v), z.boolean()).optional(),
};

export const oidcConnectionInput = z.strictObject({
  protocol: z.literal("oidc"),
  ...common,
  issuer: secureUrl(),
  clientId: z.string().trim().min(1, "is required").max(500),
  /** required on create; on update blank keeps the stored secret */
  clientSecret: z.preprocess(blankToNull, z.string().max(2000).nullable()).optional(),
});

export const samlConnectionInput = z.strictObject({
  protocol: z.literal("saml"),
  ...common,
  metadataXml: z.preprocess(blankToNull, z.string().max(1_000_000, "must be at most 1 MB").nullable()).optional(),
  metadataUrl: z.preprocess(blankToNull, secureUrl(true).nullable()).optional(),
});

export const connectionInput = z.discriminatedUnion("protocol", [oidcConnectionInput, samlConnectionInput], {
  error: "must be oidc or saml",
});

/** The console's edit form: a connection's fields and its id. */
export const updateConnectionInput = z.discriminatedUnion(
  "protocol",
  [oidcConnectionInput.extend({ connectionId: z.string().min(1).max(100) }), samlConnectionInput.extend({ connectionId: z.string().min(1).max(100) })],
  { error: "must be oidc or saml" },
);

/** On create the OIDC client secret is required (checked with the other fields, so every error shows at once). */
export const createConnectionInput = z.discriminatedUnion(
  "protocol",
  [oidcConnectionInput.extend({ clientSecret: z.string({ error: "is required" }).trim().min(1, "is required").max(2000) }), samlConnectionInput],
  { error: "must be oidc or saml" },
);

/**
 * POST body of the Admin API as one object (the OpenAPI document describes it; unknown fields
 * are refused). The route then applies createConnectionInput, which knows what each protocol needs.
 */
export const connectionBody = z.strictObject({
  protocol: z.enum(["oidc", "saml"], { error: "must be oidc or saml" }),
  name: common.name,
  defaultRole: z.enum(ASSIGNABLE_ROLES, { error: "must be admin, security, finance or member" }).optional(),
  groupsClaim: common.groupsClaim,
  groupRoleMapping: mappingInput.optional(),
  enabled: z.boolean().optional(),
  issuer: secureUrl().optional().describe("OIDC: the issuer URL (https)"),
  clientId: z.string().trim().min(1, "is required").max(500).optional().describe("OIDC"),
  clientSecret: z.string().trim().min(1, "is required").max(2000).optional().describe("OIDC: write-only"),
  metadataXml: z.string().max(1_000_000, "must be at most 1 MB").optional().describe("SAML: the IdP metadata"),
  metadataUrl: secureUrl(true).optional().describe("SAML: where to read the IdP metadata (https)"),
});

/** PATCH of the Admin API: any of the fields; the protocol cannot change. */
export const patchConnectionInput = z
  .object({
    name: common.name,
    issuer: secureUrl(),
    clientId: z.string().trim().min(1, "is required").max(500),
    clientSecret: z.string().trim().min(1, "must not be empty").max(2000),
    metadataXml: z.string().max(1_000_000, "must be at most 1 MB"),
    metadataUrl: secureUrl(true).nullable(),
    defaultRole: z.enum(ASSIGNABLE_ROLES, { error: "must be admin, security, finance or member" }),
    groupsClaim: common.groupsClaim,
    groupRoleMapping: mappingInput,
    enabled: z.boolean(),
  })
  .partial()
  .strict();

export type ConnectionInput = z.infer<typeof connectionInput>;
export type OidcConnectionInput = z.infer<typeof oidcConnectionInput>;
export type SamlConnectionInput = z.infer<typeof samlConnectionInput>;
