import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as startGET } from "@/app/(auth)/sso/[connectionId]/start/route";
import type { SsoConnection } from "@/db/schema";
import type { LoginState } from "@/lib/sso/login-state";
import { finishOidcSignIn, oidcConfiguration, oidcSecrets } from "@/lib/sso/oidc";
import { startCraftedIdp, type CraftedIdp } from "../idp/crafted-oidc";
import { createOrg, type OrgFixture } from "../factories";
import { createOidcConnection } from "../sso-factories";

// A security owner points an OIDC connection at an internal address and makes the console
// request it (discovery, then the token endpoint or JWKS the document names). The console must
// refuse before connecting, say why, and never echo what an address answered.

const AUTH_URL = "http://localhost:3999";
const saved = { AUTH_URL: process.env.AUTH_URL, SSO: process.env.SSO_ALLOWED_HTTP_HOSTS };
let crafted: CraftedIdp;
let port: string;
let fx: OrgFixture;

/** A server at 127.0.0.1 answering discovery badly: echoing a secret, redirecting, sending too much. */
let odd: { url: string; close: () => Promise<void> };
const MARKER = "root:x:0:0:internal-secret-marker";

beforeAll(async () => {
  process.env.AUTH_URL = AUTH_URL;
  delete process.env.SSO_ALLOWED_HTTP_HOSTS;
  crafted = await startCraftedIdp({ email: "ssrf@example.test" });
  port = new URL(crafted.issuer).port;
  fx = await createOrg({ plan: "enterprise" });
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const [, kind] = (req.url ?? "").split("/");
    if (kind === "echo") return res.writeHead(500, { "content-type": "text/plain" }).end(MARKER);
    if (kind === "redirect") return res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    if (kind === "huge") return res.writeHead(200, { "content-type": "application/json" }).end(`{"pad":"${"a".repeat(2 * 1024 * 1024)}"}`);
    // a valid document whose token endpoint and JWKS are on a name that resolves to loopback
    const internal = `https://internal.attacker.test:${port}`;
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        issuer: `${base}/${kind}`,
        authorization_endpoint: `${base}/${kind}/authorize`,
        token_endpoint: `${internal}/token`,
        jwks_uri: `${internal}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  odd = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
});

afterAll(async () => {
  process.env.AUTH_URL = saved.AUTH_URL;
  if (saved.SSO === undefined) delete process.env.SSO_ALLOWED_HTTP_HOSTS;
  else process.env.SSO_ALLOWED_HTTP_HOSTS = saved.SSO;
  await crafted?.close();
  await odd?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.SSO_ALLOWED_HTTP_HOSTS;
});

/** dns.lookup answering `addresses` for `hostname` (as a resolver controlled by the attacker would). */
function fakeDns(hostname: string, addresses: { address: string; family: number }[]) {
  const real = dns.lookup;
  vi.spyOn(dns, "lookup").mockImplementation(((name: string, options: unknown, callback: (...a: unknown[]) => void) => {
    if (name !== hostname) return (real as (...a: unknown[]) => void)(name, options, callback);
    callback(null, addresses);
  }) as typeof dns.lookup);
}

const connect = (issuer: string): Promise<SsoConnection> => createOidcConnection(fx, { issuer });

/** Discovery of a new connection at `issuer`: answers the refusal, failing the test if there is none. */
async function refusal(issuer: string): Promise<{ reason: string; detail: string }> {
  const error = await oidcConfiguration(await connect(issuer)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, issuer).toMatchObject({ name: "SsoRefusal" });
  return error as { reason: string; detail: string };
}

describe("discovery at an internal address", () => {
  it("refuses the crafted IdP over plain http when SSO_ALLOWED_HTTP_HOSTS does not list it, at sign-in start, without connecting", async () => {
    const conn = await connect(crafted.issuer);
    const before = crafted.connections;
    const start = await startGET(new Request(`${AUTH_URL}/sso/${conn.id}/start`) as never, { params: Promise.resolve({ connectionId: conn.id }) });
    expect(start.headers.get("location")).toBe(`${AUTH_URL}/sso/error?reason=IDP_MISCONFIGURED`);
    expect(await refusal(crafted.issuer)).toMatchObject({ reason: "IDP_MISCONFIGURED", detail: expect.stringMatching(/must use https/) });
    expect(crafted.connections).toBe(before);
  });

  it("reaches the same IdP once SSO_ALLOWED_HTTP_HOSTS lists it (the connection count sees requests)", async () => {
    process.env.SSO_ALLOWED_HTTP_HOSTS = "127.0.0.1";
    const before = crafted.connections;
    const config = await oidcConfiguration(await connect(crafted.issuer));
    expect(config.serverMetadata().issuer).toBe(crafted.issuer);
    expect(crafted.connections).toBeGreaterThan(before);
  });

  const literals: [string, RegExp][] = [
    ["https://127.0.0.1:PORT", /points to a loopback address/],
    ["https://0x7f000001:PORT", /points to a loopback address/],
    ["https://localhost:PORT", /points to a loopback address/],
    ["https://[::1]:PORT", /points to a loopback address/],
    ["https://[::127.0.0.1]:PORT", /points to a loopback address/],
    ["https://[::ffff:127.0.0.1]:PORT", /points to a loopback address/],
    ["https://[::ffff:0:7f00:1]:PORT", /points to a loopback address/],
    ["https://10.0.0.5/", /points to a private address/],
    ["https://[64:ff9b::10.0.0.5]/", /points to a private address/],
    ["https://169.254.169.254/", /points to a link-local address/],
    ["https://[2002:a9fe:a9fe::]/", /points to a link-local address/],
  ];
  it.each(literals)("refuses %s before connecting, naming the reason", async (template, why) => {
    const before = crafted.connections;
    const issuer = template.replace("PORT", port);
    expect(await refusal(issuer)).toMatchObject({ reason: "IDP_MISCONFIGURED", detail: expect.stringMatching(why) });
    expect(crafted.connections).toBe(before);
  });

  it("refuses a name whose DNS answer is loopback, or has a loopback address among public ones, without naming the address", async () => {
    for (const answer of [[{ address: "127.0.0.1", family: 4 }], [{ address: "93.184.215.14", family: 4 }, { address: "::ffff:7f00:1", family: 6 }]]) {
      fakeDns("idp.attacker.test", answer);
      const before = crafted.connections;
      const { reason, detail } = await refusal(`https://idp.attacker.test:${port}`);
      expect([reason, detail]).toEqual(["IDP_MISCONFIGURED", expect.stringMatching(/points to a loopback address/)]);
      expect(detail).not.toMatch(/127\.0\.0\.1|7f00/);
      expect(crafted.connections).toBe(before);
      vi.restoreAllMocks();
    }
  });

  it("refuses a user name or password in the issuer", async () => {
    process.env.SSO_ALLOWED_HTTP_HOSTS = "127.0.0.1";
    const issuer = crafted.issuer.replace("http://", "http://admin:secret@");
    const before = crafted.connections;
    expect(await refusal(issuer)).toMatchObject({ reason: "IDP_MISCONFIGURED", detail: expect.stringMatching(/user name or password/) });
    expect(crafted.connections).toBe(before);
  });
});

