import { X509Certificate } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { DOMParser } from "@xmldom/xmldom";
import { env } from "@/lib/env";
import { AppError } from "@/lib/core/errors";
import { blockedAddressReason } from "@/lib/webhooks/url-safety";
import { guardedLookup } from "@/lib/webhooks/http";
import { isHttpAllowed } from "./schemas";

// SAML metadata, both ways: reading an identity provider's EntityDescriptor (pasted or fetched)
// into the connection's columns, and describing our service provider for the IdP's admin.

type XmlElement = Element;

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const SAML2_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
export const BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
export const BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
export const NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

/** Largest metadata document read, pasted or fetched. */
export const METADATA_MAX_BYTES = 1024 * 1024;
/** Time allowed for fetching metadata from a URL. */
export const METADATA_FETCH_TIMEOUT_MS = 10_000;

export type IdpMetadata = { entityId: string; ssoUrl: string; certificates: string[] };

const refuse = (field: "metadataXml" | "metadataUrl", reason: string) =>
  new AppError("INVALID_REQUEST", `${field}: ${reason}`, { fieldErrors: [{ path: field, message: reason }] });

const children = (parent: XmlElement, ns: string, localName: string): XmlElement[] => {
  const out: XmlElement[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as XmlElement).namespaceURI === ns && (n as XmlElement).localName === localName) out.push(n as XmlElement);
  }
  return out;
};

const descendants = (parent: XmlElement, ns: string, localName: string): XmlElement[] =>
  Array.from(parent.getElementsByTagNameNS(ns, localName) as unknown as ArrayLike<XmlElement>);

/** A base64 certificate (as in ds:X509Certificate) as PEM, or null when it is not an X.509 certificate. */
export function certificateToPem(base64: string): string | null {
  const body = base64.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  if (!body || !/^[A-Za-z0-9+/]+=*$/.test(body)) return null;
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;
  try {
    new X509Certificate(pem);
    return pem;
  } catch {
    return null;
  }
}

function parseXml(xml: string): XmlElement {
  const errors: string[] = [];
  const doc = new DOMParser({
    // xmldom 0.8 recovers from malformed markup with a warning: metadata must be well-formed, so every report counts.
    errorHandler: (_level: string, message: unknown) => {
      errors.push(String(message));
    },
  }).parseFromString(xml, "text/xml");
  const root = doc.documentElement as unknown as XmlElement | null;
  if (errors.length > 0 || !root) {
    throw refuse("metadataXml", `is not well-formed XML${errors[0] ? ` (${errors[0].split("\n")[0]!.replace(/^\[xmldom \w+\]\s*/, "").trim()})` : ""}`);
  }
  return root;
}

/** The EntityDescriptor that describes one identity provider (an EntitiesDescriptor may wrap it). */
function idpEntity(root: XmlElement): XmlElement {
  if (root.namespaceURI === MD && root.localName === "EntityDescriptor") return root;
  if (root.namespaceURI === MD && root.localName === "EntitiesDescriptor") {
    const idps = descendants(root, MD, "EntityDescriptor").filter((e) => children(e, MD, "IDPSSODescriptor").length > 0);
    if (idps.length === 1) return idps[0]!;
    if (idps.length === 0) throw refuse("metadataXml", "describes no identity provider (no IDPSSODescriptor)");
    throw refuse("metadataXml", `describes ${idps.length} identity providers; paste the metadata of one`);
  }
  throw refuse("metadataXml", `is not SAML metadata: the root element is <${root.tagName}>, expected <EntityDescriptor>`);
}

