import { randomBytes } from "node:crypto";
import { SAML, SamlStatusError, ValidateInResponseTo, type CacheProvider, type Profile } from "@node-saml/node-saml";
import { DOMParser } from "@xmldom/xmldom";
import { eq, lt } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { ssoLoginStates, ssoReplayGuard, type SsoConnection } from "@/db/schema";
import type { SsoProfile } from "./complete";
import type { LoginState } from "./login-state";
import { SsoRefusal } from "./refusals";
import { NAMEID_EMAIL, samlSpUrls } from "./saml-metadata";

// SAML 2.0 SP-initiated sign-in with @node-saml/node-saml 5.1.0: an unsigned AuthnRequest over
// HTTP-Redirect, the Response posted back to the ACS. The assertion must be signed by a
// certificate of the connection (wantAssertionsSigned); node-saml reads the identity only from
// the bytes the signature covers (5.1.0). On top of node-saml this file checks what it leaves
// to the caller: the issuer, the recipient and destination, the signed InResponseTo, and replay.

/** Accepted difference between our clock and the IdP's. */
export const SAML_CLOCK_SKEW_MS = 60_000;
/** Largest SAMLResponse accepted (base64). */
export const SAML_RESPONSE_MAX_CHARS = 512 * 1024;

/** node-saml's request-id cache, answered from the login state: only its own request id is known. */
function stateCache(state: Pick<LoginState, "requestId" | "createdAt"> | null): CacheProvider {
  return {
    saveAsync: async (key, value) => ({ value, createdAt: Date.now() }),
    getAsync: async (key) => (state?.requestId && key === state.requestId ? state.createdAt.toISOString() : null),
    removeAsync: async () => null,
  };
}

function samlFor(connection: SsoConnection, state: Pick<LoginState, "requestId" | "createdAt"> | null, requestId?: string): SAML {
  const sp = samlSpUrls(connection.id);
  if (!connection.idpSsoUrl || connection.idpCertificates.length === 0) {
    throw new SsoRefusal("CONNECTION_UNAVAILABLE", "The connection has no identity provider metadata.");
  }
  return new SAML({
    entryPoint: connection.idpSsoUrl,
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    audience: sp.entityId,
    idpCert: connection.idpCertificates,
    identifierFormat: NAMEID_EMAIL,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: 10 * 60 * 1000,
    cacheProvider: stateCache(state),
    // Any IdP login method (MFA, passkeys) will do: do not ask for a password context.
    disableRequestedAuthnContext: true,
    generateUniqueId: () => requestId ?? `_${randomBytes(20).toString("hex")}`,
  });
}

/**
 * The IdP URL that starts a SAML sign-in: an AuthnRequest over HTTP-Redirect, RelayState = the
 * login state's id. The AuthnRequest ID is stored in the state, to be matched by InResponseTo.
 */
export async function startSamlSignIn(db: Queryable, connection: SsoConnection, loginState: LoginState): Promise<string> {
  const requestId = `_${randomBytes(20).toString("hex")}`;
  await db.update(ssoLoginStates).set({ requestId }).where(eq(ssoLoginStates.id, loginState.id));
  return samlFor(connection, null, requestId).getAuthorizeUrlAsync(loginState.id, undefined, {});
}

// ---- the Assertion Consumer Service ---------------------------------------------------------

type XmlJs = { $?: Record<string, string>; _?: string } & { [key: string]: XmlJs[] | Record<string, string> | string | undefined };
const first = (node: XmlJs | undefined, name: string): XmlJs | undefined => (node?.[name] as XmlJs[] | undefined)?.[0];
const all = (node: XmlJs | undefined, name: string): XmlJs[] => (node?.[name] as XmlJs[] | undefined) ?? [];

