import type { Page } from "@playwright/test";
import { startLocalDns, type LocalDns } from "../../test/dns/dns-server";
import { startOidcIdp, type OidcIdp } from "../../test/idp/oidc-idp";
import { expect, expectAccessible, linkFromMailbox, screenshot, signIn, test } from "../fixtures";

// The whole journey of SSO enforcement in the demo organization: the owner connects the local
// OpenID provider, tests it, verifies acme.test through the spec's own DNS server and enforces
// SSO (recovery codes shown once); a member is refused a magic link and signs in through
// "Sign in with SSO"; the owner uses a recovery code (break-glass), then puts everything back.

// H1's OIDC spec runs its IdP on 4410; this one defaults to 4430 (both configurable).
const IDP_PORT = Number(process.env.SSO_ENFORCE_IDP_PORT ?? 4430);
const DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 5330); // playwright.config.ts points DNS_SERVERS here
const OWNER = "owner@acme.test";
const MEMBER = `dev-${Date.now().toString(36)}@acme.test`;
const CLIENT = { client_id: "anyint-e2e-enforce", client_secret: "e2e-enforce-secret-0123456789" };

let idp: OidcIdp;
let dns: LocalDns;

test.beforeAll(async ({ baseURL }) => {
  dns = await startLocalDns(DNS_PORT);
  idp = await startOidcIdp({ port: IDP_PORT, clients: [{ ...CLIENT, redirect_uris: [`${baseURL}/sso/oidc/callback`] }] });
});

test.afterAll(async () => {
  await idp?.close();
  await dns?.close();
});

