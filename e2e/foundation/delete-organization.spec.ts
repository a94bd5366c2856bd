import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, linkFromMailbox, screenshot, signIn, test, uniqueEmail } from "../fixtures";

/** The platform token the embedded e2e server generated for itself. */
function platformToken() {
  const file = path.join(process.env.E2E_DATA_DIR ?? ".data-e2e", "secrets.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { PLATFORM_TOKENS: string }).PLATFORM_TOKENS;
}

async function verify(page: Page, key: string) {
  const res = await page.request.post("/api/v1/keys/verify", { headers: { authorization: `Bearer ${platformToken()}` }, data: { key } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { code: string }).code;
}

async function createOrganization(page: Page, name: string, slug: string) {
  await page.goto("/organizations/new");
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
}

/** Settings → Delete organization: types the slug and deletes. */
async function deleteFromSettings(page: Page, slug: string) {
  await page.goto(`/${slug}/settings`);
  const zone = page.getByRole("region", { name: "Delete organization" });
  await zone.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await zone.getByRole("button", { name: "Delete this organization" }).click();
}

test("an owner deletes an organization by typing its slug: its keys stop verifying and its pages answer 404", async ({ page }) => {
  const email = uniqueEmail("deleter");
  await signIn(page, email);
  const stamp = Date.now().toString(36);
  const keeper = `keep-${stamp}`;
  const doomed = `doomed-${stamp}`;
  await createOrganization(page, "Keeper Co", keeper);
  await createOrganization(page, "Doomed Dynamics", doomed);

  // A project with a key that verifies.
  await page.goto(`/${doomed}/projects?new=1`);
  await page.getByRole("region", { name: "New project" }).getByLabel("Project name").fill("Rocket");
  await page.getByRole("region", { name: "New project" }).getByRole("button", { name: "Create project" }).click();
  await page.getByRole("table", { name: "Projects" }).getByRole("link", { name: "Rocket" }).click();
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Keys" }).click();
  const create = page.getByRole("region", { name: "Create a key" });
  await create.getByLabel("Key name").fill("rocket-dev");
  await create.getByLabel("Environment", { exact: true }).selectOption("development");
  await create.getByRole("button", { name: "Create key" }).click();
  const secret = await page.getByRole("textbox", { name: "Secret" }).inputValue();
  await page.getByRole("button", { name: "I have copied it" }).click();
  expect(await verify(page, secret)).toBe("VALID");

  // The danger zone says what goes; the button waits for the exact slug.
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Settings" }).click();
  const zone = page.getByRole("region", { name: "Delete organization" });
  await expect(zone).toContainText("1 project with 1 API key: the keys stop verifying at once");
  await expect(zone).toContainText("audit log");
  await expect(zone).toContainText("invoices");
  const confirm = zone.getByLabel(`Type ${doomed} to confirm`);
  const button = zone.getByRole("button", { name: "Delete this organization" });
  await expect(button).toBeDisabled();
  await confirm.fill(doomed.toUpperCase());
  await expect(button).toBeDisabled();
  await confirm.press("Enter"); // no implicit submission while the button is disabled
  await expect(page).toHaveURL(new RegExp(`/${doomed}/settings$`));
  await screenshot(page, "delete-organization-danger-zone");
  await expectAccessible(page);

  // The server refuses a wrong slug on its own, naming the field, and nothing is deleted.
  // as the console's own pages send it (same origin): the refusal is the slug check's, not the CSRF check's
  const refused = await page.request.delete("/api/v1/organization", { headers: { "anyint-organization": doomed, origin: new URL(page.url()).origin }, data: { confirmSlug: "doomed" } });
  expect(refused.status()).toBe(400);
  const body = (await refused.json()) as { error: { code: string; details: { path: string }[] } };
  expect(body.error.code).toBe("INVALID_REQUEST");
  expect(body.error.details.map((d) => d.path)).toEqual(["confirmSlug"]);
  expect(await verify(page, secret)).toBe("VALID");

  await confirm.fill(doomed);
  await expect(button).toBeEnabled();
  await button.click();

  // The owner lands in their other organization; the deleted one is gone.
  await expect(page).toHaveURL(new RegExp(`/${keeper}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Keeper Co" })).toBeVisible();
  await expectAccessible(page);
  expect(await verify(page, secret)).toBe("NOT_FOUND");
  const gone = await page.goto(`/${doomed}/settings`);
  expect(gone?.status()).toBe(404);
  await screenshot(page, "delete-organization-gone");

  // Owners are told who deleted it.
  const link = await linkFromMailbox(page, email, /Doomed Dynamics was deleted/, "Open the console");
  await expect(page.getByRole("listitem").filter({ hasText: /Doomed Dynamics was deleted/ }).first()).toContainText(`deleted by ${email}`);
  expect(new URL(link).pathname).toBe("/");

  // Deleting the last organization leads to creating a new one.
  await deleteFromSettings(page, keeper);
  await expect(page).toHaveURL(/\/organizations\/new$/);
  await expectAccessible(page);
  await screenshot(page, "delete-organization-last");
});
