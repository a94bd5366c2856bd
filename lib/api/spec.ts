import type { z } from "zod";
import type { Permission } from "@/lib/rbac";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * The declaration of one HTTP route: its contract (fed to the OpenAPI document) and its
 * required permission. `permission` is not optional: a route open to anyone says "public",
 * a platform route says "platform".
 */
export type RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> = {
  method: Method;
  path: string;
  summary: string;
  /** longer notes for the OpenAPI operation (what the summary cannot say in one line) */
  description?: string;
  tag: string;
  permission: Permission | "platform" | "public";
  /** body fields that need a permission of their own besides `permission`, against the same target */
  fieldPermissions?: Record<string, Permission>;
  params?: P;
  query?: Q;
  body?: B;
  /** the success status: 201 for creation, 204 for deletion, else 200 */
  status?: 200 | 201 | 204;
  response?: z.ZodType;
};

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec<P, Q, B> {
  return spec;
}
