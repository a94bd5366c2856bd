import { z } from "zod";

export const slugSchema = z
  .string()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(48, "must be at most 48 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "use lower-case letters, digits and dashes");

export const nameSchema = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");

/** First path segments the app itself uses: an organization with one of these slugs would be unreachable. */
export const RESERVED_ORG_SLUGS: ReadonlySet<string> = new Set(["api", "dev", "invite", "organizations", "sign-in"]);

export const createOrganizationInput = z.strictObject({
  name: nameSchema,
  slug: slugSchema.refine((s) => !RESERVED_ORG_SLUGS.has(s), "is reserved; choose another").optional(),
});

export const updateOrganizationInput = z.strictObject({
  name: nameSchema,
});

/** Deleting an organization: the caller types its slug, which must match exactly. */
export const deleteOrganizationInput = z.strictObject({
  confirmSlug: z.string({ error: "is required: type the organization's slug" }).max(100, "must be at most 100 characters"),
});

/** A slug made from a name: "Acme Corp" → "acme-corp". */
export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // accents split off by NFKD: "é" → "e", not "e-"
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 40)
    .replace(/-+$/, ""); // after the cut, so a slug never ends in a dash
  return s.length >= 2 ? s : `org-${s}`.replace(/-$/, "");
}
