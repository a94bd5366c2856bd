// A SAML 2.0 identity provider for tests, built with samlify: it reads the console's
// AuthnRequest (HTTP-Redirect) and answers a Response whose assertion it signs with the
// key pair made for this test process (openssl, below). Vitest drives it in-process (`respond`);
// Playwright through `serve()`, a small login page that auto-posts to the ACS. Raw-XML helpers
// at the end craft the negative cases (unsigned, wrapped, tampered).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import * as samlify from "samlify";

/**
 * A fresh self-signed RSA key and certificate for this test process (no key material lives in
 * the repository): `openssl req -x509` into a temporary folder, read back, folder removed.
 */
function testKeyPair(commonName: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "anyint-saml-"));
  try {
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${commonName}`, "-keyout", key, "-out", cert], { stdio: "ignore" });
    return { privateKey: fs.readFileSync(key, "utf8"), certificate: fs.readFileSync(cert, "utf8") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
/** the key pair whose certificate is in the IdP metadata */
export const TEST_IDP_KEY = testKeyPair("anyint-test-idp");
/** a key pair the console does not trust */
export const OTHER_IDP_KEY = testKeyPair("anyint-other-idp");

// samlify refuses to parse anything without a schema validator. This IdP is test code: it parses
// only requests made by the console under test, so a permissive validator is fine here (and only
// here: the console itself validates responses with node-saml, never with samlify).
samlify.setSchemaValidator({ validate: async () => "skipped: test IdP" });

const NS = {
  samlp: "urn:oasis:names:tc:SAML:2.0:protocol",
  saml: "urn:oasis:names:tc:SAML:2.0:assertion",
  ds: "http://www.w3.org/2000/09/xmldsig#",
};
const NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

export type SamlTestUser = {
  /** the NameID (defaults to the email) */
  nameId?: string;
  email?: string | null;
  name?: string | null;
  /** values of the groups attribute */
  groups?: string[];
  /** extra attributes, name → value(s) */
  attributes?: Record<string, string | string[]>;
};

/** What a test may bend in the response; everything else is what a correct IdP sends. */
export type ResponseOverrides = {
  audience?: string;
  recipient?: string;
  destination?: string | null;
  inResponseTo?: string;
  issuer?: string;
  /** seconds from now; negative = in the past */
  notOnOrAfterIn?: number;
  notBeforeIn?: number;
  assertionId?: string;
  /** sign with the trusted key (default), a key the console does not trust, or not at all */
  signWith?: "test" | "other" | "none";
  groupsAttribute?: string;
};

export type SamlIdpResponse = {
  /** base64 SAMLResponse as posted to the ACS */
  SAMLResponse: string;
  RelayState: string;
  /** where the form is posted (the AssertionConsumerService of the SP metadata) */
  acsUrl: string;
  /** the response XML */
  xml: string;
  requestId: string;
  assertionId: string;
};

export type SamlIdp = {
  entityId: string;
  ssoUrl: string;
  /** the IdP metadata to paste into the console */
  metadataXml: string;
  /**
   * Answers the AuthnRequest in `redirectUrl` (the IdP URL the console redirected to) for
   * `user`: a Response for the SP described by `spMetadataXml`, signed unless told otherwise.
   */
  respond(redirectUrl: string, spMetadataXml: string, user: SamlTestUser, overrides?: ResponseOverrides): Promise<SamlIdpResponse>;
};

const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const newId = () => `_${randomBytes(16).toString("hex")}`;
const instant = (offsetSeconds = 0) => new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

function idpMetadata(entityId: string, ssoUrl: string, certificate: string): string {
  const body = certificate.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");
  return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="${NS.ds}" entityID="${xmlEscape(entityId)}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>${NAMEID_EMAIL}</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${xmlEscape(ssoUrl)}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${xmlEscape(ssoUrl)}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

function attributeXml(name: string, values: string | string[]): string {
  const list = Array.isArray(values) ? values : [values];
  const items = list.map((v) => `<saml:AttributeValue xsi:type="xs:string">${xmlEscape(v)}</saml:AttributeValue>`).join("");
  return `<saml:Attribute Name="${xmlEscape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${items}</saml:Attribute>`;
}

