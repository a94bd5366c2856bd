import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { currentUser } from "@/lib/auth/current";
import { listUserOrganizations } from "@/lib/orgs/service";
import { CreateOrganizationForm } from "./_components/create-organization-form";

export const metadata: Metadata = { title: "New organization" };

export default async function NewOrganizationPage() {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent("/organizations/new")}`);
  const orgs = await listUserOrganizations(await getDb(), user.userId, user.boundOrganizationId);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="mb-4 text-xs font-semibold tracking-wide text-indigo-700 uppercase">AnyInt Console</p>
        <h1 className="mb-1 text-xl font-semibold">Create an organization</h1>
        <p className="mb-5 text-slate-600">
          An organization holds your projects, members, keys and billing. You will be its owner. Signed in as{" "}
          <span className="font-medium text-slate-800">{user.email}</span>.
        </p>
        <CreateOrganizationForm />
        {orgs.length > 0 && (
          <p className="mt-5 text-slate-600">
            Or go back to{" "}
            <Link href={`/${orgs[0]!.slug}`} className="font-medium text-indigo-700 underline">
              {orgs[0]!.name}
            </Link>
            .
          </p>
        )}
      </div>
    </main>
  );
}
