// A real OpenID Provider (oidc-provider) on loopback for SSO tests: vitest drives its login with
// fetch (`login`), Playwright through its development login form (any password is accepted).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

export type IdpClient = { client_id: string; client_secret: string; redirect_uris: string[] };
/** claims of an account, keyed by the login typed into the form; `sub` defaults to the login */
export type IdpAccounts = Record<string, Record<string, unknown>>;

export type OidcIdp = {
  /** http://127.0.0.1:PORT, the issuer to configure in the console */
  issuer: string;
  port: number;
  provider: Provider;
  accounts: IdpAccounts;
  /** private signing key (JWK) of the provider, to hand-craft tokens in negative tests */
  privateJwk: Record<string, unknown>;
  /**
   * Follows an authorization URL through the login (as `loginName`) and the automatic consent;
   * answers the URL the IdP redirects the browser to (the relying party's redirect_uri with
   * `code` and `state`, or an `error`).
   */
  login(authorizationUrl: string, loginName: string): Promise<string>;
  close(): Promise<void>;
};

const CLAIMS = {
  openid: ["sub"],
  email: ["email", "email_verified"],
  profile: ["name", "given_name", "family_name"],
  groups: ["groups"],
};

export async function startOidcIdp(options: {
  port?: number;
  host?: string;
  clients: IdpClient[];
  accounts?: IdpAccounts;
}): Promise<OidcIdp> {
  const host = options.host ?? "127.0.0.1";
  const accounts: IdpAccounts = options.accounts ?? {};
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid: "idp-key-1", alg: "RS256", use: "sig" };

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${host}:${port}`;

  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      ...c,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [privateJwk as never] },
    claims: CLAIMS,
    scopes: ["openid", "email", "profile", "groups", "offline_access"],
    conformIdTokenClaims: false,
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ["test-idp-cookie-key"] },
    // consent is automatic: a test IdP has nothing to ask
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { session, client } = ctx.oidc;
      if (!session?.accountId || !client) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) {
        const found = await ctx.oidc.provider.Grant.find(existing);
        if (found) return found;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope("openid email profile groups");
      grant.addOIDCClaims(Object.values(CLAIMS).flat());
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
    async findAccount(_ctx, id) {
      const claims = { sub: id, ...(accounts[id] ?? defaultClaims(id)) };
      return { accountId: String(claims.sub), claims: async () => claims as never };
    },
  };
  const provider = new Provider(issuer, configuration);
  // oidc-provider logs every server error; keep test output readable
  provider.on("server_error", (_ctx, err) => console.error("[test idp]", err));
  server.on("request", provider.callback());

  async function login(authorizationUrl: string, loginName: string): Promise<string> {
    const jar = new Map<string, string>();
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const remember = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const eq = pair.indexOf("=");
        jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
      }
    };
    let url = authorizationUrl;
    let init: RequestInit = {};
    for (let hop = 0; hop < 15; hop++) {
      const res = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers ?? {}), cookie: cookieHeader() } });
      remember(res);
      init = {};
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, url).href;
        if (!next.startsWith(issuer)) return next;
        url = next;
        continue;
      }
      const body = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(body)?.[1];
      if (res.status === 200 && action && body.includes('name="login"')) {
        url = new URL(action.replace(/&amp;/g, "&"), url).href;
        init = {
          method: "POST",
          body: new URLSearchParams({ prompt: "login", login: loginName, password: "test" }),
          headers: { "content-type": "application/x-www-form-urlencoded" },
        };
        continue;
      }
      throw new Error(`test IdP: unexpected ${res.status} at ${url}: ${body.slice(0, 300)}`);
    }
    throw new Error("test IdP: too many redirects");
  }

  return {
    issuer,
    port,
    provider,
    accounts,
    privateJwk,
    login,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function defaultClaims(login: string): Record<string, unknown> {
  return login.includes("@") ? { email: login, email_verified: true, name: login.split("@")[0] } : {};
}
