import { expect, expectAccessible, screenshot, signIn, test, uniqueEmail } from "../fixtures";

test("a new user signs in, creates an organization and a project, archives and restores it", async ({ page }) => {
  const email = uniqueEmail("founder");
  await signIn(page, email);

  // No organization yet: the console asks for one.
  await expect(page).toHaveURL(/\/organizations\/new$/);
  await expectAccessible(page);
  const slug = `e2e-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill("Initech Labs");
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();

  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Initech Labs" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Plan features" })).toContainText("Not in the Team plan");
  await screenshot(page, "overview");
  await expectAccessible(page);

  // Create a project: it starts with the three default environments.
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Projects" }).click();
  await expect(page.getByText("No projects yet")).toBeVisible();
  await page.getByRole("button", { name: "New project" }).click();
  const form = page.getByRole("region", { name: "New project" });
  await form.getByLabel("Project name").fill("Support Bot");
  await form.getByLabel("Description").fill("Customer support chat");
  await form.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("table", { name: "Projects" }).getByRole("link", { name: "Support Bot" })).toBeVisible();
  await screenshot(page, "projects");
  await expectAccessible(page);

  await page.getByRole("table", { name: "Projects" }).getByRole("link", { name: "Support Bot" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Support Bot" })).toBeVisible();
  const envs = page.getByRole("list", { name: "Environments of this project" });
  await expect(envs).toContainText("production");
  await expect(envs).toContainText("staging");
  await expect(envs).toContainText("development");

  // Admins add environments.
  const environments = page.getByRole("region", { name: "Environments" });
  await environments.getByLabel("Environment name").fill("batch");
  await environments.getByRole("button", { name: "Add environment" }).click();
  await expect(envs).toContainText("batch");
  await expectAccessible(page);

  // Archive with a confirmation, then restore.
  await page.getByRole("button", { name: "Archive project" }).click();
  const dialog = page.getByRole("dialog", { name: /Archive Support Bot/ });
  await expect(dialog).toBeVisible();
  await screenshot(page, "archive-confirm");
  await dialog.getByRole("button", { name: "Archive project" }).click();
  await expect(page.getByText(/read-only; its keys do not verify/)).toBeVisible();
  await screenshot(page, "project-archived");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Restore project" }).click();
  await expect(page.getByText(/read-only; its keys do not verify/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Archive project" })).toBeVisible();
});

test("an owner renames the organization and creates an admin key shown once", async ({ page }) => {
  await signIn(page, uniqueEmail("owner"));
  const slug = `keys-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill("Hooli");
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Settings" }).click();
  const general = page.getByRole("region", { name: "General" });
  await general.getByLabel("Organization name").fill("Hooli XYZ");
  await general.getByRole("button", { name: "Save" }).click();
  await expect(general.getByRole("status")).toContainText("now called “Hooli XYZ”");
  await page.reload();
  await expect(page.locator("summary")).toContainText("Hooli XYZ");
  await expectAccessible(page);

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Admin keys" }).click();
  const create = page.getByRole("region", { name: "Create an admin key" });
  await create.getByLabel("Key name").fill("Terraform");
  await create.getByLabel("Role").selectOption("admin");
  await create.getByRole("button", { name: "Create admin key" }).click();
  await expect(page.getByText("Copy it now: it will not be shown again")).toBeVisible();
  const secret = await page.getByLabel("Secret").inputValue();
  expect(secret).toMatch(/^anyint_admin_[0-9A-Za-z]{38}$/);
  await screenshot(page, "admin-key-created");
  await expectAccessible(page);

  // The key works against the Admin API, and the list never shows the secret again.
  const res = await page.request.get("/api/v1/organization", { headers: { authorization: `Bearer ${secret}` } });
  expect(res.status()).toBe(200);
  expect((await res.json()).name).toBe("Hooli XYZ");
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(page.getByRole("table", { name: "Admin keys" })).toContainText("Terraform");
  await expect(page.locator("body")).not.toContainText(secret);

  // Revoke it with a confirmation: it stops working at once.
  await page.getByRole("button", { name: "Revoke Terraform" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("table", { name: "Admin keys" })).toContainText(/revoked/i);
  const after = await page.request.get("/api/v1/organization", { headers: { authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
});

test("a signed-out visitor is sent to sign-in, and a non-member gets not found", async ({ page }) => {
  await page.goto("/acme");
  await expect(page).toHaveURL(/\/sign-in/);
  await expectAccessible(page);
  await signIn(page, uniqueEmail("outsider"));
  const res = await page.goto("/acme");
  expect(res?.status()).toBe(404);
});
