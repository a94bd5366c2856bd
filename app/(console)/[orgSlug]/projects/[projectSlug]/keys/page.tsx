import type { Metadata } from "next";
import Link from "next/link";
import { policyHints, productionCreators } from "@/components/keys/restriction-fields";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader, Section } from "@/components/ui/section";
import { getKeyPolicy } from "@/lib/keys/policy";
import { mayCreateProductionKeys } from "@/lib/rbac";
import { CONSOLE_KEY_LIMIT, listAllProjectKeys } from "@/lib/keys/queries";
import { listServiceAccounts } from "@/lib/keys/service-accounts";
import { ProjectTabs } from "../_components/project-tabs";
import { requirePage } from "@/lib/server/page";
import { projectTitle, resolveProject } from "../_lib/load-project";
import { CreateKeyForm } from "./_components/create-key-form";
import { KeysTable } from "./_components/keys-table";
import { ServiceAccounts } from "./_components/service-accounts";

type Params = { orgSlug: string; projectSlug: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { orgSlug, projectSlug } = await params;
  return projectTitle(orgSlug, projectSlug, "Keys");
}

export default async function ProjectKeysPage({ params }: { params: Promise<Params> }) {
  const { orgSlug, projectSlug } = await params;
  const { project, target } = await resolveProject(orgSlug, projectSlug);
  const access = await requirePage(orgSlug, "key.read", target);
  if (!access.allowed) return access.screen;
  const { db, ctx, org, user, principal, can } = access;
  const { keys, truncated } = await listAllProjectKeys(db, ctx, project.id);
  const { data: accounts } = await listServiceAccounts(db, ctx, project.id);
  const policy = await getKeyPolicy(db, org.id);
  const archived = project.archivedAt !== null;
  const base = `/${org.slug}/projects/${project.slug}`;

  // What the create form offers: production only to roles the key policy allows, service
  // account owners only to those who may act on keys that are not their own.
  const productionAllowed = mayCreateProductionKeys(principal, project.id, policy);
  const environments = project.environments.filter((e) => productionAllowed || e !== "production").map((e) => ({ value: e, label: e }));
  const owners = [
    { value: "", label: `Me (${user.email})` },
    ...(can("key.create", { kind: "key", projectId: project.id, ownerUserId: null })
      ? accounts.map((a) => ({ value: a.id, label: `${a.name} (service account)` }))
      : []),
  ];

  return (
    <>
      <p className="mb-2">
        <Link href={`/${org.slug}/projects`} className="font-medium text-indigo-700 hover:underline">
          ← Projects
        </Link>
      </p>
      <PageHeader title={project.name}>
        <span className="font-mono">{project.slug}</span> ·{" "}
        {archived ? <Badge tone="warning">Archived</Badge> : <Badge tone="success">Active</Badge>}
      </PageHeader>
      <ProjectTabs base={base} current="keys" showKeys />
      <div className="space-y-6">
        {archived && (
          <p className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900">
            This project is archived: read-only, and its keys do not verify. Restore it to create or change keys.
          </p>
        )}
        {can("key.create", target) && !archived && (
          <Section
            title="Create a key"
            description="The full secret is shown once, right after creation. Only its start and last four characters are kept visible."
          >
            {!productionAllowed && (
              <p className="mb-3 text-slate-700">
                Production is not offered: the organization&apos;s key policy lets only {productionCreators(policy)} create production keys.
              </p>
            )}
            <CreateKeyForm
              orgSlug={org.slug}
              projectId={project.id}
              keysPath={`${base}/keys`}
              environments={environments}
              owners={owners}
              hints={policyHints(policy, { creating: true })}
            />
          </Section>
        )}
        <Section title="Keys" description="Every key belongs to one environment and has an owner: a member or a service account.">
          {keys.length === 0 ? (
            <EmptyState title="No keys yet">Keys of this project appear here once created.</EmptyState>
          ) : (
            <KeysTable keysPath={`${base}/keys`} keys={keys} environments={project.environments} />
          )}
          {truncated && <p className="mt-2 text-slate-600">Showing the first {CONSOLE_KEY_LIMIT} keys. Use the Admin API to list them all.</p>}
        </Section>
        <Section title="Service accounts" description="Named non-human identities of this project, for systems. A key they own outlives any member.">
          <ServiceAccounts
            orgSlug={org.slug}
            projectId={project.id}
            accounts={accounts}
            keys={keys}
            canCreate={can("project.update", target) && !archived}
          />
        </Section>
      </div>
    </>
  );
}
