import dns, { type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { blockedAddressReason, checkEndpointUrl } from "./url-safety";

export const TIMEOUT_MS = 15_000;
export const RESPONSE_LIMIT = 4096;

export type PostResult = {
  /** the HTTP status, or null when no answer came */
  status: number | null;
  /** the first 4 KiB of the answer */
  response: string;
  durationMs: number;
  error: string | null;
};

// Connections are kept alive per host: a socket is only ever opened to a checked address.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 50, maxFreeSockets: 10, timeout: 30_000 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 50, maxFreeSockets: 10, timeout: 30_000 }),
};

/**
 * Resolves a named host and refuses it when any of its addresses is not public, so the
 * connection goes to an address that was checked (no DNS rebinding between check and connect).
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const blocked = addresses.map((a) => ({ a, reason: blockedAddressReason(a.address) })).find((x) => x.reason);
    if (blocked) {
      return callback(Object.assign(new Error(`${hostname} resolves to ${blocked.reason} (${blocked.a.address})`), { code: "EBLOCKED", reason: blocked.reason }), "", 0);
    }
    if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

const failed = (started: number, error: string, status: number | null = null, response = ""): PostResult => ({
  status,
  response,
  durationMs: Math.round(performance.now() - started),
  error,
});

/**
 * POSTs a webhook: the URL is checked again now, named hosts are resolved through
 * guardedLookup, redirects are not followed, and the whole exchange is bounded by 15 s. At
 * most 4 KiB of the answer is read. Never throws.
 */
export function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, timeoutMs = TIMEOUT_MS): Promise<PostResult> {
  const started = performance.now();
  const check = checkEndpointUrl(rawUrl);
  if (!check.ok) return Promise.resolve(failed(started, `Refused: the URL ${check.reason}.`));
  const { url, allowlisted } = check;
  const client = url.protocol === "https:" ? https : http;

  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = client.request(url, {
      method: "POST",
      agent: agents[url.protocol as keyof typeof agents],
      lookup: allowlisted ? undefined : guardedLookup,
      headers: { "content-type": "application/json", "user-agent": "AnyInt-Webhooks/1.0", "content-length": Buffer.byteLength(body), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(failed(started, `Timed out after ${timeoutMs / 1000} s.`));
    }, timeoutMs);

    req.on("error", (error: NodeJS.ErrnoException) => {
      const refused = error.code === "EBLOCKED" ? "Refused: " : "";
      finish(failed(started, `${refused}${error.message}`));
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const response = Buffer.concat(chunks).subarray(0, RESPONSE_LIMIT).toString("utf8").replace(/\0/g, "");
        const status = res.statusCode ?? 0;
        const durationMs = Math.round(performance.now() - started);
        if (status >= 200 && status < 300) return finish({ status, response, durationMs, error: null });
        const why = status >= 300 && status < 400 ? "Redirects are not followed" : `The endpoint answered ${status}`;
        finish({ status, response, durationMs, error: `${why}.` });
      };
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_LIMIT) {
          res.destroy(); // the rest is not read
          done();
        }
      });
      res.on("end", done);
      res.on("error", done);
      res.on("close", done); // cut off mid-answer: what arrived is kept
    });
    req.end(body);
  });
}
