import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { currentUser } from "@/lib/auth/current";
import { listUserOrganizations } from "@/lib/orgs/service";

export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const orgs = await listUserOrganizations(await getDb(), user.userId, user.boundOrganizationId);
  redirect(orgs.length > 0 ? `/${orgs[0]!.slug}` : "/organizations/new");
}