/** The Response XML (assertion not yet signed). */
export function responseXml(p: {
  responseId: string;
  assertionId: string;
  issuer: string;
  destination: string | null;
  recipient: string;
  audience: string;
  inResponseTo: string;
  notBeforeIn: number;
  notOnOrAfterIn: number;
  user: SamlTestUser;
  groupsAttribute: string;
}): string {
  const { user } = p;
  const nameId = user.nameId ?? user.email ?? "";
  const attributes: Record<string, string | string[]> = { ...user.attributes };
  if (user.email) attributes.email = user.email;
  if (user.name) attributes.displayName = user.name;
  if (user.groups) attributes[p.groupsAttribute] = user.groups;
  const attrs = Object.entries(attributes).map(([k, v]) => attributeXml(k, v)).join("");
  const dest = p.destination === null ? "" : ` Destination="${xmlEscape(p.destination)}"`;
  const now = instant();
  return (
    `<samlp:Response xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${p.responseId}" Version="2.0" IssueInstant="${now}"${dest} InResponseTo="${xmlEscape(p.inResponseTo)}">` +
    `<saml:Issuer>${xmlEscape(p.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="${p.assertionId}" Version="2.0" IssueInstant="${now}">` +
    `<saml:Issuer>${xmlEscape(p.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${NAMEID_EMAIL}">${xmlEscape(nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData NotOnOrAfter="${instant(p.notOnOrAfterIn)}" Recipient="${xmlEscape(p.recipient)}" InResponseTo="${xmlEscape(p.inResponseTo)}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${instant(p.notBeforeIn)}" NotOnOrAfter="${instant(p.notOnOrAfterIn)}">` +
    `<saml:AudienceRestriction><saml:Audience>${xmlEscape(p.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now}" SessionIndex="${newId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attrs ? `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` : "") +
    `</saml:Assertion></samlp:Response>`
  );
}

/** A samlify IdP entity for one key pair (the metadata always names the trusted certificate). */
function idpEntity(entityId: string, ssoUrl: string, key: { privateKey: string; certificate: string }) {
  return samlify.IdentityProvider({
    metadata: idpMetadata(entityId, ssoUrl, key.certificate),
    privateKey: key.privateKey,
    requestSignatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
  });
}

export function createSamlIdp(options: { entityId?: string; ssoUrl?: string } = {}): SamlIdp {
  const entityId = options.entityId ?? `https://idp.test/${randomBytes(4).toString("hex")}`;
  const ssoUrl = options.ssoUrl ?? "https://idp.test/sso";
  const idps = { test: idpEntity(entityId, ssoUrl, TEST_IDP_KEY), other: idpEntity(entityId, ssoUrl, OTHER_IDP_KEY) };

  return {
    entityId,
    ssoUrl,
    metadataXml: idpMetadata(entityId, ssoUrl, TEST_IDP_KEY.certificate),
    async respond(redirectUrl, spMetadataXml, user, o = {}) {
      const sp = samlify.ServiceProvider({ metadata: spMetadataXml });
      const url = new URL(redirectUrl);
      const query = Object.fromEntries(url.searchParams);
      // samlify reads and inflates the console's AuthnRequest, as a real IdP would.
      const request = await idps.test.parseLoginRequest(sp, "redirect", { query, octetString: "" });
      const requestId = String((request.extract.request as Record<string, string> | undefined)?.id ?? "");
      const acsUrl = sp.entityMeta.getAssertionConsumerService(samlify.Constants.wording.binding.post) as string;
      const assertionId = o.assertionId ?? newId();
      const xml = responseXml({
        responseId: newId(),
        assertionId,
        issuer: o.issuer ?? entityId,
        destination: o.destination === undefined ? acsUrl : o.destination,
        recipient: o.recipient ?? acsUrl,
        audience: o.audience ?? sp.entityMeta.getEntityID(),
        inResponseTo: o.inResponseTo ?? requestId,
        notBeforeIn: o.notBeforeIn ?? -60,
        notOnOrAfterIn: o.notOnOrAfterIn ?? 300,
        user,
        groupsAttribute: o.groupsAttribute ?? "groups",
      });
      const relayState = query.RelayState ?? "";
      if (o.signWith === "none") {
        return { SAMLResponse: Buffer.from(xml).toString("base64"), RelayState: relayState, acsUrl, xml, requestId, assertionId };
      }
      // samlify signs the assertion (the SP metadata says WantAssertionsSigned="true").
      const signer = idps[o.signWith ?? "test"];
      const result = await signer.createLoginResponse(sp, request as unknown as Parameters<typeof signer.createLoginResponse>[1], "post", {}, { customTagReplacement: () => ({ id: assertionId, context: xml }) });
      const signed = Buffer.from(result.context, "base64").toString("utf8");
      return { SAMLResponse: result.context, RelayState: relayState, acsUrl, xml: signed, requestId, assertionId };
    },
  };
}

// ---- raw XML helpers for the negative cases ----------------------------------------------

export const encodeResponse = (xml: string) => Buffer.from(xml, "utf8").toString("base64");

const parse = (xml: string) => new DOMParser().parseFromString(xml, "text/xml");
const serialize = (doc: Document | Node) => new XMLSerializer().serializeToString(doc as Node);

function elements(root: Document | Element, ns: string, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, localName) as unknown as ArrayLike<Element>);
}

