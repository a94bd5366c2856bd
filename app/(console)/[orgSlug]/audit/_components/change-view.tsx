type FromTo = { from: unknown; to: unknown };

const isFromTo = (v: unknown): v is FromTo => !!v && typeof v === "object" && !Array.isArray(v) && "from" in v && "to" in v && Object.keys(v).length === 2;

function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-600 italic">none</span>;
  if (typeof value === "string") return <span className="break-all">{value}</span>;
  if (typeof value === "number" || typeof value === "boolean") return <span className="font-mono">{String(value)}</span>;
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null)) {
    return value.length ? <span className="break-all">{value.map(String).join(", ")}</span> : <span className="text-slate-600 italic">empty</span>;
  }
  return <pre className="overflow-x-auto rounded bg-white p-2 font-mono text-xs whitespace-pre-wrap ring-1 ring-slate-200">{JSON.stringify(value, null, 2)}</pre>;
}

/** An entry's change, readable: `field: before → after` for updates, `field: value` otherwise. */
export function ChangeView({ changes }: { changes: Record<string, unknown> }) {
  const entries = Object.entries(changes);
  if (entries.length === 0) return <p className="text-slate-600">No details recorded for this action.</p>;
  return (
    <table className="w-full text-left text-xs">
      <thead className="sr-only">
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200">
        {entries.map(([field, v]) => (
          <tr key={field} className="align-top">
            <th scope="row" className="py-1 pr-3 font-mono font-medium text-slate-800">
              {field}
            </th>
            {isFromTo(v) ? (
              <>
                <td className="py-1 pr-2 text-red-800">
                  <Value value={v.from} />
                </td>
                <td className="py-1">
                  <span aria-hidden="true" className="mr-1 text-slate-500">
                    →
                  </span>
                  <span className="text-green-800">
                    <Value value={v.to} />
                  </span>
                </td>
              </>
            ) : (
              <td colSpan={2} className="py-1">
                <Value value={v} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
