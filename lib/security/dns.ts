import { Resolver } from "node:dns/promises";

// TXT lookups for domain verification, through the system resolver, or the servers of
// DNS_SERVERS (comma-separated ip or ip:port; tests point it at a local DNS server). Read at
// call time, so a test can set it after the module is loaded.

export type TxtLookup =
  | { ok: true; records: string[] }
  | { ok: false; reason: "NO_RECORD" | "DNS_ERROR"; detail: string };

function resolver(): Resolver {
  const r = new Resolver({ timeout: 3000, tries: 2 });
  const servers = (process.env.DNS_SERVERS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (servers.length > 0) r.setServers(servers);
  return r;
}

/** The TXT records at `name`, each record's chunks joined; "no record" is not an error. */
export async function lookupTxt(name: string): Promise<TxtLookup> {
  try {
    const records = await resolver().resolveTxt(name);
    return { ok: true, records: records.map((chunks) => chunks.join("")) };
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (code === "ENOTFOUND" || code === "ENODATA") return { ok: false, reason: "NO_RECORD", detail: code };
    const detail =
      code === "ETIMEOUT" ? "the DNS server did not answer in time" : code === "ESERVFAIL" ? "the DNS server failed to answer (SERVFAIL)" : code === "EREFUSED" ? "the DNS server refused the query" : `DNS lookup failed (${code || "unknown error"})`;
    return { ok: false, reason: "DNS_ERROR", detail };
  }
}