/** The top-level (signed) assertion of a response. */
function topAssertion(doc: Document): Element {
  const a = elements(doc, NS.saml, "Assertion").find((e) => e.parentNode === doc.documentElement);
  if (!a) throw new Error("no assertion");
  return a;
}

/** Sets the NameID and the email attribute of an assertion to `email`. */
function impersonate(assertion: Element, email: string) {
  const nameId = assertion.getElementsByTagNameNS(NS.saml, "NameID")[0]!;
  nameId.textContent = email;
  for (const attr of Array.from(assertion.getElementsByTagNameNS(NS.saml, "Attribute") as unknown as ArrayLike<Element>)) {
    if (attr.getAttribute("Name") === "email") attr.getElementsByTagNameNS(NS.saml, "AttributeValue")[0]!.textContent = email;
  }
}

/** A signed response whose assertion was edited after signing (the digest no longer matches). */
export function tamperedResponse(signedXml: string, email: string): string {
  const doc = parse(signedXml);
  impersonate(topAssertion(doc), email);
  return serialize(doc);
}

/**
 * Signature wrapping, the classic variants (McIntosh & Austel; Somorovsky et al., "On Breaking
 * SAML", 2012): a validly signed assertion is kept somewhere a naive verifier still finds its
 * signature, while an evil copy that impersonates `email` sits where a naive reader takes the
 * identity from.
 */
export function wrappedResponse(signedXml: string, email: string, variant: "evil-first" | "evil-last" | "wrapped-in-evil" | "wrapped-in-extensions" | "moved-signature"): string {
  const doc = parse(signedXml);
  const response = doc.documentElement!;
  const original = topAssertion(doc);
  const evil = original.cloneNode(true) as Element;
  const evilSignature = elements(evil, NS.ds, "Signature").find((s) => s.parentNode === evil);
  evil.setAttribute("ID", newId());
  impersonate(evil, email);

  switch (variant) {
    case "evil-first": // XSW: an unsigned evil assertion before the signed one
      if (evilSignature) evil.removeChild(evilSignature);
      response.insertBefore(evil, original);
      break;
    case "evil-last": // XSW: … and after it
      if (evilSignature) evil.removeChild(evilSignature);
      response.appendChild(evil);
      break;
    case "wrapped-in-evil": {
      // XSW3/4: the evil assertion replaces the original, which hides inside it; the evil copy
      // keeps the original's ID so that the signature reference still resolves to the original.
      evil.setAttribute("ID", original.getAttribute("ID")!);
      if (evilSignature) evil.removeChild(evilSignature);
      response.replaceChild(evil, original);
      evil.appendChild(original);
      break;
    }
    case "wrapped-in-extensions": {
      // XSW: the signed original moves into samlp:Extensions, the evil one (same ID) takes its place.
      evil.setAttribute("ID", original.getAttribute("ID")!);
      if (evilSignature) evil.removeChild(evilSignature);
      const extensions = doc.createElementNS(NS.samlp, "samlp:Extensions");
      response.replaceChild(evil, original);
      response.insertBefore(extensions, response.getElementsByTagNameNS(NS.samlp, "Status")[0]!);
      extensions.appendChild(original);
      break;
    }
    case "moved-signature": {
      // XSW7/8: the evil assertion carries the original's signature, whose ds:Object holds the
      // signed original (same ID).
      evil.setAttribute("ID", original.getAttribute("ID")!);
      const signature = evilSignature!;
      const object = doc.createElementNS(NS.ds, "ds:Object");
      const originalCopy = original.cloneNode(true) as Element;
      const copySig = elements(originalCopy, NS.ds, "Signature").find((s) => s.parentNode === originalCopy);
      if (copySig) originalCopy.removeChild(copySig);
      object.appendChild(originalCopy);
      signature.appendChild(object);
      response.replaceChild(evil, original);
      break;
    }
  }
  return serialize(doc);
}