/**
 * Reads an identity provider's SAML 2.0 metadata: its entityID, where to send the browser
 * (SingleSignOnService, HTTP-Redirect preferred, else HTTP-POST) and its signing certificates
 * (KeyDescriptor use="signing" or without `use`). Throws INVALID_REQUEST naming `metadataXml`.
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  if (typeof xml !== "string" || xml.trim() === "") throw refuse("metadataXml", "is empty: paste the identity provider's metadata XML");
  if (Buffer.byteLength(xml, "utf8") > METADATA_MAX_BYTES) throw refuse("metadataXml", "is larger than 1 MB");
  // No DTDs at all: entity expansion has no place in metadata (XXE, "billion laughs").
  if (/<!DOCTYPE/i.test(xml)) throw refuse("metadataXml", "must not contain a DOCTYPE declaration");

  const entity = idpEntity(parseXml(xml.trim()));
  const entityId = entity.getAttribute("entityID")?.trim();
  if (!entityId) throw refuse("metadataXml", "has no entityID on its EntityDescriptor");

  const idp = children(entity, MD, "IDPSSODescriptor")[0];
  if (!idp) throw refuse("metadataXml", "describes no identity provider (no IDPSSODescriptor): is this the service provider's metadata?");
  const protocols = (idp.getAttribute("protocolSupportEnumeration") ?? "").split(/\s+/);
  if (!protocols.includes(SAML2_PROTOCOL)) throw refuse("metadataXml", "does not support SAML 2.0 (protocolSupportEnumeration)");

  const services = children(idp, MD, "SingleSignOnService");
  const service = services.find((s) => s.getAttribute("Binding") === BINDING_REDIRECT) ?? services.find((s) => s.getAttribute("Binding") === BINDING_POST);
  const ssoUrl = service?.getAttribute("Location")?.trim();
  if (!ssoUrl) throw refuse("metadataXml", "has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding");
  if (!URL.canParse(ssoUrl)) throw refuse("metadataXml", `has a SingleSignOnService Location that is not a URL (${ssoUrl.slice(0, 100)})`);
  const url = new URL(ssoUrl);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isHttpAllowed(url))) {
    throw refuse("metadataXml", `has a SingleSignOnService Location that does not use https (${ssoUrl.slice(0, 100)})`);
  }

  const certificates: string[] = [];
  for (const key of children(idp, MD, "KeyDescriptor")) {
    const use = key.getAttribute("use");
    if (use && use !== "signing") continue;
    for (const cert of descendants(key, DS, "X509Certificate")) {
      const pem = certificateToPem(cert.textContent ?? "");
      if (!pem) throw refuse("metadataXml", "has a signing X509Certificate that cannot be read");
      if (!certificates.includes(pem)) certificates.push(pem);
    }
  }
  if (certificates.length === 0) throw refuse("metadataXml", "has no signing certificate (KeyDescriptor use=\"signing\" with an X509Certificate)");

  return { entityId, ssoUrl, certificates };
}

/**
 * Downloads IdP metadata: https only (plain http only for hosts in SSO_ALLOWED_HTTP_HOSTS),
 * never to a private or loopback address unless allowlisted, no redirects, at most 1 MiB in
 * 10 s. Throws INVALID_REQUEST naming `metadataUrl`.
 */
export async function fetchIdpMetadata(rawUrl: string, timeoutMs = METADATA_FETCH_TIMEOUT_MS): Promise<string> {
  if (!URL.canParse(rawUrl)) throw refuse("metadataUrl", "must be a full URL, such as https://idp.example.com/metadata");
  const url = new URL(rawUrl);
  const allowlisted = isHttpAllowed(url);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowlisted)) throw refuse("metadataUrl", "must use https");
  if (url.username || url.password) throw refuse("metadataUrl", "must not contain a user name or password");
  if (!allowlisted) {
    const bare = url.hostname.replace(/^\[|\]$/g, "");
    const reason = /^[\d.]+$|:/.test(bare) ? blockedAddressReason(bare) : /(^|\.)localhost$/i.test(bare) ? "a loopback address" : null;
    if (reason) throw refuse("metadataUrl", `points to ${reason}`);
  }

  const client = url.protocol === "https:" ? https : http;
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(refuse("metadataUrl", reason));
    };
    const req = client.get(url, {
      lookup: allowlisted ? undefined : guardedLookup,
      headers: { accept: "application/samlmetadata+xml, application/xml, text/xml", "user-agent": "AnyInt-Console-SAML/1.0" },
    });
    const timer = setTimeout(() => fail(`did not answer within ${timeoutMs / 1000} seconds`), timeoutMs);
    // the refusal names the reason, never the address a name resolved to (no mapping of internal hosts)
    req.on("error", (e: NodeJS.ErrnoException & { reason?: string }) => fail(e.code === "EBLOCKED" ? `points to ${e.reason ?? "an address that is not public"}` : `could not be fetched (${e.code ?? "network error"})`));
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) return fail(`answered a redirect (${status}); enter the final address`);
      if (status !== 200) return fail(`answered HTTP ${status}`);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > METADATA_MAX_BYTES) return fail("answered more than 1 MB");
        chunks.push(chunk);
      });
      res.on("error", () => fail("stopped answering mid-way"));
      res.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString("utf8"));
      });
    });
  });
}

/** The console's public address (server.ts sets AUTH_URL when unset). */
const consoleBase = () => (process.env.AUTH_URL ?? env().AUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");

/** Our service provider's identifiers for one connection: the entity id is also the metadata address's parent. */
export function samlSpUrls(connectionId: string): { entityId: string; acsUrl: string; metadataUrl: string } {
  const entityId = `${consoleBase()}/sso/saml/${encodeURIComponent(connectionId)}`;
  return { entityId, acsUrl: `${entityId}/acs`, metadataUrl: `${entityId}/metadata` };
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Our SP metadata for one connection, for the IdP's administrator: the ACS (HTTP-POST), email
 * NameID, signed assertions required, unsigned AuthnRequests.
 */
export function spMetadataXml(connectionId: string): string {
  const { entityId, acsUrl } = samlSpUrls(connectionId);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<md:EntityDescriptor xmlns:md="${MD}" entityID="${escapeXml(entityId)}">`,
    `  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="${SAML2_PROTOCOL}">`,
    `    <md:NameIDFormat>${NAMEID_EMAIL}</md:NameIDFormat>`,
    `    <md:AssertionConsumerService Binding="${BINDING_POST}" Location="${escapeXml(acsUrl)}" index="0" isDefault="true"/>`,
    `  </md:SPSSODescriptor>`,
    `</md:EntityDescriptor>`,
    ``,
  ].join("\n");
}
