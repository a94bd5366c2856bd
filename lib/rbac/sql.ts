import { sql } from "drizzle-orm";
import { ORG_GRANTS, PROJECT_GRANTS } from "./matrix";
import { ORG_ROLES, PROJECT_ROLES, type Permission } from "./permissions";

/**
 * SQL: the membership row aliased `m` holds `permission` organization-wide, through its built-in
 * role or its custom role — the matrix's answer for queries over many members (who receives an
 * alert, whose keys lost their owner's access), so no query lists roles by hand.
 */
export function holdsOrgWideSql(m: string, permission: Permission) {
  const alias = sql.raw(m);
  const roles = ORG_ROLES.filter((r) => ORG_GRANTS[r].includes(permission));
  const builtIn = roles.length > 0 ? sql`${alias}.role in (${sql.join(roles.map((r) => sql`${r}`), sql`, `)})` : sql`false`;
  return sql`(${builtIn} or exists (select 1 from roles held_role where held_role.id = ${alias}.custom_role_id and ${permission} = any(held_role.permissions)))`;
}

/** SQL: the project_members row aliased `pm` holds `permission` in its project (built-in project role or custom). */
export function holdsInProjectSql(pm: string, permission: Permission) {
  const alias = sql.raw(pm);
  const roles = PROJECT_ROLES.filter((r) => PROJECT_GRANTS[r][permission] === "project");
  const builtIn = roles.length > 0 ? sql`${alias}.role in (${sql.join(roles.map((r) => sql`${r}`), sql`, `)})` : sql`false`;
  return sql`(${builtIn} or exists (select 1 from roles held_role where held_role.id = ${alias}.custom_role_id and ${permission} = any(held_role.permissions)))`;
}