/** Why node-saml refused, in words a security owner reading a failed test understands. */
function refusalFromLibrary(error: unknown): SsoRefusal {
  if (error instanceof SsoRefusal) return error;
  if (error instanceof SamlStatusError) return new SsoRefusal("IDP_ERROR", error.message, error);
  const message = error instanceof Error ? error.message : String(error);
  const detail = /signature/i.test(message)
    ? `The assertion is not validly signed by a certificate of this connection (${message}).`
    : /audience/i.test(message)
      ? `${message}.`
      : /expired|not yet valid|too old|subject confirmation/i.test(message)
        ? `The assertion is outside its validity period (${message}).`
        : /InResponseTo/i.test(message)
          ? `The response does not answer this sign-in's request (${message}).`
          : `The SAML response could not be read (${message}).`;
  return new SsoRefusal("ASSERTION_INVALID", detail, error);
}

/** The checks node-saml leaves to us, on the signed assertion it returned. */
function checkSignedAssertion(connection: SsoConnection, state: LoginState, profile: Profile): { assertionId: string; expiresAt: Date } {
  const sp = samlSpUrls(connection.id);
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlJs } | undefined)?.Assertion;
  const assertionId = assertion?.$?.ID;
  if (!assertion || !assertionId) throw new SsoRefusal("ASSERTION_INVALID", "The assertion has no ID.");

  const issuer = first(assertion, "Issuer")?._?.trim();
  if (connection.idpEntityId && issuer !== connection.idpEntityId) {
    throw new SsoRefusal("ASSERTION_INVALID", `The assertion's issuer is ${issuer ?? "missing"}; this connection expects ${connection.idpEntityId}.`);
  }

  // A bearer confirmation addressed to our ACS, answering this sign-in's request.
  const confirmations = all(first(assertion, "Subject"), "SubjectConfirmation").filter((c) => c.$?.Method === "urn:oasis:names:tc:SAML:2.0:cm:bearer");
  const data = confirmations.map((c) => first(c, "SubjectConfirmationData")?.$ ?? {});
  if (!data.some((d) => d.Recipient === sp.acsUrl)) {
    const got = data.map((d) => d.Recipient).filter(Boolean).join(", ") || "missing";
    throw new SsoRefusal("ASSERTION_INVALID", `The assertion's recipient is ${got}; expected ${sp.acsUrl}.`);
  }
  if (!data.some((d) => d.Recipient === sp.acsUrl && d.InResponseTo === state.requestId)) {
    throw new SsoRefusal("ASSERTION_INVALID", "The assertion does not answer this sign-in's request (InResponseTo). Sign-ins started at the identity provider are not accepted.");
  }

  // Kept in the replay guard until the latest moment the assertion could still be accepted.
  const ends = [first(assertion, "Conditions")?.$?.NotOnOrAfter, ...data.map((d) => d.NotOnOrAfter)]
    .map((t) => (t ? Date.parse(t) : NaN))
    .filter((t) => Number.isFinite(t));
  const expiresAt = new Date((ends.length ? Math.max(...ends) : Date.now() + 60 * 60 * 1000) + SAML_CLOCK_SKEW_MS);
  return { assertionId, expiresAt };
}

/** The Response's Destination, when present, must be our ACS (read from the document node-saml accepted). */
function checkDestination(connection: SsoConnection, samlResponseBase64: string) {
  const xml = Buffer.from(samlResponseBase64, "base64").toString("utf8");
  const root = new DOMParser().parseFromString(xml, "text/xml").documentElement;
  const value = root?.getAttribute("Destination") || null;
  const { acsUrl } = samlSpUrls(connection.id);
  if (value !== null && value !== acsUrl) throw new SsoRefusal("ASSERTION_INVALID", `The response's destination is ${value}; expected ${acsUrl}.`);
}

/** One use per assertion: its id is kept until it expires; a second arrival is refused. */
async function guardReplay(db: Queryable, connection: SsoConnection, assertionId: string, expiresAt: Date) {
  if (Math.random() < 0.05) await db.delete(ssoReplayGuard).where(lt(ssoReplayGuard.expiresAt, new Date()));
  const inserted = await db
    .insert(ssoReplayGuard)
    .values({ id: `saml:${connection.id}:${assertionId}`.slice(0, 500), connectionId: connection.id, expiresAt })
    .onConflictDoNothing()
    .returning({ id: ssoReplayGuard.id });
  if (inserted.length === 0) throw new SsoRefusal("REPLAYED", `The assertion ${assertionId} was already used.`);
}

