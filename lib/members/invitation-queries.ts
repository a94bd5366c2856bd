import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { invitations, organizations, projects, users, type Invitation } from "@/db/schema";
import { isCustomRoleId, ROLE_LABELS, type OrgRole, type OrgRoleRef, type ProjectRole, type ProjectRoleRef, type Target } from "@/lib/rbac";
import { customRolesById } from "@/lib/roles/grants";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";

/** How long an invitation link works (docs/architecture.md: 7 days by default). */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A single-use token (256 random bits) and the SHA-256 that is all the database keeps. */
export function newInvitationToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token) };
}

export const hashInvitationToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type InvitationStatus = "pending" | "expired" | "accepted" | "revoked";

export function invitationStatus(inv: Invitation, now = Date.now()): InvitationStatus {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "revoked";
  return inv.expiresAt.getTime() <= now ? "expired" : "pending";
}

type Row = { invitation: Invitation; invitedByEmail: string | null };

/** Names of built-in roles and of the custom roles some invitations name. */
type RoleNames = ReadonlyMap<string, string>;
const roleName = (names: RoleNames, ref: string) => names.get(ref) ?? ROLE_LABELS[ref as OrgRole | ProjectRole] ?? ref;

export function invitationView(row: Row, projectNames: ReadonlyMap<string, string>, roleNames: RoleNames = new Map()) {
  const inv = row.invitation;
  const role = (inv.customRoleId ?? inv.role) as OrgRoleRef;
  return {
    id: inv.id,
    email: inv.email,
    role,
    roleName: roleName(roleNames, role),
    projects: inv.projectRoles.map((p) => ({
      projectId: p.projectId,
      projectName: projectNames.get(p.projectId) ?? null,
      role: p.role as ProjectRoleRef,
      roleName: roleName(roleNames, p.role),
    })),
    status: invitationStatus(inv),
    invitedBy: inv.invitedById ? { id: inv.invitedById, email: row.invitedByEmail } : null,
    expiresAt: inv.expiresAt.toISOString(),
    sentAt: inv.sentAt.toISOString(),
    acceptedAt: inv.acceptedAt?.toISOString() ?? null,
    revokedAt: inv.revokedAt?.toISOString() ?? null,
    createdAt: inv.createdAt.toISOString(),
  };
}
export type InvitationView = ReturnType<typeof invitationView>;

function selectInvitations(db: Queryable) {
  return db
    .select({ invitation: invitations, invitedByEmail: users.email })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedById));
}

/** Names of the projects some invitations name (those still in the organization). */
async function projectNamesOf(db: Queryable, organizationId: string, rows: Row[]) {
  const ids = [...new Set(rows.flatMap((r) => r.invitation.projectRoles.map((p) => p.projectId)))];
  if (ids.length === 0) return new Map<string, string>();
  const found = await db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(eq(projects.organizationId, organizationId), inArray(projects.id, ids)));
  return new Map(found.map((p) => [p.id, p.name]));
}

export async function views(db: Queryable, organizationId: string, rows: Row[]) {
  const names = await projectNamesOf(db, organizationId, rows);
  const refs = rows.flatMap((r) => [r.invitation.customRoleId ?? "", ...r.invitation.projectRoles.map((p) => p.role)]).filter(isCustomRoleId);
  const custom = await customRolesById(db, organizationId, refs);
  const roleNames = new Map([...custom.values()].map((r) => [r.id, r.name]));
  return rows.map((r) => invitationView(r, names, roleNames));
}

/** An invitation of the organization, or NOT_FOUND (also for other organizations'). */
export async function loadInvitation(db: Queryable, organizationId: string, id: string): Promise<Row> {
  const [row] = await selectInvitations(db).where(and(eq(invitations.id, id), eq(invitations.organizationId, organizationId)));
  if (!row) throw new AppError("NOT_FOUND", "Invitation was not found.");
  return row;
}

export async function invitationTarget({ db, ctx, params }: { db: Queryable; ctx: RequestContext; params: { inviteId: string } }): Promise<Target> {
  await loadInvitation(db, ctx.principal.organizationId, params.inviteId);
  return { kind: "organization" };
}

/** Invitations not accepted nor revoked (pending or expired, so they can be resent), by id. */
export async function listInvitations(db: Queryable, ctx: RequestContext, opts: { limit: number; cursor?: string }) {
  const organizationId = ctx.principal.organizationId;
  const rows = await selectInvitations(db)
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        opts.cursor ? gt(invitations.id, opts.cursor) : undefined,
      ),
    )
    .orderBy(asc(invitations.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  return { data: await views(db, organizationId, page), nextCursor: rows.length > opts.limit ? page[page.length - 1]!.invitation.id : null };
}

/** The invitation behind a link, with its organization, for the acceptance page; null when unknown. */
export async function findInvitationByToken(db: Queryable, token: string) {
  const [row] = await db
    .select({ invitation: invitations, organization: { id: organizations.id, name: organizations.name, slug: organizations.slug } })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(eq(invitations.tokenHash, hashInvitationToken(token)));
  return row ? { ...row, status: invitationStatus(row.invitation) } : null;
}
