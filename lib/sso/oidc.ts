import { LRUCache } from "lru-cache";
import * as client from "openid-client";
import type { SsoConnection } from "@/db/schema";
import { open } from "@/lib/crypto/secret-box";
import type { SsoProfile } from "./complete";
import { connectionFingerprint } from "./connections";
import { IdpRequestRefused, idpFetch } from "./idp-fetch";
import type { LoginState } from "./login-state";
import { SsoRefusal } from "./refusals";
import { isHttpAllowed } from "./schemas";

// OpenID Connect with openid-client: discovery, authorization code flow with PKCE (S256),
// state and nonce from the login state, and every check on the ID token: signature against the
// IdP's JWKS (non-repudiation checks on, so `alg: none` and foreign HMAC keys fail), issuer,
// audience, nonce, expiry. Every request to the IdP goes through idpFetch (no internal addresses).

export const OIDC_SCOPES = "openid email profile";

/** `${AUTH_URL}/sso/oidc/callback`, the redirect URI registered at the IdP. */
export function oidcRedirectUri(): string {
  const base = (process.env.AUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  return `${base}/sso/oidc/callback`;
}

const configurations = new LRUCache<string, client.Configuration>({ max: 500, ttl: 5 * 60 * 1000 });

/** The discovered configuration of a connection, cached 5 minutes per connection and settings. */
export async function oidcConfiguration(conn: SsoConnection): Promise<client.Configuration> {
  const cacheKey = `${conn.id}:${connectionFingerprint(conn)}`;
  const cached = configurations.get(cacheKey);
  if (cached) return cached;
  if (!conn.issuer || !conn.clientId || !conn.clientSecretSealed) throw new SsoRefusal("IDP_MISCONFIGURED", "The connection has no issuer, client id or client secret.");
  const issuer = new URL(conn.issuer);
  const insecure = issuer.protocol === "http:";
  if (insecure && !isHttpAllowed(issuer)) throw new SsoRefusal("IDP_MISCONFIGURED", "The issuer must use https.");
  const secret = open(conn.clientSecretSealed);
  let config: client.Configuration;
  try {
    config = await client.discovery(issuer, conn.clientId, undefined, client.ClientSecretBasic(secret), {
      execute: insecure ? [client.allowInsecureRequests] : [],
      timeout: 10,
      [client.customFetch]: idpFetch,
    });
  } catch (error) {
    const refused = refusedRequest(error);
    if (refused) throw new SsoRefusal(refused.unreachable ? "IDP_UNREACHABLE" : "IDP_MISCONFIGURED", `Discovery at ${conn.issuer} was refused: ${refused.message}`, error);
    if (isNetworkError(error)) throw new SsoRefusal("IDP_UNREACHABLE", `Discovery at ${conn.issuer} failed: the identity provider could not be reached.`, error);
    throw new SsoRefusal("IDP_MISCONFIGURED", `Discovery at ${conn.issuer} failed: ${libraryDetail(error)}.`, error);
  }
  const methods = config.serverMetadata().token_endpoint_auth_methods_supported;
  if (methods && !methods.includes("client_secret_basic") && methods.includes("client_secret_post")) {
    config = new client.Configuration(config.serverMetadata(), conn.clientId, {}, client.ClientSecretPost(secret));
    config[client.customFetch] = idpFetch;
    config.timeout = 10;
    if (insecure) client.allowInsecureRequests(config);
  }
  // Verify the ID token's signature with the IdP's keys even though it came over TLS.
  client.enableNonRepudiationChecks(config);
  configurations.set(cacheKey, config);
  return config;
}

/** Fresh PKCE verifier and nonce for a login state. */
export function oidcSecrets() {
  return { codeVerifier: client.randomPKCECodeVerifier(), nonce: client.randomNonce() };
}

/** A console test always asks the IdP for credentials, so a tester can sign in as another account. */
export async function oidcAuthorizationUrl(conn: SsoConnection, state: LoginState): Promise<string> {
  const config = await oidcConfiguration(conn);
  // Ask for a `groups` scope only when mapping is on and the IdP offers it (some refuse unknown scopes).
  const offersGroups = config.serverMetadata().scopes_supported?.includes("groups") ?? false;
  const scope = conn.groupsClaim && offersGroups ? `${OIDC_SCOPES} groups` : OIDC_SCOPES;
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidcRedirectUri(),
    scope,
    response_type: "code",
    state: state.id,
    nonce: state.nonce!,
    code_challenge: await client.calculatePKCECodeChallenge(state.codeVerifier!),
    code_challenge_method: "S256",
    ...(state.purpose === "test" ? { prompt: "login" } : {}),
  });
  return url.href;
}

