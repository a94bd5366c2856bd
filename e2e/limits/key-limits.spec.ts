import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { acceptInvitation, expect, expectAccessible, screenshot, signIn, test, uniqueEmail } from "../fixtures";

/** The platform token the embedded e2e server generated for itself. */
function platformToken() {
  const file = path.join(process.env.E2E_DATA_DIR ?? ".data-e2e", "secrets.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { PLATFORM_TOKENS: string }).PLATFORM_TOKENS;
}

const platform = () => ({ authorization: `Bearer ${platformToken()}` });

/** The Admin API as the console's own pages call it: the session cookie, the same origin, the organization by header. */
const fromConsole = (page: Page, slug: string) => ({ origin: new URL(page.url()).origin, "anyint-organization": slug });

async function verify(page: Page, key: string) {
  const res = await page.request.post("/api/v1/keys/verify", { headers: platform(), data: { key, model: "openai/gpt-4o" } });
  expect(res.status()).toBe(200);
  return (await res.json()) as { valid: boolean; code: string; limit?: { level: string; kind: string; period?: string } };
}

async function putLimits(page: Page, slug: string, target: string, data: object) {
  return page.request.put(`/api/v1/${target}/limits`, { headers: fromConsole(page, slug), data });
}

test("a project budget used up refuses a developer's key, and the key page names the project as the level that refused", async ({ page, browser }) => {
  // The owner: an organization with one project, and a developer invited to it.
  await signIn(page, uniqueEmail("limits-owner"));
  const slug = `l-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill("Limited Co");
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await page.goto(`/${slug}/projects?new=1`);
  await page.getByRole("region", { name: "New project" }).getByLabel("Project name").fill("Search");
  await page.getByRole("region", { name: "New project" }).getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("table", { name: "Projects" }).getByRole("link", { name: "Search" })).toBeVisible();
  const devEmail = uniqueEmail("limits-dev");
  await page.goto(`/${slug}/members`);
  const invite = page.getByRole("region", { name: "Invite a member" });
  await invite.getByLabel("Email address").fill(devEmail);
  await invite.getByLabel("Role", { exact: true }).selectOption("member");
  await invite.getByLabel("Role in Search").selectOption("developer");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText(`Invitation sent to ${devEmail}.`);

  // The developer creates a production key; with no limit anywhere the chain is empty.
  const dev = await acceptInvitation(browser, devEmail, slug);
  await dev.goto(`/${slug}/projects/search/keys`);
  const create = dev.getByRole("region", { name: "Create a key" });
  await create.getByLabel("Key name").fill("search-backend");
  await create.getByLabel("Environment", { exact: true }).selectOption("production");
  await create.getByRole("button", { name: "Create key" }).click();
  const secret = await dev.getByRole("textbox", { name: "Secret" }).inputValue();
  await dev.getByRole("button", { name: "I have copied it" }).click();
  await dev.getByRole("table", { name: "Keys of this project" }).getByRole("link", { name: "search-backend" }).click();
  await expect(dev.getByRole("heading", { level: 1, name: "search-backend" })).toBeVisible();
  const keyId = dev.url().split("/").at(-1)!;
  const limits = dev.getByRole("region", { name: "Limits", exact: true });
  await expect(limits.getByText("No budget or rate limit applies to this key")).toBeVisible();
  expect((await verify(dev, secret)).code).toBe("VALID");

  // The developer may set rate limits on the own key (key.update), not budgets (budget.manage): the server says so.
  expect((await putLimits(dev, slug, `keys/${keyId}`, { budgets: [{ period: "day", limitMicros: 5_000_000 }] })).status()).toBe(403);
  // A monitor limit of one OpenAI request a minute: it lets every call through and counts what it would have refused.
  const rate = await putLimits(dev, slug, `keys/${keyId}`, { rateLimits: [{ model: "openai/*", requestsPerMinute: 1, mode: "monitor" }] });
  expect(rate.status()).toBe(200);
  for (let i = 0; i < 3; i++) expect((await verify(dev, secret)).code).toBe("VALID");

  // The owner gives the project a $1.00 monthly budget, enforced, and 10,000 requests a day, through the Admin API.
  const projects = await page.request.get("/api/v1/projects", { headers: fromConsole(page, slug) });
  const projectId = ((await projects.json()) as { data: { id: string; name: string }[] }).data.find((p) => p.name === "Search")!.id;
  const budget = await putLimits(page, slug, `projects/${projectId}`, {
    budgets: [{ period: "month", limitMicros: 1_000_000, mode: "enforce" }],
    rateLimits: [{ model: null, requestsPerDay: 10_000 }],
  });
  expect(budget.status()).toBe(200);

  // The platform reports four GPT-4o calls of 100,000 input tokens ($0.25 each): the budget is used up.
  const now = Date.now();
  const events = Array.from({ length: 4 }, (_, i) => ({
    id: `limits-${slug}-${i}`,
    keyId,
    model: "openai/gpt-4o",
    inputTokens: 100_000,
    outputTokens: 0,
    timestamp: new Date(now - 5_000 - i * 1_000).toISOString(),
  }));
  const usage = await page.request.post("/api/v1/usage", { headers: platform(), data: { events } });
  expect(await usage.json()).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
  const refused = await verify(dev, secret);
  expect(refused).toMatchObject({ valid: false, code: "BUDGET_EXCEEDED", limit: { level: "project", kind: "budget", period: "month" } });

  // The key page's chain (live, no reload needed) names the project's budget as the one that refuses.
  await expect(limits.getByText("Verification refuses this key now")).toBeVisible({ timeout: 15_000 });
  await expect(limits).toContainText("the project's monthly budget has no room left (BUDGET_EXCEEDED)");
  const band = (name: string) => limits.getByRole("listitem").filter({ has: dev.getByRole("heading", { level: 3, name, exact: true }) });
  await expect(band("Project")).toContainText("Monthly budget");
  await expect(band("Project")).toContainText("$1.00 used");
  await expect(band("Project").getByText("Exhausted: refuses")).toBeVisible();
  await expect(band("Project").getByText("Decides")).toBeVisible();
  await expect(band("Project")).toContainText("Requests per day");
  await expect(band("Organization")).toContainText("No budget or rate limit at this level.");
  // the key's per-model monitor limit counts only for calls that name a matching model
  await expect(band("Key")).toContainText("No budget or rate limit at this level.");
  await limits.getByLabel("Model", { exact: true }).selectOption("openai/gpt-4o");
  await expect(band("Key")).toContainText("Requests per minute · openai/*");
  await expect(band("Key").getByText("Monitor", { exact: true })).toBeVisible();

  // After a reload the server's first render shows the same, the key's own limits in the editor and what the
  // monitor limit would have refused (written every few seconds).
  const monitorChart = limits.getByRole("figure", { name: /^Calls monitor limits would have refused/ });
  await expect(async () => {
    await dev.reload();
    await expect(monitorChart).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [1_000] });
  await expect(monitorChart.getByRole("table")).toContainText("Requests / minute, openai/*");
  await expect(limits.getByText("Verification refuses this key now")).toBeVisible();
  await expect(limits.getByLabel("Model or pattern")).toHaveValue("openai/*");

  // The access explainer runs the same chain: one step per limit, the project's budget refused.
  const explainer = dev.getByRole("region", { name: "Access explainer" });
  await explainer.getByLabel("Model").selectOption("openai/gpt-4o");
  await explainer.getByRole("button", { name: "Explain" }).click();
  await expect(explainer.getByText("Outcome: BUDGET_EXCEEDED — decided by: project")).toBeVisible();
  const checks = dev.getByRole("region", { name: "Verification checks" });
  const budgetStep = checks.getByRole("row").filter({ hasText: "Within the project's monthly budget" });
  await expect(budgetStep).toContainText("Refused: BUDGET_EXCEEDED");
  await expect(budgetStep).toContainText("Project");
  await expect(budgetStep).toContainText("Decides");
  await expect(checks.getByRole("row").filter({ hasText: "Within the key's requests per minute (openai/*)" })).toContainText("Passed");
  await expect(checks.getByRole("row").filter({ hasText: "Within the project's requests per day" })).toContainText("Passed");
  await screenshot(dev, "limits-key-refused");
  await expectAccessible(dev);

  // The project's Limits tab: the budget used up, read-only for the developer; the organization's limits are
  // named (they are in each key's chain) but not linked: their page needs usage.read on the organization.
  await dev.getByRole("link", { name: "← Keys of Search" }).click();
  await dev.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Limits" }).click();
  await expect(dev.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
  await expect(dev.getByText("Used up: refuses")).toBeVisible();
  await expect(dev.getByText(/these and the organization's limits: all must have room/)).toBeVisible();
  await expect(dev.getByRole("link", { name: "organization's limits" })).toHaveCount(0);
  await expect(dev.getByRole("button", { name: "Save budgets" })).toHaveCount(0);
  await screenshot(dev, "limits-project-developer");
  await expectAccessible(dev);

  // The owner sees the same tab with the editor, and the organization's limits linked.
  await page.goto(`/${slug}/projects/search/limits`);
  await expect(page.getByRole("button", { name: "Save budgets" })).toBeVisible();
  await expect(page.getByRole("link", { name: "organization's limits" })).toHaveAttribute("href", `/${slug}/limits`);
  await expect(page.getByText("Used up: refuses")).toBeVisible();
  await expect(page.getByRole("table", { name: "Rate limits of this project" })).toContainText("10,000");
  await screenshot(page, "limits-project-owner");
  await expectAccessible(page);
  await page.getByRole("link", { name: "organization's limits" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Limits" })).toBeVisible();

  // Clean up: the budget and the key's rate limit removed, the key verifies again.
  expect((await putLimits(page, slug, `projects/${projectId}`, { budgets: [], rateLimits: [] })).status()).toBe(200);
  expect((await putLimits(dev, slug, `keys/${keyId}`, { rateLimits: [] })).status()).toBe(200);
  expect((await verify(dev, secret)).code).toBe("VALID");
});
