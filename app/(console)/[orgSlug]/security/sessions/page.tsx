import type { Metadata } from "next";
import { SessionsTable } from "@/components/security/sessions-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader, Section } from "@/components/ui/section";
import { currentSessionToken } from "@/lib/auth/current";
import { holdersText } from "@/lib/rbac/holders";
import { requirePage } from "@/lib/server/page";
import { listSessions } from "@/lib/security/sessions";
import { endMemberSessionAction } from "../actions";
import { EndAllSessions } from "./_components/end-all-sessions";

export const metadata: Metadata = { title: "Sessions" };

export default async function OrganizationSessionsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "security.read");
  if (!access.allowed) return access.screen;
  const { db, org, can } = access;
  const sessions = await listSessions(db, { organizationId: org.id }, { currentToken: await currentSessionToken() });
  const canManage = can("security.manage");
  const people = new Set(sessions.map((s) => s.userId)).size;

  return (
    <>
      <PageHeader title="Sessions" actions={canManage && sessions.length > 1 ? <EndAllSessions orgSlug={org.slug} /> : undefined}>
        Every active console session of this organization&apos;s members. Sessions belong to a person: ending one signs them out of
        every organization they belong to.
      </PageHeader>
      <Section
        title="Active sessions"
        description={`${sessions.length} ${sessions.length === 1 ? "session" : "sessions"} of ${people} ${people === 1 ? "member" : "members"}.`}
      >
        {!canManage && <p className="mb-3 text-slate-600">Ending sessions needs {holdersText("security.manage")}.</p>}
        {sessions.length === 0 ? (
          <EmptyState title="No active sessions">Nobody of this organization is signed in.</EmptyState>
        ) : (
          <SessionsTable orgSlug={org.slug} sessions={sessions} showMember endAction={canManage ? endMemberSessionAction : null} />
        )}
      </Section>
    </>
  );
}
