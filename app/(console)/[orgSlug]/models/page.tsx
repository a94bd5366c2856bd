import type { Metadata } from "next";
import { PageHeader, Section } from "@/components/ui/section";
import { modelCatalogFor } from "@/lib/models/service";
import { holdersText } from "@/lib/rbac/holders";
import { requirePage } from "@/lib/server/page";
import { ModelsTable } from "./_components/models-table";
import { OrganizationModelsForm } from "./_components/organization-models-form";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "org.read");
  if (!access.allowed) return access.screen;
  const { db, org, can } = access;
  const catalog = await modelCatalogFor(db, org.id);
  const allowed = catalog.filter((m) => m.allowed).length;

  return (
    <>
      <PageHeader title="Models">
        The model catalog and what {org.name} allows. Each project, then each key, can narrow it further.
      </PageHeader>
      <div className="space-y-6">
        <Section
          title="Organization allowlist"
          description="Allowed models = organization ∩ project ∩ key. An empty list at a level inherits the one above it."
        >
          {can("org.update") ? (
            <OrganizationModelsForm orgSlug={org.slug} allowedModels={org.allowedModels} />
          ) : (
            <div className="space-y-2">
              <p>
                <span className="font-medium text-slate-800">Organization allowed models:</span>{" "}
                {org.allowedModels.length === 0 ? "every catalog model" : <span className="font-mono">{org.allowedModels.join(", ")}</span>}
              </p>
              <p className="text-slate-600">Changing the allowlist needs {holdersText("org.update")}.</p>
            </div>
          )}
        </Section>
        <Section title="Catalog" description={`${allowed} of ${catalog.length} models allowed for ${org.name}. Prices in US dollars per million tokens.`}>
          <ModelsTable models={catalog} />
        </Section>
      </div>
    </>
  );
}
