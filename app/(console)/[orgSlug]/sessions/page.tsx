import type { Metadata } from "next";
import { SessionsTable } from "@/components/security/sessions-table";
import { PageHeader, Section } from "@/components/ui/section";
import { currentSessionToken } from "@/lib/auth/current";
import { requirePage } from "@/lib/server/page";
import { listSessions } from "@/lib/security/sessions";
import { endOwnSessionAction } from "./actions";
import { EndOtherSessions } from "./_components/end-other-sessions";

export const metadata: Metadata = { title: "Your sessions" };

export default async function YourSessionsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "org.read");
  if (!access.allowed) return access.screen;
  const { db, org, user } = access;
  const sessions = await listSessions(db, { userId: user.userId }, { currentToken: await currentSessionToken() });
  const others = sessions.filter((s) => !s.current).length;

  return (
    <>
      <PageHeader title="Your sessions" actions={others > 0 ? <EndOtherSessions orgSlug={org.slug} count={others} /> : undefined}>
        Where you are signed in to the console. A session serves every organization you belong to: ending one signs that device out
        everywhere.
      </PageHeader>
      <Section title="Active sessions" description="Do not recognise one? End it, and tell your security owner.">
        <SessionsTable orgSlug={org.slug} sessions={sessions} showMember={false} endAction={endOwnSessionAction} />
      </Section>
    </>
  );
}