/**
 * XML comment injection into the NameID (CVE-2017-11428 and kin): a signed assertion for
 * `attacker@victim.test.evil.test` becomes `attacker@victim.test<!---->.evil.test`; canonical
 * XML drops the comment, so the signature still verifies, and a reader that takes only the first
 * text node would see `attacker@victim.test`.
 */
export function commentInjectedResponse(signedXml: string, split: { before: string; after: string }): string {
  const full = split.before + split.after;
  return signedXml.split(`>${full}<`).join(`>${split.before}<!---->${split.after}<`);
}

// ---- an HTTP front for Playwright ----------------------------------------------------------

/**
 * Serves the IdP on 127.0.0.1:`port`: `GET /sso?SAMLRequest=…&RelayState=…` shows a small sign-in
 * form (email, name, groups); submitting it answers an auto-posting form to the console's ACS.
 * The SP metadata is fetched from the console (`spMetadataUrlOf(requestUrl)` decides where).
 */
export async function serveSamlIdp(options: { port: number; spMetadataXml: (redirectUrl: string) => Promise<string> }) {
  const ssoUrl = `http://127.0.0.1:${options.port}/sso`;
  const idp = createSamlIdp({ entityId: `http://127.0.0.1:${options.port}/metadata`, ssoUrl });
  const page = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test SAML IdP</title></head><body><main>${body}</main></body></html>`;
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", ssoUrl);
      if (req.method === "GET" && url.pathname === "/metadata") {
        res.writeHead(200, { "content-type": "application/samlmetadata+xml" }).end(idp.metadataXml);
        return;
      }
      if (req.method === "GET" && url.pathname === "/sso") {
        const back = xmlEscape(url.toString());
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
          page(`<h1>Test SAML identity provider</h1><form method="post" action="/login">
<input type="hidden" name="request" value="${back}">
<label>Email <input name="email" type="email" required></label>
<label>Name <input name="name"></label>
<label>Groups <input name="groups" placeholder="comma-separated"></label>
<button type="submit">Sign in to the console</button></form>`),
        );
        return;
      }
      if (req.method === "POST" && url.pathname === "/login") {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
        const redirectUrl = form.get("request") ?? "";
        const groups = (form.get("groups") ?? "").split(",").map((g) => g.trim()).filter(Boolean);
        const answer = await idp.respond(redirectUrl, await options.spMetadataXml(redirectUrl), {
          email: form.get("email"),
          name: form.get("name") || null,
          groups,
        });
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
          page(`<form method="post" action="${xmlEscape(answer.acsUrl)}" id="f">
<input type="hidden" name="SAMLResponse" value="${answer.SAMLResponse}">
<input type="hidden" name="RelayState" value="${xmlEscape(answer.RelayState)}">
<noscript><button type="submit">Continue</button></noscript></form>
<script>document.getElementById("f").submit()</script>`),
        );
        return;
      }
      res.writeHead(404).end("not found");
    })().catch((e: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  return {
    idp,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
