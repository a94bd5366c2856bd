// A hand-made OpenID Provider for negative tests: discovery, JWKS, an authorization endpoint that
// answers at once with a code, and a token endpoint that returns whatever ID token the test
// crafts. So a refusal comes from the console's checks, never from a real IdP's.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";

export type TokenRequest = { nonce: string; clientId: string; issuer: string };
type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export type CraftedIdp = {
  issuer: string;
  /** the RS256 key whose public half the JWKS publishes */
  key: KeyPair;
  /** what the next token response carries as id_token (default: a valid token for `sub`/`email`) */
  idToken: (req: TokenRequest) => Promise<string>;
  /** TCP connections the server has accepted, so a test can tell that nothing reached it */
  connections: number;
  /** discovery's `issuer` (default: the real one) */
  discoveryIssuer?: string;
  /** a correctly signed ID token with these claims over the defaults */
  sign(req: TokenRequest, claims?: JWTPayload, key?: KeyPair["privateKey"]): Promise<string>;
  close(): Promise<void>;
};

export async function startCraftedIdp(defaults: { email: string; sub?: string }): Promise<CraftedIdp> {
  const key = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(key.publicKey)), kid: "crafted-1", alg: "RS256", use: "sig" };
  const codes = new Map<string, { nonce: string; clientId: string }>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const idp: CraftedIdp = {
    issuer,
    key,
    connections: 0,
    idToken: (req) => idp.sign(req),
    sign: (req, claims = {}, privateKey = key.privateKey) =>
      new SignJWT({ email: defaults.email, email_verified: true, name: "Crafted Person", nonce: req.nonce, ...claims })
        .setProtectedHeader({ alg: "RS256", kid: "crafted-1" })
        .setIssuer(typeof claims.iss === "string" ? claims.iss : req.issuer)
        .setAudience(claims.aud ?? req.clientId)
        .setSubject(defaults.sub ?? "crafted-subject")
        .setIssuedAt(typeof claims.iat === "number" ? claims.iat : Math.floor(Date.now() / 1000))
        .setExpirationTime(typeof claims.exp === "number" ? claims.exp : Math.floor(Date.now() / 1000) + 300)
        .sign(privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  server.on("connection", () => idp.connections++);
  server.on("request", async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(200, {
        issuer: idp.discoveryIssuer ?? issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic"],
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (url.pathname === "/jwks") return json(200, { keys: [publicJwk] });
    if (url.pathname === "/authorize") {
      const code = `code-${codes.size + 1}-${Math.random().toString(36).slice(2)}`;
      codes.set(code, { nonce: url.searchParams.get("nonce") ?? "", clientId: url.searchParams.get("client_id") ?? "" });
      const back = new URL(url.searchParams.get("redirect_uri")!);
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === "/token" && req.method === "POST") {
      let body = "";
      for await (const chunk of req) body += chunk;
      const grant = codes.get(new URLSearchParams(body).get("code") ?? "");
      if (!grant) return json(400, { error: "invalid_grant" });
      const idToken = await idp.idToken({ ...grant, issuer });
      return json(200, { access_token: "crafted-access-token", token_type: "Bearer", expires_in: 300, id_token: idToken });
    }
    json(404, { error: "not_found" });
  });
  return idp;
}

/** An unsigned token (`alg: none`). */
export function unsignedToken(payload: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(payload)}.`;
}
