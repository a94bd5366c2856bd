import type { Page } from "@playwright/test";
import { startOidcIdp, type OidcIdp } from "../../test/idp/oidc-idp";
import { expect, expectAccessible, screenshot, signIn, test } from "../fixtures";

// The demo owner connects the local OpenID provider (oidc-provider on 127.0.0.1) to Acme, runs
// a test sign-in through the provider's login form and reads what it returned; a wrong client
// secret fails the test with its reason; a refused sign-in lands on a clear error page.

const IDP_PORT = Number(process.env.SSO_OIDC_IDP_PORT ?? 4410);
const OWNER = "owner@acme.test";
const CLIENT = { client_id: "anyint-e2e-oidc", client_secret: "e2e-oidc-secret-0123456789" };

let idp: OidcIdp;

test.beforeAll(async ({ baseURL }) => {
  idp = await startOidcIdp({
    port: IDP_PORT,
    clients: [{ ...CLIENT, redirect_uris: [`${baseURL}/sso/oidc/callback`] }],
    accounts: { [OWNER]: { email: OWNER, email_verified: true, name: "Acme Owner", groups: ["platform-admins", "everyone"] } },
  });
});

test.afterAll(async () => {
  await idp?.close();
});

async function loginAtIdp(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.locator('button[type="submit"]').click();
}

test("a security owner adds an OIDC connection, tests it through the IdP and sees the result", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signIn(page, OWNER);

  await page.goto("/acme/security/sso");
  await expect(page.getByRole("heading", { level: 1, name: "Single sign-on" })).toBeVisible();
  await expect(page.getByText("No connections yet")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Redirect URI" })).toHaveValue(`${baseURL}/sso/oidc/callback`);
  await expectAccessible(page);
  await screenshot(page, "sso-oidc-empty");

  await page.getByRole("link", { name: "Add connection" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add an SSO connection" })).toBeVisible();
  // bad input is named field by field, and nothing is created
  await page.getByLabel("Name").fill("Acme Okta");
  await page.getByLabel("Issuer URL").fill("http://idp.example.com");
  await page.getByLabel("Client ID").fill(CLIENT.client_id);
  await page.getByRole("button", { name: "Add connection" }).click();
  await expect(page.getByText("must use https")).toBeVisible();
  await expect(page.getByText("Client secret is required")).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Issuer URL").fill(idp.issuer);
  await page.getByLabel("Client secret").fill(CLIENT.client_secret);
  await page.getByLabel("Groups claim").fill("groups");
  await page.getByRole("button", { name: "Add a group" }).click();
  await page.getByLabel("Group 1", { exact: true }).fill("platform-admins");
  await page.getByLabel("Role for group 1").selectOption("admin");
  await screenshot(page, "sso-oidc-new");
  await page.getByRole("button", { name: "Add connection" }).click();

  await expect(page.getByRole("heading", { level: 1, name: /Acme Okta/ })).toBeVisible();
  await expect(page.getByText("Not tested")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Test sign-in" }).click();
  await loginAtIdp(page, OWNER);
  const result = page.getByRole("status").filter({ hasText: "Test sign-in passed." });
  await expect(result).toBeVisible();
  await expect(result).toContainText(OWNER);
  await expect(result).toContainText("Acme Owner");
  await expect(result).toContainText("platform-admins, everyone");
  await expect(result).toContainText("Owner"); // an owner stays owner whatever the groups say
  await expect(page.getByText(/Tested on .* by owner@acme\.test/)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "sso-oidc-tested");

  // A wrong secret: the test fails with the reason, and the status says the settings changed.
  await page.getByLabel("Client secret").fill("not-the-secret");
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByText("Connection saved.")).toBeVisible();
  await expect(page.getByText("Changed since the test", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Test sign-in" }).click();
  await loginAtIdp(page, OWNER);
  await expect(page.getByRole("alert").filter({ hasText: "Test sign-in failed" })).toContainText("IDP_ERROR");
  await expectAccessible(page);
  await screenshot(page, "sso-oidc-test-failed");

  // The list shows the connection and its status.
  await page.getByRole("link", { name: "All connections" }).click();
  const table = page.getByRole("table", { name: "Single sign-on connections" });
  await expect(table.getByRole("link", { name: "Acme Okta" })).toBeVisible();
  await expect(table).toContainText("OIDC");
  await expect(table).toContainText("Changed since the test");
  await expectAccessible(page);
  await screenshot(page, "sso-oidc-list");

  // A sign-in whose state is unknown is refused on a clear page.
  await page.goto("/sso/oidc/callback?code=x&state=forged");
  await expect(page).toHaveURL(/\/sso\/error\?reason=STATE_INVALID$/);
  await expect(page.getByRole("heading", { level: 1, name: "This sign-in link has expired or was already used" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to sign-in" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "sso-oidc-error");

  // Delete, with a confirmation.
  await page.goto("/acme/security/sso");
  await page.getByRole("link", { name: "Acme Okta" }).click();
  await page.getByRole("button", { name: "Delete connection" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Acme Okta?" });
  await dialog.getByRole("button", { name: "Delete connection" }).click();
  await expect(page).toHaveURL(/\/acme\/security\/sso$/);
  await expect(page.getByText("No connections yet")).toBeVisible();
});