describe("what an allowed address answers", () => {
  it("is never echoed in the refusal", async () => {
    process.env.SSO_ALLOWED_HTTP_HOSTS = "127.0.0.1";
    const { reason, detail } = await refusal(`${odd.url}/echo`);
    expect(reason).toBe("IDP_MISCONFIGURED");
    expect(detail).toMatch(/HTTP 500/);
    expect(detail).not.toContain("internal-secret-marker");
  });

  it("is not followed when it redirects, not even to the address it names", async () => {
    process.env.SSO_ALLOWED_HTTP_HOSTS = "127.0.0.1";
    const { detail } = await refusal(`${odd.url}/redirect`);
    expect(detail).toMatch(/answered a redirect \(302\)/);
    expect(detail).not.toContain("169.254");
  });

  it("is read up to 1 MiB", async () => {
    process.env.SSO_ALLOWED_HTTP_HOSTS = "127.0.0.1";
    expect((await refusal(`${odd.url}/huge`)).detail).toMatch(/answered more than 1 MiB/);
  });
});

describe("endpoints the discovery document names", () => {
  it("refuses a token endpoint whose name resolves to loopback, without connecting", async () => {
    process.env.SSO_ALLOWED_HTTP_HOSTS = "127.0.0.1";
    const conn = await connect(`${odd.url}/internal`);
    await oidcConfiguration(conn);
    fakeDns("internal.attacker.test", [{ address: "127.0.0.1", family: 4 }]);
    const before = crafted.connections;
    const state = { id: "state-ssrf", ...oidcSecrets() } as LoginState;
    const error = await finishOidcSignIn(conn, state, new URL(`${AUTH_URL}/sso/oidc/callback?code=c&state=state-ssrf`)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SsoRefusal", reason: "IDP_MISCONFIGURED", detail: expect.stringMatching(/points to a loopback address/) });
    expect(crafted.connections).toBe(before);
  });
});
