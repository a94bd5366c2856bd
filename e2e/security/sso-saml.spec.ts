import { inflateRawSync } from "node:zlib";
import { serveSamlIdp } from "../../test/idp/saml-idp";
import { expect, expectAccessible, screenshot, signIn, test } from "../fixtures";

// The demo owner connects a SAML identity provider (the samlify test IdP on 127.0.0.1, whose
// metadata the console fetches by URL), runs a test sign-in through the IdP's login page (which
// auto-posts the signed Response to the console's ACS) and reads the result; the console's SP
// metadata is served; a forged ACS post lands on a clear error page without a session.

const IDP_PORT = Number(process.env.SSO_SAML_IDP_PORT ?? 4420);
const OWNER = "owner@acme.test";

let idp: Awaited<ReturnType<typeof serveSamlIdp>>;

test.beforeAll(async () => {
  idp = await serveSamlIdp({
    port: IDP_PORT,
    // Like a real IdP, read the SP's metadata from the URL next to the AuthnRequest's Issuer.
    spMetadataXml: async (redirectUrl) => {
      const request = inflateRawSync(Buffer.from(new URL(redirectUrl).searchParams.get("SAMLRequest")!, "base64")).toString("utf8");
      const issuer = /<(?:saml:)?Issuer[^>]*>([^<]+)</.exec(request)![1]!;
      return (await fetch(`${issuer}/metadata`)).text();
    },
  });
});

test.afterAll(async () => {
  await idp?.close();
});

test("a security owner adds a SAML connection from its metadata URL and tests it through the IdP", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signIn(page, OWNER);

  await page.goto("/acme/security/sso/new?protocol=saml");
  await expect(page.getByRole("heading", { level: 1, name: "Add an SSO connection" })).toBeVisible();
  // Something that is not IdP metadata is refused with the reason, on the field.
  await page.getByLabel("Name").fill("Acme SAML");
  await page.getByLabel("IdP metadata XML").fill("<html><body>Sign in</body></html>");
  await page.getByRole("button", { name: "Add connection" }).click();
  await expect(page.getByText("is not SAML metadata: the root element is <html>, expected <EntityDescriptor>")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "sso-saml-bad-metadata");

  await page.getByLabel("IdP metadata XML").fill("");
  await page.getByLabel("IdP metadata URL").fill(`http://127.0.0.1:${IDP_PORT}/metadata`);
  await page.getByLabel("Groups attribute").fill("groups");
  await page.getByRole("button", { name: "Add connection" }).click();

  await expect(page.getByRole("heading", { level: 1, name: /Acme SAML/ })).toBeVisible();
  await expect(page.getByText("Not tested")).toBeVisible();
  const connectionId = /\/security\/sso\/([^/?]+)/.exec(page.url())![1]!;
  await expect(page.getByRole("textbox", { name: "ACS URL (reply URL)" })).toHaveValue(`${baseURL}/sso/saml/${connectionId}/acs`);
  await expectAccessible(page);
  await screenshot(page, "sso-saml-connection");

  // The SP metadata the IdP's administrator is given.
  const metadata = await page.request.get(`/sso/saml/${connectionId}/metadata`);
  expect(metadata.status()).toBe(200);
  expect(metadata.headers()["content-type"]).toContain("application/samlmetadata+xml");
  expect(await metadata.text()).toContain(`entityID="${baseURL}/sso/saml/${connectionId}"`);

  // Test sign-in: the browser goes to the IdP, signs in there, and the IdP posts back to the ACS.
  await page.getByRole("button", { name: "Test sign-in" }).click();
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${IDP_PORT}/sso\\?SAMLRequest=`));
  await page.getByLabel("Email").fill(OWNER);
  await page.getByLabel("Name").fill("Acme Owner");
  await page.getByLabel("Groups").fill("platform-admins, everyone");
  await screenshot(page, "sso-saml-idp-login");
  await page.getByRole("button", { name: "Sign in to the console" }).click();

  await expect(page).toHaveURL(new RegExp(`/acme/security/sso/${connectionId}\\?test=`));
  const result = page.getByRole("status").filter({ hasText: "Test sign-in passed." });
  await expect(result).toBeVisible();
  await expect(result).toContainText(OWNER);
  await expect(result).toContainText("Acme Owner");
  await expect(result).toContainText("platform-admins, everyone");
  await expect(page.getByText(/Tested on .* by owner@acme\.test/)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "sso-saml-tested");

  // A forged post to the ACS signs nobody in and lands on a clear page.
  const forged = await page.request.post(`/sso/saml/${connectionId}/acs`, {
    form: { SAMLResponse: Buffer.from("<samlp:Response/>").toString("base64"), RelayState: "forged" },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(303);
  expect(forged.headers()["set-cookie"]).toBeUndefined();
  expect(forged.headers().location).toBe(`${baseURL}/sso/error?reason=STATE_INVALID`);
  await page.goto(forged.headers().location!);
  await expect(page.getByRole("heading", { level: 1, name: "This sign-in link has expired or was already used" })).toBeVisible();
  await expectAccessible(page);
});
