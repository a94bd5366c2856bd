import { DateTime } from "@/components/ui/date-time";
import type { KeyView } from "@/lib/keys/service";
import type { serviceAccountView } from "@/lib/keys/service-accounts";
import { ServiceAccountForm } from "./service-account-form";

type Account = ReturnType<typeof serviceAccountView>;
type Props = { orgSlug: string; projectId: string; accounts: Account[]; keys: KeyView[]; canCreate: boolean };

/** The project's service accounts with the number of active keys each owns, and the form for a new one. */
export function ServiceAccounts({ orgSlug, projectId, accounts, keys, canCreate }: Props) {
  const activeKeys = (id: string) => keys.filter((k) => k.owner?.id === id && k.status === "active").length;
  return (
    <div className="space-y-4">
      {accounts.length === 0 ? (
        <p className="text-slate-600">No service accounts yet.</p>
      ) : (
        <table className="w-full max-w-xl text-left">
          <caption className="sr-only">Service accounts of this project</caption>
          <thead className="border-b border-slate-200 text-xs font-semibold text-slate-700 uppercase">
            <tr>
              <th scope="col" className="py-1.5 pr-3">Name</th>
              <th scope="col" className="py-1.5 pr-3">Active keys</th>
              <th scope="col" className="py-1.5">Created</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {accounts.map((a) => (
              <tr key={a.id}>
                <td className="py-1.5 pr-3 font-medium">{a.name}</td>
                <td className="py-1.5 pr-3">{activeKeys(a.id)}</td>
                <td className="py-1.5">
                  <DateTime value={a.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canCreate && <ServiceAccountForm orgSlug={orgSlug} projectId={projectId} />}
    </div>
  );
}
