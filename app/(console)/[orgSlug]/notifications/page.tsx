import type { Metadata } from "next";
import { PageHeader, Section } from "@/components/ui/section";
import { getPreferences } from "@/lib/notifications/preferences";
import { requirePage } from "@/lib/server/page";
import { PreferencesForm } from "./_components/preferences-form";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "org.read");
  if (!access.allowed) return access.screen;
  const { db, org, user } = access;
  const preferences = await getPreferences(db, org.id, user.userId);
  return (
    <>
      <PageHeader title="Notifications">
        The email you receive about {org.name}, sent to {user.email}. These choices are yours alone and apply to this
        organization only.
      </PageHeader>
      <Section title="Email notifications" description="Invitations and security alerts always go; choose which of the others you receive.">
        <PreferencesForm orgSlug={org.slug} preferences={preferences} />
      </Section>
    </>
  );
}
