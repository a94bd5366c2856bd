import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSamlIdp, OTHER_IDP_KEY, TEST_IDP_KEY } from "@/test/idp/saml-idp";
import { AppError } from "@/lib/core/errors";
import { fetchIdpMetadata, parseIdpMetadata, samlSpUrls, spMetadataXml } from "./saml-metadata";

const body = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");

function metadata(inner: string, entityId = "https://idp.example.com/saml") {
  return `<?xml version="1.0"?>
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${inner}</IDPSSODescriptor>
</EntityDescriptor>`;
}
const key = (pem: string, use?: string) =>
  `<KeyDescriptor${use ? ` use="${use}"` : ""}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${body(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>`;
const sso = (binding: "HTTP-Redirect" | "HTTP-POST", location: string) =>
  `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:${binding}" Location="${location}"/>`;

/** The field error of an INVALID_REQUEST thrown by `fn`. */
function refusal(fn: () => unknown): { path: string; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("INVALID_REQUEST");
    return (e as AppError).fieldErrors[0]!;
  }
  throw new Error("expected a refusal");
}

describe("parseIdpMetadata", () => {
  it("reads the entity id, the HTTP-Redirect SSO URL and the signing certificates", () => {
    const xml = metadata(
      key(TEST_IDP_KEY.certificate, "signing") +
        key(OTHER_IDP_KEY.certificate, "encryption") +
        sso("HTTP-POST", "https://idp.example.com/sso/post") +
        sso("HTTP-Redirect", "https://idp.example.com/sso/redirect"),
    );
    const parsed = parseIdpMetadata(xml);
    expect(parsed.entityId).toBe("https://idp.example.com/saml");
    expect(parsed.ssoUrl).toBe("https://idp.example.com/sso/redirect");
    expect(parsed.certificates).toHaveLength(1);
    expect(body(parsed.certificates[0]!)).toBe(body(TEST_IDP_KEY.certificate));
    expect(parsed.certificates[0]).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it("falls back to the HTTP-POST location, reads keys without `use`, and unwraps an EntitiesDescriptor", () => {
    const inner = metadata(key(TEST_IDP_KEY.certificate) + key(OTHER_IDP_KEY.certificate, "signing") + sso("HTTP-POST", "https://idp.example.com/post"));
    const wrapped = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${inner.replace(/^<\?xml[^>]*>/, "")}</md:EntitiesDescriptor>`;
    const parsed = parseIdpMetadata(wrapped);
    expect(parsed.ssoUrl).toBe("https://idp.example.com/post");
    expect(parsed.certificates).toHaveLength(2);
  });

  it("reads the test IdP's metadata", () => {
    const idp = createSamlIdp();
    expect(parseIdpMetadata(idp.metadataXml)).toMatchObject({ entityId: idp.entityId, ssoUrl: idp.ssoUrl });
  });

  it.each([
    ["", /is empty/],
    ["not xml at all <", /not well-formed|not SAML metadata/],
    ["<a><b></a>", /not well-formed/],
    ['<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><EntityDescriptor/>', /DOCTYPE/],
    ['<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"/>', /no entityID/],
    ["<html><body>Sign in</body></html>", /root element is <html>/],
    [
      '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp"><SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></EntityDescriptor>',
      /no identity provider .*service provider/,
    ],
    [metadata(key(TEST_IDP_KEY.certificate, "signing")), /no SingleSignOnService/],
    [metadata(sso("HTTP-Redirect", "https://idp.example.com/sso")), /no signing certificate/],
    [metadata(key(TEST_IDP_KEY.certificate, "encryption") + sso("HTTP-Redirect", "https://idp.example.com/sso")), /no signing certificate/],
    [metadata(key("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----", "signing") + sso("HTTP-Redirect", "https://i/sso")), /cannot be read/],
    [metadata(key(TEST_IDP_KEY.certificate) + sso("HTTP-Redirect", "http://idp.example.com/sso")), /does not use https/],
    [metadata(key(TEST_IDP_KEY.certificate) + sso("HTTP-Redirect", "not a url")), /not a URL/],
  ])("refuses %#, naming metadataXml", (xml, reason) => {
    const error = refusal(() => parseIdpMetadata(xml));
    expect(error.path).toBe("metadataXml");
    expect(error.message).toMatch(reason);
  });

  it("refuses more than 1 MB", () => {
    const error = refusal(() => parseIdpMetadata(metadata(`<!--${"x".repeat(1024 * 1024)}-->`)));
    expect(error).toEqual({ path: "metadataXml", message: "is larger than 1 MB" });
  });
});

describe("samlSpUrls and spMetadataXml", () => {
  const saved = process.env.AUTH_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.AUTH_URL;
    else process.env.AUTH_URL = saved;
  });

  it("derive every URL from AUTH_URL and describe a service provider wanting signed assertions", () => {
    process.env.AUTH_URL = "https://console.example.com/";
    expect(samlSpUrls("sso_123")).toEqual({
      entityId: "https://console.example.com/sso/saml/sso_123",
      acsUrl: "https://console.example.com/sso/saml/sso_123/acs",
      metadataUrl: "https://console.example.com/sso/saml/sso_123/metadata",
    });
    const xml = spMetadataXml("sso_123");
    expect(xml).toContain('entityID="https://console.example.com/sso/saml/sso_123"');
    expect(xml).toContain('WantAssertionsSigned="true"');
    expect(xml).toContain('AuthnRequestsSigned="false"');
    expect(xml).toContain("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    expect(xml).toContain(
      '<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://console.example.com/sso/saml/sso_123/acs"',
    );
  });
});

describe("fetchIdpMetadata", () => {
  let server: http.Server;
  let base: string;
  const saved = process.env.SSO_ALLOWED_HTTP_HOSTS;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/metadata") return void res.writeHead(200, { "content-type": "application/xml" }).end("<EntityDescriptor/>");
      if (req.url === "/moved") return void res.writeHead(302, { location: "https://elsewhere.test/metadata" }).end();
      if (req.url === "/huge") {
        res.writeHead(200);
        const chunk = "x".repeat(64 * 1024);
        for (let i = 0; i < 20; i++) res.write(chunk);
        return void res.end();
      }
      if (req.url === "/slow") return; // never answers
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.SSO_ALLOWED_HTTP_HOSTS = "127.0.0.1";
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.SSO_ALLOWED_HTTP_HOSTS;
    else process.env.SSO_ALLOWED_HTTP_HOSTS = saved;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const reason = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).fieldErrors[0]!.path).toBe("metadataUrl");
    return (e as AppError).fieldErrors[0]!.message;
  };

  it("downloads from an allowed plain-http host", async () => {
    await expect(fetchIdpMetadata(`${base}/metadata`)).resolves.toBe("<EntityDescriptor/>");
  });

  it("refuses redirects, errors, more than 1 MB and slow answers", async () => {
    // the refusal names no address the remote chose (its Location header)
    const moved = await reason(fetchIdpMetadata(`${base}/moved`));
    expect(moved).toBe("answered a redirect (302); enter the final address");
    expect(moved).not.toContain("elsewhere");
    expect(await reason(fetchIdpMetadata(`${base}/nope`))).toBe("answered HTTP 404");
    expect(await reason(fetchIdpMetadata(`${base}/huge`))).toBe("answered more than 1 MB");
    expect(await reason(fetchIdpMetadata(`${base}/slow`, 300))).toBe("did not answer within 0.3 seconds");
  });

  it("refuses plain http, credentials and private addresses for hosts not allowed", async () => {
    process.env.SSO_ALLOWED_HTTP_HOSTS = "";
    try {
      expect(await reason(fetchIdpMetadata(`${base}/metadata`))).toBe("must use https");
      expect(await reason(fetchIdpMetadata("https://user:pw@idp.example.com/m"))).toMatch(/user name or password/);
      expect(await reason(fetchIdpMetadata("https://127.0.0.1/metadata"))).toBe("points to a loopback address");
      expect(await reason(fetchIdpMetadata("https://169.254.169.254/latest"))).toMatch(/link-local/);
      expect(await reason(fetchIdpMetadata("https://localhost/metadata"))).toBe("points to a loopback address");
      expect(await reason(fetchIdpMetadata("metadata.xml"))).toMatch(/full URL/);
    } finally {
      process.env.SSO_ALLOWED_HTTP_HOSTS = "127.0.0.1";
    }
  });
});
