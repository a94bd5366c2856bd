import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { buttonClasses } from "@/components/ui/button";
import { formatDate } from "@/components/ui/date-time";
import { getDb } from "@/db/client";
import { currentUser } from "@/lib/auth/current";
import { refusalFor } from "@/lib/members/accept";
import { findInvitationByToken, loadInvitation, views } from "@/lib/members/invitation-queries";
import { membershipOf } from "@/lib/orgs/service";
import { AcceptInvitation } from "./accept-invitation";
import { switchAccountAction } from "./actions";

// The token is in the address: never send it on as a referrer.
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

const link = "font-medium text-indigo-700 underline";

function Refused({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">{title}</h1>
      <div role="alert" className="space-y-3 text-slate-700">
        {children}
      </div>
    </>
  );
}

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  await connection();
  const db = await getDb();
  const found = await findInvitationByToken(db, token);
  if (!found) {
    return (
      <Refused title="Invitation not found">
        <p>This invitation link is not valid. Check that it was copied whole, or ask for a new invitation.</p>
      </Refused>
    );
  }
  const { organization } = found;
  const user = await currentUser();
  const refusal = refusalFor(found.invitation, user?.email ?? null);
  const member = user && (await membershipOf(db, organization.id, user.userId));
  if (member && (!refusal || refusal.reason === "accepted")) {
    return (
      <Refused title={`You are a member of ${organization.name}`}>
        <p>
          <Link href={`/${organization.slug}`} className={link}>
            Open {organization.name}
          </Link>
        </p>
      </Refused>
    );
  }
  if (refusal) {
    return (
      <Refused title={refusal.title}>
        <p>{refusal.message}</p>
        {refusal.reason === "other_account" && (
          <form action={switchAccountAction.bind(null, token)}>
            <button type="submit" className={buttonClasses("primary", "md", "w-full")}>
              Sign out and switch account
            </button>
          </form>
        )}
      </Refused>
    );
  }

  const [inv] = await views(db, organization.id, [await loadInvitation(db, organization.id, found.invitation.id)]);
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Join {organization.name}</h1>
      <p className="mb-4 text-slate-600">
        {inv!.invitedBy?.email ?? "An administrator"} invited you to the AnyInt Console.
      </p>
      <dl className="mb-5 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
        <dt className="text-slate-600">Organization</dt>
        <dd className="font-medium">{organization.name}</dd>
        <dt className="text-slate-600">Role</dt>
        <dd className="font-medium">{inv!.roleName}</dd>
        {inv!.projects.length > 0 && (
          <>
            <dt className="text-slate-600">Projects</dt>
            <dd>{inv!.projects.map((p) => `${p.projectName ?? "A deleted project"} (${p.roleName})`).join(", ")}</dd>
          </>
        )}
        <dt className="text-slate-600">For</dt>
        <dd className="break-all">{inv!.email}</dd>
        <dt className="text-slate-600">Expires</dt>
        <dd>{formatDate(inv!.expiresAt, true)}</dd>
      </dl>
      {user ? (
        <AcceptInvitation token={token} />
      ) : (
        <div className="space-y-3">
          <p className="text-slate-700">Sign in as {inv!.email} to accept. The invitation works only for that address.</p>
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`} className={buttonClasses("primary", "md", "w-full")}>
            Sign in to accept
          </Link>
        </div>
      )}
    </>
  );
}