/** The local IdP's development login form: any password is accepted. */
async function loginAtIdp(page: Page, email: string) {
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}`));
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill("any-password");
  await page.locator('button[type="submit"]').click();
}

test("a security owner sets up, tests and enforces SSO; a member signs in only through it; an owner uses a recovery code", async ({ page, browser }) => {
  test.setTimeout(180_000);

  // 1. The owner adds an OIDC connection against the local provider and tests it.
  await signIn(page, OWNER);
  await page.goto("/acme/security/sso/new");
  await page.getByLabel("Name").fill("Acme IdP");
  await page.getByLabel("Issuer URL").fill(idp.issuer);
  await page.getByLabel("Client ID").fill(CLIENT.client_id);
  await page.getByLabel("Client secret").fill(CLIENT.client_secret);
  await page.getByRole("button", { name: "Add connection" }).click();
  await expect(page.getByRole("button", { name: "Test sign-in" })).toBeVisible();
  await page.getByRole("button", { name: "Test sign-in" }).click();
  await loginAtIdp(page, OWNER);
  await expect(page.getByText("Test sign-in passed.")).toBeVisible();

  // 2. Domains: enforcement is not possible yet; acme.test is claimed, fails without its record, then verifies.
  await page.goto("/acme/security/domains");
  await expect(page.getByRole("heading", { level: 1, name: "Domains and SSO enforcement" })).toBeVisible();
  const enforcement = page.getByRole("region", { name: "SSO enforcement" });
  await expect(enforcement.getByText("Missing: At least one verified domain.")).toBeVisible();
  await expect(enforcement.getByRole("button", { name: "Enforce SSO" })).toBeDisabled();
  const domains = page.getByRole("region", { name: "Domains" });
  await domains.getByLabel("Domain").fill("gmail.com");
  await domains.getByRole("button", { name: "Claim domain" }).click();
  await expect(domains.getByText("is a public email provider")).toBeVisible();
  await domains.getByLabel("Domain").fill("ACME.test");
  await domains.getByRole("button", { name: "Claim domain" }).click();
  await expect(domains.getByText("acme.test claimed.")).toBeVisible();
  const table = page.getByRole("table", { name: "Claimed domains" });
  const row = table.getByRole("row").filter({ hasText: "acme.test" });
  await expect(row).toContainText("Pending");
  await expect(row).toContainText("_anyint-challenge.acme.test");
  await row.getByRole("button", { name: "Verify now acme.test" }).click();
  await expect(domains.getByText("acme.test is not verified yet. No TXT record found at _anyint-challenge.acme.test.")).toBeVisible();
  await screenshot(page, "sso-enforce-domain-pending");
  await expectAccessible(page);

  const value = (await row.locator("[data-record-value]").textContent())!.trim();
  expect(value).toMatch(/^anyint-domain-verification=/);
  dns.setTxt("_anyint-challenge.acme.test", ["v=spf1 -all", value]);
  await row.getByRole("button", { name: "Verify now acme.test" }).click();
  await expect(domains.getByText("acme.test is verified.")).toBeVisible();
  await expect(row).toContainText("Verified");

  // 3. Enforce: the checklist is complete; the owner's recovery codes are shown once.
  await expect(enforcement.getByText("Done: An enabled connection passed a test sign-in")).toBeVisible();
  await enforcement.getByRole("button", { name: "Enforce SSO" }).click();
  const dialog = page.getByRole("dialog", { name: "Enforce single sign-on?" });
  await expect(dialog).toContainText("acme.test");
  await dialog.getByRole("button", { name: "Enforce SSO" }).click();
  const codesList = enforcement.getByRole("list", { name: "Recovery codes" });
  await expect(codesList.getByRole("listitem")).toHaveCount(10);
  const codes = (await codesList.getByRole("listitem").allTextContents()).map((c) => c.trim());
  await expect(enforcement.getByText("Enforced", { exact: true })).toBeVisible();
  await screenshot(page, "sso-enforce-enforced-codes");
  await expectAccessible(page);
  await enforcement.getByRole("button", { name: "I have saved them" }).click();
  await expect(codesList).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("region", { name: "Break-glass recovery codes" })).toContainText("You have 10 unused recovery codes.");

  // 4. A member of acme.test asks for a magic link: refused with the explanation and the way in.
  const member = await (await browser.newContext()).newPage();
  await member.goto("/sign-in");
  await member.getByLabel("Work email").fill(MEMBER);
  await member.getByRole("button", { name: "Email me a sign-in link" }).click();
  const refusal = member.getByRole("alert").filter({ hasText: "acme.test signs in with single sign-on. Use Sign in with SSO." });
  await expect(refusal).toBeVisible();
  await screenshot(member, "sso-enforce-magic-link-refused");
  await expectAccessible(member);
  await refusal.getByRole("link", { name: "Sign in with SSO" }).click();

  // 5. … and signs in through "Sign in with SSO" at the IdP, landing in the console (joined just in time).
  await expect(member.getByRole("heading", { level: 1, name: "Sign in with SSO" })).toBeVisible();
  await expect(member.getByLabel("Work email or organization")).toHaveValue(MEMBER);
  await expect(member.getByText("acme.test signs in with single sign-on only")).toBeVisible();
  await screenshot(member, "sso-enforce-sign-in-with-sso");
  await expectAccessible(member);
  await member.getByRole("button", { name: "Continue" }).click();
  await loginAtIdp(member, MEMBER);
  await expect(member).toHaveURL(/\/acme$/);
  await expect(member.getByRole("heading", { level: 1, name: "Acme Robotics" })).toBeVisible();
  await screenshot(member, "sso-enforce-member-signed-in");

  // 6. Break-glass: the owner signs in with a recovery code; it works once, and the owners are alerted.
  const owner = await (await browser.newContext()).newPage();
  await owner.goto("/sign-in");
  await owner.getByRole("link", { name: "Sign in with SSO" }).click();
  await owner.getByRole("link", { name: "Owner locked out? Use a recovery code" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Sign in with a recovery code" })).toBeVisible();
  await expectAccessible(owner);
  await owner.getByLabel("Email").fill(OWNER);
  await owner.getByLabel("Recovery code").fill(codes[0]!.toUpperCase());
  await owner.getByRole("button", { name: "Sign in with recovery code" }).click();
  await expect(owner).toHaveURL(/\/acme$/);

  const again = await (await browser.newContext()).newPage();
  await again.goto("/sign-in/recovery");
  await again.getByLabel("Email").fill(OWNER);
  await again.getByLabel("Recovery code").fill(codes[0]!);
  await again.getByRole("button", { name: "Sign in with recovery code" }).click();
  await expect(again.getByRole("status")).toContainText("do not match an unused recovery code");
  await screenshot(again, "sso-enforce-recovery-code-reused");
  await expect(again).toHaveURL(/\/sign-in\/recovery$/);
  await linkFromMailbox(again, OWNER, /signed in with a break-glass recovery code/, "Review in the console");

  // 7. The owner (signed in by the recovery code) puts the demo organization back as it was.
  await owner.goto("/acme/security/domains");
  await expect(owner.getByRole("region", { name: "Break-glass recovery codes" })).toContainText("You have 9 unused recovery codes.");
  await owner.getByRole("button", { name: "Stop enforcing SSO" }).click();
  await owner.getByRole("dialog", { name: "Stop enforcing single sign-on?" }).getByRole("button", { name: "Stop enforcing" }).click();
  await expect(owner.getByRole("region", { name: "SSO enforcement" }).getByText("Not enforced", { exact: true })).toBeVisible();
  await owner.getByRole("table", { name: "Claimed domains" }).getByRole("button", { name: "Delete" }).click();
  await owner.getByRole("dialog", { name: "Delete acme.test?" }).getByRole("button", { name: "Delete domain" }).click();
  await expect(owner.getByText("No domains yet")).toBeVisible();
  await owner.goto("/acme/security/sso");
  await owner.getByRole("link", { name: "Acme IdP" }).click();
  await owner.getByRole("button", { name: "Delete connection" }).click();
  await owner.getByRole("dialog", { name: "Delete Acme IdP?" }).getByRole("button", { name: "Delete connection" }).click();
  await expect(owner).toHaveURL(/\/acme\/security\/sso$/);
});
