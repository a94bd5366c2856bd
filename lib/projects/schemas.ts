import { z } from "zod";
import { nameSchema, slugSchema } from "@/lib/orgs/schemas";

export const DEFAULT_ENVIRONMENTS = ["production", "staging", "development"] as const;

export const environmentNameSchema = z
  .string()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(32, "must be at most 32 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "use lower-case letters, digits and dashes");

/** A model id (`openai/gpt-4o`) or a pattern over the catalog (`anthropic/*`, `openai/gpt-4o*`). */
export const modelPatternSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .regex(/^[a-z0-9][a-z0-9._:/-]*\*?$/i, "must be a model id or a pattern ending in *");

const environmentList = z
  .array(environmentNameSchema)
  .min(1, "must list at least one environment")
  .max(20, "must list at most 20 environments")
  .refine((list) => new Set(list).size === list.length, "must not repeat a name");

export const createProjectInput = z.strictObject({
  name: nameSchema,
  slug: slugSchema.optional(),
  description: z.string().trim().max(500, "must be at most 500 characters").optional(),
  environments: environmentList.optional(),
  allowedModels: z.array(modelPatternSchema).max(200, "must list at most 200 entries").optional(),
});

export const updateProjectInput = z.strictObject({
  name: nameSchema.optional(),
  slug: slugSchema.optional(),
  description: z.string().trim().max(500, "must be at most 500 characters").optional(),
  /** environments to have: names not yet present are added; none is removed through here */
  environments: environmentList.optional(),
  allowedModels: z.array(modelPatternSchema).max(200, "must list at most 200 entries").optional(),
});

export const addEnvironmentInput = z.strictObject({
  projectId: z.string().min(1),
  name: environmentNameSchema,
});

export const listProjectsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1, "must be 1 to 100").max(100, "must be 1 to 100").default(20),
  cursor: z.string().max(200).optional(),
  includeArchived: z.enum(["true", "false"]).optional(),
});

/** A project named by id, for the console's archive and restore actions. */
export const projectRefInput = z.strictObject({ projectId: z.string().min(1) });

/** The console's edit form: the fields of updateProjectInput and the project they change. */
export const updateProjectFormInput = updateProjectInput.extend({ projectId: z.string().min(1) });
