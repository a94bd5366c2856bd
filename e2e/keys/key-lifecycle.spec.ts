import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { acceptInvitation, expect, expectAccessible, screenshot, signIn, test, uniqueEmail } from "../fixtures";

/** The platform token the embedded e2e server generated for itself. */
function platformToken() {
  const file = path.join(process.env.E2E_DATA_DIR ?? ".data-e2e", "secrets.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { PLATFORM_TOKENS: string }).PLATFORM_TOKENS;
}

async function verify(page: Page, body: Record<string, string>) {
  const res = await page.request.post("/api/v1/keys/verify", { headers: { authorization: `Bearer ${platformToken()}` }, data: body });
  expect(res.status()).toBe(200);
  return (await res.json()) as { valid: boolean; code: string };
}

async function invite(page: Page, email: string, role: string, projectRole?: { project: string; role: string }) {
  const form = page.getByRole("region", { name: "Invite a member" });
  await form.getByLabel("Email address").fill(email);
  await form.getByLabel("Role", { exact: true }).selectOption(role);
  if (projectRole) await form.getByLabel(`Role in ${projectRole.project}`).selectOption(projectRole.role);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toContainText(`Invitation sent to ${email}.`);
}

test("a developer's production key: shown once, restricted, explained, rotated; a security owner revokes it", async ({ page, browser }) => {
  // The owner sets up a project limited to OpenAI models and invites a developer and a security owner.
  await signIn(page, uniqueEmail("keys-owner"));
  const slug = `k-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill("Keyed Inc");
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await page.goto(`/${slug}/projects?new=1`);
  await page.getByRole("region", { name: "New project" }).getByLabel("Project name").fill("Search");
  await page.getByRole("region", { name: "New project" }).getByRole("button", { name: "Create project" }).click();
  await page.getByRole("table", { name: "Projects" }).getByRole("link", { name: "Search" }).click();
  const access = page.getByRole("region", { name: "Model access" });
  await access.getByLabel("Allowed models").fill("openai/*");
  await access.getByRole("button", { name: "Save" }).click();
  await expect(access.getByRole("status")).toBeVisible();
  const devEmail = uniqueEmail("developer");
  const secEmail = uniqueEmail("security");
  await page.goto(`/${slug}/members`);
  await invite(page, devEmail, "member", { project: "Search", role: "developer" });
  await invite(page, secEmail, "security");

  // The developer creates a production key and copies its secret, shown once.
  const dev = await acceptInvitation(browser, devEmail, slug);
  await dev.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await dev.goto(`/${slug}/projects/search/keys`);
  const create = dev.getByRole("region", { name: "Create a key" });
  await expect(create.getByLabel("Owner")).toContainText("Me");
  await create.getByLabel("Key name").fill("search-backend");
  await create.getByLabel("Environment", { exact: true }).selectOption("production");
  await create.getByRole("button", { name: "Create key" }).click();
  const secretBox = dev.getByRole("textbox", { name: "Secret" });
  await expect(secretBox).toBeVisible();
  const secret = await secretBox.inputValue();
  expect(secret).toMatch(/^anyint_sk_[0-9A-Za-z]{38}$/);
  await dev.getByRole("button", { name: "Copy" }).click();
  await expect(dev.getByText("Copied to the clipboard.")).toBeVisible();
  expect(await dev.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await screenshot(dev, "key-created");
  await expectAccessible(dev);
  expect((await verify(dev, { key: secret, model: "openai/gpt-4o" })).code).toBe("VALID");

  await dev.getByRole("button", { name: "I have copied it" }).click();
  await expect(dev.locator("body")).not.toContainText(secret);
  await dev.getByRole("table", { name: "Keys of this project" }).getByRole("link", { name: "search-backend" }).click();
  await expect(dev.getByRole("heading", { level: 1, name: "search-backend" })).toBeVisible();
  const keyUrl = dev.url();

  // Restrict it: one route, an IPv4 and an IPv6 range, a rate limit.
  const restrictions = dev.getByRole("region", { name: "Restrictions" });
  await restrictions.getByLabel("Allowed routes").fill("/v1/chat/completions");
  await restrictions.getByLabel("IP allowlist").fill("10.0.0.0/8\n2001:db8::/32");
  await restrictions.getByLabel("Requests per minute").fill("600");
  await restrictions.getByRole("button", { name: "Save restrictions" }).click();
  await expect(restrictions.getByRole("status")).toBeVisible();
  expect((await verify(dev, { key: secret, route: "/v1/chat/completions", ip: "192.168.1.1" })).code).toBe("IP_NOT_ALLOWED");
  expect((await verify(dev, { key: secret, route: "/v1/chat/completions", ip: "::ffff:10.1.2.3", model: "openai/gpt-4o" })).code).toBe("VALID");

  // The explainer says why a model outside the project's list is refused, and who decided.
  const explainer = dev.getByRole("region", { name: "Access explainer" });
  await explainer.getByLabel("Model").selectOption("anthropic/claude-sonnet-4");
  await explainer.getByLabel("Route").fill("/v1/chat/completions");
  await explainer.getByLabel("IP address").fill("10.0.0.7");
  await explainer.getByRole("button", { name: "Explain" }).click();
  await expect(explainer.getByText("Outcome: MODEL_NOT_ALLOWED — decided by: project")).toBeVisible();
  await expect(dev.getByRole("region", { name: "Verification checks" })).toContainText("Refused: MODEL_NOT_ALLOWED");
  await screenshot(dev, "key-explainer");
  await expectAccessible(dev);

  // Rotate with no grace period: the old secret stops at once, the key id stays.
  await dev.getByLabel("Old secret keeps working for").selectOption({ label: "No grace period (stops at once)" });
  await dev.getByRole("region", { name: "Rotate" }).getByRole("button", { name: "Rotate key" }).click();
  await dev.getByRole("dialog").getByRole("button", { name: "Rotate key" }).click();
  const rotated = await dev.getByRole("textbox", { name: "Secret" }).inputValue();
  expect(rotated).not.toBe(secret);
  expect(dev.url()).toBe(keyUrl);
  expect((await verify(dev, { key: secret, route: "/v1/chat/completions", ip: "10.0.0.1" })).code).toBe("EXPIRED");
  expect((await verify(dev, { key: rotated, route: "/v1/chat/completions", ip: "10.0.0.1" })).code).toBe("VALID");

  // The security owner revokes it in an emergency: refused by the very next verification.
  const sec = await acceptInvitation(browser, secEmail, slug);
  await sec.goto(keyUrl);
  await expect(sec.getByRole("region", { name: "Restrictions" })).toHaveCount(0); // security may revoke, not edit
  await sec.getByRole("button", { name: "Revoke key" }).first().click();
  await sec.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(sec.getByText(/revoked/i).first()).toBeVisible();
  expect((await verify(sec, { key: rotated, route: "/v1/chat/completions", ip: "10.0.0.1" })).code).toBe("REVOKED");
  await screenshot(sec, "key-revoked");
  await expectAccessible(sec);
});

test("security owners set the key policy, and the models page shows the catalog with prices", async ({ page }) => {
  await signIn(page, uniqueEmail("policy"));
  const slug = `p-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill("Policy Co");
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Models" }).click();
  const catalog = page.getByRole("table", { name: "Model catalog" });
  await expect(catalog).toContainText("openai/gpt-4o");
  await expect(catalog).toContainText("$2.50");
  await screenshot(page, "models");
  await expectAccessible(page);

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Security" }).click();
  await page.getByLabel("Maximum key lifetime (days)").fill("90");
  await page.getByLabel("Require an expiry date").check();
  await page.getByRole("button", { name: "Save key policy" }).click();
  await expect(page.getByRole("status").first()).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Maximum key lifetime (days)")).toHaveValue("90");
  await expect(page.getByLabel("Require an expiry date")).toBeChecked();
  await screenshot(page, "key-policy");
  await expectAccessible(page);
});
