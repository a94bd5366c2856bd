import type { Page } from "@playwright/test";
import { acceptInvitation, expect, expectAccessible, screenshot, signIn, test, uniqueEmail } from "../fixtures";

// A page the member may not see answers 200 with one access screen naming the permission and
// the roles holding it (lib/server/page.ts); an address with nothing at it in the organization
// (a project, key, webhook, SSO connection or invoice it does not have, another organization's
// included) answers 404.

async function newOrganization(page: Page, name: string, prefix: string) {
  const slug = `${prefix}-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  return slug;
}

async function newProject(page: Page, slug: string, name: string) {
  await page.goto(`/${slug}/projects?new=1`);
  const form = page.getByRole("region", { name: "New project" });
  await form.getByLabel("Project name").fill(name);
  await form.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("table", { name: "Projects" }).getByRole("link", { name })).toBeVisible();
}

async function invite(page: Page, slug: string, email: string, role: string, projectRoles: Record<string, string> = {}) {
  await page.goto(`/${slug}/members`);
  const form = page.getByRole("region", { name: "Invite a member" });
  await form.getByLabel("Email address").fill(email);
  await form.getByLabel("Role", { exact: true }).selectOption(role);
  for (const [project, projectRole] of Object.entries(projectRoles)) await form.getByLabel(`Role in ${project}`).selectOption(projectRole);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toContainText(`Invitation sent to ${email}.`);
}

/** Opens a page and expects the access screen, answered 200. */
async function expectAccessScreen(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(200);
  const screen = page.getByRole("region", { name: "You don't have access to this page" });
  await expect(screen).toBeVisible();
  return screen;
}

test("a viewer and a finance owner see the access screen naming the roles that hold what they lack; unknown objects are 404", async ({ page, browser }) => {
  // The owner: an organization with two projects, a viewer of one of them and a finance owner.
  await signIn(page, uniqueEmail("access-owner"));
  const slug = await newOrganization(page, "Access Co", "acc");
  await newProject(page, slug, "Ledger");
  await newProject(page, slug, "Vault");
  const viewerEmail = uniqueEmail("access-viewer");
  const financeEmail = uniqueEmail("access-finance");
  await invite(page, slug, viewerEmail, "member", { Ledger: "viewer" });
  await invite(page, slug, financeEmail, "finance");

  // The viewer reads Ledger and its keys, but not billing, nor a project they have no role in.
  const viewer = await acceptInvitation(browser, viewerEmail, slug);
  const keys = await viewer.goto(`/${slug}/projects/ledger/keys`);
  expect(keys?.status()).toBe(200);
  await expect(viewer.getByRole("heading", { level: 1, name: "Ledger" })).toBeVisible();

  const billing = await expectAccessScreen(viewer, `/${slug}/billing`);
  await expect(billing).toContainText("It needs permission to see billing: the plan, invoices and spend (billing.read)");
  await expect(billing.getByRole("listitem")).toHaveText(["In the organization: Owner, Admin or Finance owner"]);
  await expect(billing).toContainText("ask someone with the Owner or Admin role in Access Co");
  await screenshot(viewer, "access-denied-billing");
  await expectAccessible(viewer);

  const vault = await expectAccessScreen(viewer, `/${slug}/projects/vault`);
  await expect(vault).toContainText("permission to see projects (project.read), and your role in Access Co does not have it on this project.");
  await expect(vault.getByRole("listitem")).toHaveText([
    "In the organization: Owner, Admin, Security owner or Finance owner",
    "In the project, for members: Project admin, Developer or Viewer",
  ]);
  await expect(vault).toContainText("or a Project admin of the project");
  await expect(viewer).toHaveTitle(/^Project · /); // the title does not name a project they may not see
  await screenshot(viewer, "access-denied-project");
  await expectAccessible(viewer);
  await vault.getByRole("link", { name: "Back to the overview" }).click();
  await expect(viewer).toHaveURL(new RegExp(`/${slug}$`));

  // The finance owner reads every project, but not its keys, nor the security settings.
  const finance = await acceptInvitation(browser, financeEmail, slug);
  const ledgerKeys = await expectAccessScreen(finance, `/${slug}/projects/ledger/keys`);
  await expect(ledgerKeys).toContainText("(key.read)");
  await expect(ledgerKeys.getByRole("listitem")).toHaveText([
    "In the organization: Owner, Admin or Security owner",
    "In the project, for members: Project admin, Developer or Viewer",
  ]);
  const security = await expectAccessScreen(finance, `/${slug}/security`);
  await expect(security.getByRole("listitem")).toHaveText(["In the organization: Owner, Admin or Security owner"]);
  await expect(finance.getByRole("navigation", { name: "Security" })).toHaveCount(0); // no tabs to pages refused too
  await screenshot(finance, "access-denied-security");
  await expectAccessible(finance);
  // the screen hides nothing the server would allow: the Admin API refuses the same
  expect((await finance.request.get(`/api/v1/security-policy`, { headers: { "anyint-organization": slug } })).status()).toBe(403);

  // Addresses with nothing at them answer 404, for everyone, whatever their role.
  for (const who of [page, viewer, finance]) {
    const res = await who.goto(`/${slug}/projects/no-such-project`);
    expect(res?.status()).toBe(404);
    await expect(who.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  }
  for (const path of [
    "projects/no-such-project/keys",
    "projects/no-such-project/limits",
    "projects/ledger/keys/key_00000000000000000000",
    "webhooks/whe_00000000000000000000",
    "security/sso/ssoc_00000000000000000000",
    "billing/invoices/in_00000000000000000000",
  ]) {
    expect((await page.goto(`/${slug}/${path}`))?.status(), path).toBe(404);
  }
  await screenshot(page, "access-not-found");
});

test("another organization's project slug answers 404, like a project that does not exist", async ({ page, browser }) => {
  await signIn(page, uniqueEmail("access-a"));
  const mine = await newOrganization(page, "Mine Co", "mine");
  await newProject(page, mine, "Ledger");

  const other = await (await browser.newContext()).newPage();
  await signIn(other, uniqueEmail("access-b"));
  const theirs = await newOrganization(other, "Theirs Co", "theirs");
  await newProject(other, theirs, "Rival");
  expect((await other.goto(`/${theirs}/projects/rival`))?.status()).toBe(200);

  // Their project's slug under my organization, and under theirs (I am not a member): 404 both.
  for (const path of [`/${mine}/projects/rival`, `/${mine}/projects/rival/usage`, `/${theirs}/projects/rival`]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/not found/i);
  expect((await page.goto(`/${mine}/projects/ledger`))?.status()).toBe(200);
});
