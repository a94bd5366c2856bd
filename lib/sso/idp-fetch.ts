import http from "node:http";
import https from "node:https";
import type { CustomFetch } from "openid-client";
import { guardedLookup } from "@/lib/webhooks/http";
import { blockedAddressReason } from "@/lib/webhooks/url-safety";
import { isHttpAllowed } from "./schemas";

// Every request openid-client makes to an OIDC identity provider (discovery, JWKS, token): the
// same address rules as SAML metadata and webhooks (docs/security.md). https only (plain http
// only for SSO_ALLOWED_HTTP_HOSTS, which also skip the address checks), no credentials in the
// URL, never to a private, loopback or link-local address, named hosts resolved through
// guardedLookup so the socket connects to the address that was checked, no redirects, 10 s,
// at most 1 MiB read.

export const IDP_FETCH_TIMEOUT_MS = 10_000;
export const IDP_RESPONSE_MAX_BYTES = 1024 * 1024;

/** A request to the IdP refused or cut off by the console; `reason` completes "The identity provider's address …". */
export class IdpRequestRefused extends Error {
  constructor(
    readonly reason: string,
    /** a timeout or a broken answer rather than a refused address */
    readonly unreachable = false,
  ) {
    super(`the identity provider's address ${reason}.`);
    this.name = "IdpRequestRefused";
  }
}

// Own agents: no socket pooled by other code (which may have skipped the address check) is reused.
const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

/** Why the URL may not be requested before any connection, or null. */
function urlProblem(url: URL, allowlisted: boolean): string | null {
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowlisted)) return "must use https";
  if (url.username || url.password) return "must not contain a user name or password";
  if (allowlisted) return null;
  const bare = url.hostname.replace(/^\[|\]$/g, "");
  // IP literals never reach the lookup, so they are judged here; names are judged as they resolve.
  const reason = /^[\d.]+$|:/.test(bare) ? blockedAddressReason(bare) : /(^|\.)localhost$/i.test(bare) ? "a loopback address" : null;
  return reason ? `points to ${reason}` : null;
}

const requestBody = (body: unknown): string | Uint8Array | undefined => {
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError("Streaming request bodies are not sent to identity providers.");
};

const timedOut = () => new IdpRequestRefused(`did not answer within ${IDP_FETCH_TIMEOUT_MS / 1000} seconds`, true);

/** A fetch for openid-client's `customFetch` that applies the rules above; refusals are IdpRequestRefused. */
export const idpFetch: CustomFetch = (rawUrl, options) => {
  const url = new URL(rawUrl);
  const allowlisted = isHttpAllowed(url);
  const problem = urlProblem(url, allowlisted);
  if (problem) return Promise.reject(new IdpRequestRefused(problem));
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(IDP_FETCH_TIMEOUT_MS)]) : AbortSignal.timeout(IDP_FETCH_TIMEOUT_MS);
  const client = url.protocol === "https:" ? https : http;

  return new Promise<Response>((resolve, reject) => {
    const req = client.request(url, {
      method: options.method,
      headers: options.headers,
      agent: agents[url.protocol as keyof typeof agents],
      lookup: allowlisted ? undefined : guardedLookup,
      signal,
    });
    const fail = (error: Error) => {
      req.destroy();
      reject(error);
    };
    req.on("error", (error: NodeJS.ErrnoException & { reason?: string }) => {
      if (error.code === "EBLOCKED") return fail(new IdpRequestRefused(`points to ${error.reason ?? "an address that is not public"}`));
      if (signal.aborted) return fail(timedOut());
      fail(error);
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) return fail(new IdpRequestRefused(`answered a redirect (${status}), which is not followed`));
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > IDP_RESPONSE_MAX_BYTES) return fail(new IdpRequestRefused("answered more than 1 MiB"));
        chunks.push(chunk);
      });
      res.on("error", () => fail(signal.aborted ? timedOut() : new IdpRequestRefused("stopped answering mid-way", true)));
      res.on("end", () => {
        try {
          const headers = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          const body = status === 204 || status === 205 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers }));
        } catch {
          fail(new IdpRequestRefused(`answered something that is not HTTP (status ${status})`));
        }
      });
    });
    try {
      req.end(requestBody(options.body));
    } catch (error) {
      fail(error as Error);
    }
  });
};
