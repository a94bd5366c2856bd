import { Field, TextAreaField } from "@/components/ui/field";
import { splitList } from "@/components/ui/form-values";
import type { KeyPolicyView } from "@/lib/keys/policy";

// The restrictions of a team key, shared by the create form and the edit form.

export const RESTRICTION_FIELDS = ["allowedModels", "allowedRoutes", "ipAllowlist", "expiresAt", "rateLimitPerMinute"] as const;

export type RestrictionDefaults = {
  allowedModels: string[];
  allowedRoutes: string[];
  ipAllowlist: string[];
  /** "YYYY-MM-DD" or "" */
  expiresOn: string;
  rateLimitPerMinute: number | null;
};

/** What the person entered: lists split, the expiry as a date ("" for none), the limit as a number or null. */
export function readRestrictions(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const rpm = text("rateLimitPerMinute");
  return {
    allowedModels: splitList(text("allowedModels")),
    allowedRoutes: splitList(text("allowedRoutes")),
    ipAllowlist: splitList(text("ipAllowlist")),
    expiresOn: text("expiresAt"),
    rateLimitPerMinute: rpm ? Number(rpm) : null,
  };
}

export type RestrictionHints = { expiry: string | null; ipAllowlist: string | null };

type Props = {
  errors: Record<string, string>;
  defaults?: RestrictionDefaults;
  /** what the organization's key policy requires, shown under the fields concerned */
  policy: RestrictionHints;
};

const list = (values?: string[]) => values?.join("\n") ?? "";
const code = { spellCheck: false, autoCapitalize: "none" } as const;

export function RestrictionFields({ errors, defaults, policy }: Props) {
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextAreaField
          label="Allowed models"
          name="allowedModels"
          defaultValue={list(defaults?.allowedModels)}
          error={errors.allowedModels}
          hint="One per line or comma separated: ids or patterns such as openai/*. Empty: the project's models."
          {...code}
        />
        <TextAreaField
          label="Allowed routes"
          name="allowedRoutes"
          defaultValue={list(defaults?.allowedRoutes)}
          error={errors.allowedRoutes}
          hint="Paths such as /v1/chat/completions; end with * for a prefix (/v1/embeddings*). Empty: every route."
          {...code}
        />
        <TextAreaField
          label="IP allowlist"
          name="ipAllowlist"
          defaultValue={list(defaults?.ipAllowlist)}
          error={errors.ipAllowlist}
          hint={policy.ipAllowlist ?? "IPv4 or IPv6 addresses or CIDR ranges (10.0.0.0/8, 2001:db8::/32). Empty: any address."}
          {...code}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field
          label="Expires"
          name="expiresAt"
          type="date"
          defaultValue={defaults?.expiresOn}
          error={errors.expiresAt}
          hint={policy.expiry ?? "Ends that day. Empty: never expires."}
        />
        <Field
          label="Requests per minute"
          name="rateLimitPerMinute"
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          defaultValue={defaults?.rateLimitPerMinute ?? ""}
          error={errors.rateLimitPerMinute}
          hint="Empty: no limit."
        />
      </div>
    </>
  );
}

const ROLE_NAMES: Record<string, string> = { project_admin: "project admins", developer: "developers" };

/** The key policy's requirements as hints for the fields: the lifetime counts from creation, the allowlist only in production. */
export function policyHints(
  policy: KeyPolicyView,
  key: { creating: boolean; environment?: string },
): RestrictionHints {
  const days = policy.maxLifetimeDays;
  const expiry = days
    ? `Required by the organization's key policy: at most ${days} days from ${key.creating ? "today" : "the key's creation"}.`
    : policy.requireExpiry
      ? "Required by the organization's key policy."
      : null;
  const forProduction = key.environment === undefined || key.environment === "production";
  const ipAllowlist =
    policy.requireIpAllowlistForProduction && forProduction
      ? "Required for production keys by the organization's key policy. Addresses or CIDR ranges, IPv4 or IPv6."
      : null;
  return { expiry, ipAllowlist };
}

/** Who may create production keys under the policy, for a note on the create form. */
export function productionCreators(policy: KeyPolicyView): string {
  const roles = policy.productionKeyRoles.map((r) => ROLE_NAMES[r] ?? r);
  return ["owners", "admins", ...roles].join(", ").replace(/, ([^,]*)$/, " and $1");
}
