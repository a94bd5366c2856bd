import type { Page } from "@playwright/test";
import { acceptInvitation, expect, expectAccessible, screenshot, signIn, test, uniqueEmail } from "../fixtures";

// Custom roles in the console (docs/rbac.md, Custom roles): an owner makes a key auditor, gives
// it by invitation, sees who holds it, cannot delete it while held; the auditor reads the audit
// log and keys, and is offered nothing to change.

async function newOrganization(page: Page, name: string) {
  const slug = `roles-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  return slug;
}

test("an owner makes a Key auditor role, gives it, and the holder may read keys and the audit log only", async ({ page, browser }) => {
  await signIn(page, uniqueEmail("roles-owner"));
  const slug = await newOrganization(page, "Roles Co");
  await page.goto(`/${slug}/projects?new=1`);
  const newProject = page.getByRole("region", { name: "New project" });
  await newProject.getByLabel("Project name").fill("Ledger");
  await newProject.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("table", { name: "Projects" }).getByRole("link", { name: "Ledger" })).toBeVisible();

  // The Roles screen: built-in roles listed, no custom role yet.
  await page.getByRole("navigation").getByRole("link", { name: "Roles" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
  await expect(page.getByText("No custom roles yet")).toBeVisible();
  await expect(page.getByRole("table", { name: "Roles" }).getByRole("row", { name: /Security owner/ })).toBeVisible();
  await expectAccessible(page);

  // A bad role is refused with the field named, then the role is made.
  const create = page.getByRole("region", { name: "Create a role" });
  await create.getByRole("button", { name: "Create role" }).click();
  await create.getByLabel("Name").fill("Key auditor");
  await create.getByLabel("Description").fill("Reads keys and the audit log; changes nothing.");
  await create.getByRole("button", { name: "Create role" }).click();
  await expect(create.getByRole("alert").filter({ hasText: /at least one permission/ })).toBeVisible();
  await expect(create.getByRole("checkbox", { name: /org\.delete/ })).toHaveCount(0); // built-in only: never offered
  await create.getByRole("checkbox", { name: /^key\.read/ }).check();
  await create.getByRole("checkbox", { name: /^audit\.read/ }).check();
  await screenshot(page, "roles-editor");
  await create.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Key auditor" })).toBeVisible();
  await expect(page.getByText("Nobody holds this role")).toBeVisible();
  await expectAccessible(page);

  // Given by invitation.
  const auditorEmail = uniqueEmail("roles-auditor");
  await page.goto(`/${slug}/members`);
  const invite = page.getByRole("region", { name: "Invite a member" });
  await invite.getByLabel("Email address").fill(auditorEmail);
  await invite.getByLabel("Role", { exact: true }).selectOption({ label: "Key auditor" });
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText(`Invitation sent to ${auditorEmail}.`);
  const auditor = await acceptInvitation(browser, auditorEmail, slug);

  // The holder: the audit log and the project's keys, but no billing and no key to create.
  await auditor.goto(`/${slug}`);
  await expect(auditor.getByText("Key auditor").locator("visible=true").first()).toBeVisible();
  const nav = auditor.getByRole("navigation");
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Billing" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Roles" })).toHaveCount(0);
  await auditor.goto(`/${slug}/audit`);
  await expect(auditor.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await auditor.goto(`/${slug}/projects/ledger/keys`);
  await expect(auditor.getByRole("heading", { level: 1, name: "Ledger" })).toBeVisible();
  await expect(auditor.getByRole("button", { name: /Create key/ })).toHaveCount(0);
  const billing = await auditor.goto(`/${slug}/billing`);
  expect(billing?.status()).toBe(200);
  await expect(auditor.getByRole("region", { name: "You don't have access to this page" })).toBeVisible();

  // The owner sees the holder, and the role cannot be deleted while held.
  await page.goto(`/${slug}/roles`);
  await expect(page.getByRole("table", { name: "Roles" }).getByRole("row", { name: /Key auditor/ })).toContainText("1");
  await screenshot(page, "roles-list");
  await page.getByRole("link", { name: "Key auditor" }).click();
  await expect(page.getByText(`Member ${auditorEmail}`).or(page.getByText(new RegExp(auditorEmail))).first()).toBeVisible();
  await screenshot(page, "roles-detail");
  await page.getByRole("button", { name: "Delete role" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Key auditor?" });
  await dialog.getByRole("button", { name: "Delete role" }).click();
  await expect(dialog).toContainText("is in use by 1 member");
});