/**
 * Exchanges the code of a callback for tokens and reads the profile from the verified ID
 * token. Every failure is an SsoRefusal.
 */
export async function finishOidcSignIn(conn: SsoConnection, state: LoginState, callbackUrl: URL): Promise<SsoProfile> {
  const config = await oidcConfiguration(conn);
  // The callback arrives at the console's public URL; rebuild it on the registered redirect URI.
  const current = new URL(oidcRedirectUri());
  current.search = callbackUrl.search;
  let claims: client.IDToken | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: state.codeVerifier ?? undefined,
      expectedNonce: state.nonce ?? undefined,
      expectedState: state.id,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (error) {
    throw toRefusal(error);
  }
  if (!claims) throw new SsoRefusal("TOKEN_INVALID", "The token response had no ID token.");
  return profileFromClaims(claims as Record<string, unknown>, conn.groupsClaim);
}

export function profileFromClaims(claims: Record<string, unknown>, groupsClaim: string | null): SsoProfile {
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email || !email.includes("@")) throw new SsoRefusal("EMAIL_MISSING", "The ID token has no email claim.");
  if (claims.email_verified === false || claims.email_verified === "false") throw new SsoRefusal("EMAIL_UNVERIFIED", `The IdP says ${email} is not verified.`);
  const raw = groupsClaim ? claims[groupsClaim] : undefined;
  const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === "string") : typeof raw === "string" ? [raw] : [];
  return {
    subject: String(claims.sub),
    email,
    emailVerified: claims.email_verified === true || claims.email_verified === "true",
    name: typeof claims.name === "string" ? claims.name : null,
    groups,
  };
}

function isNetworkError(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; e && i < 4; i++) {
    const { name, code } = e as { name?: string; code?: string };
    if (name === "TimeoutError" || name === "AbortError" || (typeof code === "string" && /^(ECONN|ENOTFOUND|EAI_|UND_ERR)/.test(code))) return true;
    if (e instanceof TypeError && /fetch failed/.test(e.message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The console's own refusal of a request to the IdP, anywhere in the error's causes. */
function refusedRequest(error: unknown): IdpRequestRefused | null {
  let e: unknown = error;
  for (let i = 0; e && i < 4; i++, e = (e as { cause?: unknown }).cause) if (e instanceof IdpRequestRefused) return e;
  return null;
}

/** What openid-client says went wrong, in its own words only: never the IdP's answer. */
function libraryDetail(error: unknown): string {
  if (!(error instanceof client.ClientError)) return "its answer is not an OpenID Connect discovery document";
  const status = error.cause instanceof Response ? ` (HTTP ${error.cause.status})` : "";
  return `${error.message}${status}`;
}

function toRefusal(error: unknown): SsoRefusal {
  if (error instanceof SsoRefusal) return error;
  const refused = refusedRequest(error);
  if (refused) return new SsoRefusal(refused.unreachable ? "IDP_UNREACHABLE" : "IDP_MISCONFIGURED", refused.message, error);
  const detail = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
  if (error instanceof client.AuthorizationResponseError) return new SsoRefusal("IDP_ERROR", `${error.error}: ${error.error_description ?? ""}`.trim(), error);
  if (error instanceof client.WWWAuthenticateChallengeError) {
    const params = error.cause[0]?.parameters ?? {};
    return new SsoRefusal("IDP_ERROR", `Token endpoint answered ${error.status}: ${params.error ?? "the client id or secret was refused"} ${params.error_description ?? ""}`.trim(), error);
  }
  if (error instanceof client.ResponseBodyError) return new SsoRefusal("IDP_ERROR", `Token endpoint: ${error.error} ${error.error_description ?? ""}`.trim(), error);
  if (isNetworkError(error)) return new SsoRefusal("IDP_UNREACHABLE", detail, error);
  return new SsoRefusal("TOKEN_INVALID", detail, error);
}
