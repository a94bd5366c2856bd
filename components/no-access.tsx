import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { holdersText, listOf, PERMISSION_TEXT, rolesHolding } from "@/lib/rbac/holders";
import type { Permission, Target } from "@/lib/rbac";

type Props = {
  permission: Permission;
  /** what the permission was checked on: project roles count only inside projects */
  scope: Target["kind"];
  orgName: string;
  orgSlug: string;
};

const WHERE: Record<Target["kind"], string> = {
  organization: "",
  projects: " in any project",
  project: " on this project",
  key: " on this key's project",
};

/**
 * The one screen of a console page the member may not see (lib/server/page.ts renders it):
 * the permission in plain words and the roles holding it, read from the permission matrix.
 * Hiding it would not protect anything: the server actions and the Admin API check again.
 */
export function NoAccess({ permission, scope, orgName, orgSlug }: Props) {
  const holders = rolesHolding(permission);
  const inProjects = scope !== "organization" && holders.project.length > 0;
  const projectRoles = holders.project.map((h) => (h.ownKeysOnly ? `${h.label} (their own keys)` : h.label));
  const projectManagers = rolesHolding("project.members").project.map((h) => h.label);

  return (
    <section aria-labelledby="no-access-title" className="rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
      <h1 id="no-access-title" className="text-xl font-semibold text-slate-900">
        You don&apos;t have access to this page
      </h1>
      <p className="mt-2 text-slate-700">
        It needs permission to {PERMISSION_TEXT[permission]} (<code className="font-mono">{permission}</code>), and your role in {orgName} does
        not have it{WHERE[scope]}.
      </p>
      <h2 className="mt-4 font-semibold text-slate-900">Roles that have it</h2>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-700">
        <li>
          In the organization: <strong className="font-semibold text-slate-900">{listOf(holders.organization.map((h) => h.label))}</strong>
        </li>
        {inProjects && (
          <li>
            In {scope === "projects" ? "a" : "the"} project, for members: <strong className="font-semibold text-slate-900">{listOf(projectRoles)}</strong>
          </li>
        )}
      </ul>
      <p className="mt-4 text-slate-700">
        To get one, ask someone with {holdersText("member.update")} in {orgName}
        {inProjects && projectManagers.length > 0 ? `, or a ${listOf(projectManagers)} of the project` : ""}.
      </p>
      <Link href={`/${orgSlug}`} className={buttonClasses("secondary", "md", "mt-4")}>
        Back to the overview
      </Link>
    </section>
  );
}
