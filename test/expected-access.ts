import { can, type Permission, type Principal, type Target } from "@/lib/rbac";
import { CALLERS, type Caller, type Who, type World } from "./world";

// What the shared suites expect of every caller, derived from the permission matrix: the
// principal each caller has in the world, the object a request acts on, and `can()` from
// lib/rbac. No suite lists who is refused by hand; a new caller in CALLERS (test/world.ts) is
// checked everywhere at once, with the answer the matrix gives it.

/**
 * The principal a caller has in the world, as the console builds it for the request: the
 * actor, the organization, its role, the custom role it holds and, for members, its role in
 * the world's project.
 * The only place that turns a caller into what `can()` decides on.
 */
export function principalOf(w: World, who: Who): Principal {
  const caller: Caller = CALLERS[who];
  const projectRoles = caller.via === "session" && caller.projectRole ? [[w.project.id, caller.projectRole] as const] : [];
  const custom = w.customRoleOf(who);
  return {
    actor: w.actorOf(who),
    organizationId: w.org.id,
    role: caller.role,
    customRole: custom ? { id: custom.id, name: custom.name, permissions: new Set(custom.permissions) } : null,
    projectRoles: new Map(projectRoles),
  };
}

/** The object a request of `who` acts on, taken from the world. */
export type TargetOf = (w: World, who: Who) => Target;

/** The targets of the world's objects, as the wrappers resolve them (lib/rbac `Target`). */
export const TARGETS = {
  /** the organization as a whole (the wrappers' default) */
  organization: (() => ({ kind: "organization" })) as TargetOf,
  /** a list over the organization's projects */
  projects: (() => ({ kind: "projects" })) as TargetOf,
  /** the world's project */
  project: ((w) => ({ kind: "project", projectId: w.project.id })) as TargetOf,
  /** the world's team key, in the world's project, owned by the organization's owner */
  teamKey: ((w) => ({ kind: "key", projectId: w.project.id, ownerUserId: w.teamKeyOwnerId })) as TargetOf,
  /** the key a creation would make in the world's project: the caller's own, or a service account's when an admin key creates it */
  newKey: ((w, who) => {
    const actor = w.actorOf(who);
    return { kind: "key", projectId: w.project.id, ownerUserId: actor.type === "user" ? actor.userId : null };
  }) as TargetOf,
} satisfies Record<string, TargetOf>;

/** What a request needs: a permission on a target, and the permissions of body fields that need their own. */
export type Requirement = {
  permission: Permission;
  /** body fields that need a permission of their own (RouteSpec.fieldPermissions), against the same target */
  fieldPermissions?: Record<string, Permission>;
  body?: unknown;
  target?: TargetOf;
  /** a second target `permission` is checked on once the body is read (the route wrapper's `bodyTarget`) */
  bodyTarget?: TargetOf;
};

/** Every permission the request needs: its own and that of every field its body gives. */
export function permissionsNeeded(req: Pick<Requirement, "permission" | "fieldPermissions" | "body">): Permission[] {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const fields = Object.entries(req.fieldPermissions ?? {}).filter(([field]) => typeof body === "object" && body[field] !== undefined);
  return [...new Set([req.permission, ...fields.map(([, p]) => p)])];
}

export type Expected = {
  allowed: boolean;
  /** the permissions checked, and the one(s) the caller lacks */
  needed: Permission[];
  lacking: Permission[];
  target: Target;
  /** one line for assertion messages: `session:developer may not key.update on key prj_… (owner usr_…)` */
  reason: string;
};

function describeTarget(t: Target): string {
  switch (t.kind) {
    case "organization":
      return "the organization";
    case "projects":
      return "the projects list";
    case "project":
      return `project ${t.projectId}`;
    case "key":
      return `key of project ${t.projectId} owned by ${t.ownerUserId ?? "a service account"}`;
    default:
      return JSON.stringify(t);
  }
}

/** The matrix's answer for one caller: allowed when `can()` grants every permission needed on its target. */
export function expectedAccess(w: World, who: Who, req: Requirement): Expected {
  const principal = principalOf(w, who);
  const target = (req.target ?? TARGETS.organization)(w, who);
  const needed = permissionsNeeded(req);
  const checks: [Permission, Target][] = needed.map((p) => [p, target]);
  if (req.bodyTarget) checks.push([req.permission, req.bodyTarget(w, who)]);
  const refused = checks.filter(([p, t]) => !can(principal, p, t));
  const allowed = refused.length === 0;
  const lacking = [...new Set(refused.map(([p]) => p))];
  const reason = allowed
    ? `${who} may ${needed.join(" + ")} on ${describeTarget(target)}`
    : `${who} may not ${refused.map(([p, t]) => `${p} on ${describeTarget(t)}`).join(", ")}`;
  return { allowed, needed, lacking, target, reason };
}

/** The callers the matrix allows and denies for a request, in the order given. */
export function partitionCallers(w: World, callers: readonly Who[], req: Requirement): { allowed: Who[]; denied: Who[] } {
  const allowed: Who[] = [];
  const denied: Who[] = [];
  for (const who of callers) (expectedAccess(w, who, req).allowed ? allowed : denied).push(who);
  return { allowed, denied };
}