const EMAIL_ATTRIBUTES = [
  "email",
  "mail",
  "emailAddress",
  "Email",
  "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
  "urn:oid:0.9.2342.19200300.100.1.3",
  "User.Email",
];
const NAME_ATTRIBUTES = ["displayName", "name", "http://schemas.microsoft.com/identity/claims/displayname", "urn:oid:2.16.840.1.113730.3.1.241", "cn"];
const GIVEN = ["givenName", "firstName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "urn:oid:2.5.4.42"];
const SURNAME = ["surname", "sn", "lastName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "urn:oid:2.5.4.4"];

const values = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).map((x) => (typeof x === "string" ? x.trim() : "")).filter(Boolean);

/** The person, from the signed assertion: NameID as subject, email (attribute or email NameID), name, groups. */
export function profileFromAssertion(profile: Profile, groupsAttribute: string | null): SsoProfile {
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const pick = (names: string[]) => names.map((n) => values(attributes[n])[0]).find(Boolean) ?? null;
  const nameId = profile.nameID?.trim() ?? "";
  const email = pick(EMAIL_ATTRIBUTES) ?? (profile.nameIDFormat === NAMEID_EMAIL || nameId.includes("@") ? nameId : "");
  const given = pick(GIVEN);
  const surname = pick(SURNAME);
  const name = pick(NAME_ATTRIBUTES) ?? ([given, surname].filter(Boolean).join(" ") || null);
  return {
    subject: nameId || email,
    email: email.toLowerCase(),
    // An email from the IdP of an organization is trusted for that organization's verified domains only (lib/sso/complete.ts).
    emailVerified: true,
    name,
    groups: groupsAttribute ? values(attributes[groupsAttribute]).slice(0, 500) : [],
  };
}

/**
 * Verifies a Response posted to the ACS of `connection` for the consumed login `state` and
 * reads the person from it: node-saml's validation (signed assertion, certificates of the
 * connection, audience, validity window, InResponseTo), then the issuer, recipient,
 * destination and signed InResponseTo, then the replay guard. Refusals are SsoRefusals.
 * Used by lib/sso/callback.ts's handleSsoCallback as the protocol's `verify` step.
 */
export async function verifySamlResponse(
  db: Queryable,
  connection: SsoConnection,
  state: LoginState,
  input: { connectionId: string; samlResponse: string | null },
): Promise<SsoProfile> {
  if (connection.id !== input.connectionId) throw new SsoRefusal("STATE_INVALID", "The RelayState belongs to another connection.");
  if (!input.samlResponse) throw new SsoRefusal("ASSERTION_INVALID", "The POST carried no SAMLResponse.");
  if (input.samlResponse.length > SAML_RESPONSE_MAX_CHARS) throw new SsoRefusal("ASSERTION_INVALID", "The SAMLResponse is larger than 512 KB.");
  if (!state.requestId) throw new SsoRefusal("STATE_INVALID", "The sign-in state has no SAML request.");
  // Before any parser sees it: a DOCTYPE can declare entities (XXE, entity expansion); SAML has no use for one.
  if (/<!DOCTYPE/i.test(Buffer.from(input.samlResponse, "base64").toString("utf8"))) {
    throw new SsoRefusal("ASSERTION_INVALID", "The SAML response contains a DOCTYPE declaration, which is not accepted.");
  }

  let validated: Awaited<ReturnType<SAML["validatePostResponseAsync"]>>;
  try {
    validated = await samlFor(connection, state).validatePostResponseAsync({ SAMLResponse: input.samlResponse });
  } catch (error) {
    throw refusalFromLibrary(error);
  }
  if (!validated.profile || validated.loggedOut) throw new SsoRefusal("ASSERTION_INVALID", "The response carries no assertion.");
  checkDestination(connection, input.samlResponse);
  const { assertionId, expiresAt } = checkSignedAssertion(connection, state, validated.profile);
  await guardReplay(db, connection, assertionId, expiresAt);

  const profile = profileFromAssertion(validated.profile, connection.groupsClaim);
  if (!profile.email || !profile.email.includes("@")) throw new SsoRefusal("EMAIL_MISSING", "The assertion has no email attribute and its NameID is not an email address.");
  return profile;
}
