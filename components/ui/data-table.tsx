"use client";

import { useId, useState, type ReactNode } from "react";
import { Button } from "./button";
import { controlClasses } from "./field";

export type Column<T> = {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** makes the column sortable by this value */
  sortValue?: (row: T) => string | number;
  className?: string;
};

type Sort = { key: string; direction: "ascending" | "descending" };

type DataTableProps<T> = {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** the table's accessible name */
  caption: string;
  /** a text filter over the rows, with its visible label */
  filter?: { label: string; text: (row: T) => string };
  /** extra controls beside the filter (toggles) */
  toolbar?: ReactNode;
  initialSort?: Sort;
  pageSize?: number;
  /** how the rows are counted: "project", "key" */
  noun: string;
};

function compare(a: string | number, b: string | number) {
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
}

/** A compact table with sortable headers (buttons, aria-sort), a labelled filter and paging. */
export function DataTable<T>(props: DataTableProps<T>) {
  const { rows, columns, rowKey, caption, filter, toolbar, initialSort, pageSize = 25, noun } = props;
  const filterId = useId();
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<Sort | undefined>(initialSort);
  const [page, setPage] = useState(0);

  const needle = query.trim().toLowerCase();
  const matching = filter && needle ? rows.filter((r) => filter.text(r).toLowerCase().includes(needle)) : [...rows];
  const sortColumn = columns.find((c) => c.key === sort?.key);
  if (sort && sortColumn?.sortValue) {
    const value = sortColumn.sortValue;
    const sign = sort.direction === "ascending" ? 1 : -1;
    matching.sort((a, b) => sign * compare(value(a), value(b)));
  }
  const pageCount = Math.max(1, Math.ceil(matching.length / pageSize));
  const current = Math.min(page, pageCount - 1);
  const visible = matching.slice(current * pageSize, (current + 1) * pageSize);

  function toggleSort(key: string) {
    setSort((s) => ({ key, direction: s?.key === key && s.direction === "ascending" ? "descending" : "ascending" }));
    setPage(0);
  }

  return (
    <div className="space-y-3">
      {(filter || toolbar) && (
        <div className="flex flex-wrap items-end gap-4">
          {filter && (
            <div className="w-64 space-y-1">
              <label htmlFor={filterId} className="block font-medium text-slate-800">
                {filter.label}
              </label>
              <input
                id={filterId}
                type="search"
                value={query}
                onChange={(e) => {
                  setQuery(e.target.value);
                  setPage(0);
                }}
                className={controlClasses}
              />
            </div>
          )}
          {toolbar}
        </div>
      )}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
        <table className="w-full text-left">
          <caption className="sr-only">{caption}</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-700 uppercase">
            <tr>
              {columns.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={c.sortValue ? (sort?.key === c.key ? sort.direction : "none") : undefined}
                  className={`px-3 py-2 ${c.className ?? ""}`}
                >
                  {c.sortValue ? (
                    <button type="button" onClick={() => toggleSort(c.key)} className="inline-flex items-center gap-1 uppercase hover:text-slate-900">
                      {c.header}
                      <span aria-hidden="true" className="text-slate-500">
                        {sort?.key !== c.key ? "↕" : sort.direction === "ascending" ? "↑" : "↓"}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {visible.map((row) => (
              <tr key={rowKey(row)} className="hover:bg-slate-50">
                {columns.map((c) => (
                  <td key={c.key} className={`px-3 py-1.5 align-middle ${c.className ?? ""}`}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
            {visible.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-600">
                  No {noun}s match {needle ? `“${query.trim()}”` : "these settings"}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 text-slate-600">
        <p>
          {matching.length} {matching.length === 1 ? noun : `${noun}s`}
          {pageCount > 1 && ` · page ${current + 1} of ${pageCount}`}
        </p>
        {pageCount > 1 && (
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" disabled={current === 0} onClick={() => setPage(current - 1)}>
              Previous page
            </Button>
            <Button variant="secondary" size="sm" disabled={current >= pageCount - 1} onClick={() => setPage(current + 1)}>
              Next page
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
