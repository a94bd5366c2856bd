"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import { formatDate } from "@/components/ui/date-time";
import type { AuditView } from "@/lib/audit/queries";
import { ChangeView } from "./change-view";

const ACTOR_KIND: Record<string, string> = { user: "Person", admin_key: "Admin key", system: "System" };

/** The entries of one page; each row opens to show the change, where it came from and its ids. */
export function AuditTable({ entries, orgSlug }: { entries: AuditView[]; orgSlug: string }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="w-full text-left">
        <caption className="sr-only">Audit log entries, newest first</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-700 uppercase">
          <tr>
            <th scope="col" className="px-3 py-2">
              Time (UTC)
            </th>
            <th scope="col" className="px-3 py-2">
              Actor
            </th>
            <th scope="col" className="px-3 py-2">
              Action
            </th>
            <th scope="col" className="px-3 py-2">
              Target
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Details
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((e) => {
            const expanded = open.has(e.id);
            return (
              <Fragment key={e.id}>
                <tr className="hover:bg-slate-50">
                  <td className="px-3 py-1.5 whitespace-nowrap">
                    <time dateTime={e.createdAt}>{formatDate(e.createdAt, true).replace(" UTC", "")}</time>
                  </td>
                  <td className="px-3 py-1.5">
                    <span className="block text-slate-900">{e.actor.label}</span>
                    <span className="block text-xs text-slate-600">{ACTOR_KIND[e.actor.type] ?? e.actor.type}</span>
                  </td>
                  <td className="px-3 py-1.5 font-mono text-xs">
                    <Link href={`/${orgSlug}/audit?action=${encodeURIComponent(e.action)}`} className="text-indigo-700 hover:underline">
                      {e.action}
                    </Link>
                  </td>
                  <td className="px-3 py-1.5">
                    <span className="block text-xs text-slate-600">{e.target.type}</span>
                    {e.target.id && <span className="block font-mono text-xs break-all">{e.target.id}</span>}
                  </td>
                  <td className="px-3 py-1.5 text-right">
                    <button
                      type="button"
                      onClick={() => toggle(e.id)}
                      aria-expanded={expanded}
                      aria-controls={`${e.id}-details`}
                      className="font-medium text-indigo-700 hover:underline"
                    >
                      {expanded ? "Hide" : "Show"}
                      <span className="sr-only"> the change of {e.action} at {e.createdAt}</span>
                    </button>
                  </td>
                </tr>
                <tr id={`${e.id}-details`} hidden={!expanded} className="bg-slate-50">
                  <td colSpan={5} className="px-3 py-3">
                    <div className="grid gap-4 md:grid-cols-[2fr_1fr]">
                      <div>
                        <h3 className="mb-1 text-xs font-semibold text-slate-700 uppercase">Change</h3>
                        <ChangeView changes={e.changes} />
                      </div>
                      <dl className="space-y-1 text-xs">
                        <div>
                          <dt className="font-semibold text-slate-700">From</dt>
                          <dd className="font-mono">{e.ip ?? "—"}</dd>
                        </div>
                        <div>
                          <dt className="font-semibold text-slate-700">User agent</dt>
                          <dd className="break-all">{e.userAgent ?? "—"}</dd>
                        </div>
                        <div>
                          <dt className="font-semibold text-slate-700">Actor id</dt>
                          <dd className="font-mono break-all">{e.actor.id ?? "—"}</dd>
                        </div>
                        <div>
                          <dt className="font-semibold text-slate-700">Request id</dt>
                          <dd className="font-mono break-all">{e.requestId ?? "—"}</dd>
                        </div>
                        <div>
                          <dt className="font-semibold text-slate-700">Entry id</dt>
                          <dd className="font-mono break-all">{e.id}</dd>
                        </div>
                      </dl>
                    </div>
                  </td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
