import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { acceptInvitation, expect, expectAccessible, linkFromMailbox, screenshot, signIn, test, uniqueEmail } from "../fixtures";

/** The platform token the embedded e2e server generated for itself. */
function platformToken() {
  const file = path.join(process.env.E2E_DATA_DIR ?? ".data-e2e", "secrets.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { PLATFORM_TOKENS: string }).PLATFORM_TOKENS;
}

const auth = () => ({ authorization: `Bearer ${platformToken()}` });

/** The platform reports `count` GPT-4o calls of 100,000 input tokens ($0.25 each), spread over the last hours. */
async function reportUsage(page: Page, keyId: string, count: number, label: string) {
  const now = Date.now();
  const events = Array.from({ length: count }, (_, i) => ({
    id: `${label}-${i}`,
    keyId,
    model: i % 4 === 0 ? "anthropic/claude-3-5-haiku" : "openai/gpt-4o",
    inputTokens: i % 4 === 0 ? 312_500 : 100_000, // also $0.25: 312,500 × $0.80 per million
    outputTokens: 0,
    timestamp: new Date(now - 60_000 - i * 60_000).toISOString(),
  }));
  const res = await page.request.post("/api/v1/usage", { headers: auth(), data: { events } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ accepted: count, duplicates: 0, rejected: [] });
}

async function verify(page: Page, key: string) {
  const res = await page.request.post("/api/v1/keys/verify", { headers: auth(), data: { key, model: "openai/gpt-4o" } });
  return ((await res.json()) as { code: string }).code;
}

test("a finance owner follows spend, switches the grouping, sets a budget and gets its alerts", async ({ page, browser }) => {
  // The owner: an organization with a project and a production key, and a finance owner invited.
  await signIn(page, uniqueEmail("spend-owner"));
  const slug = `s-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill("Ledger Labs");
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await page.goto(`/${slug}/projects?new=1`);
  await page.getByRole("region", { name: "New project" }).getByLabel("Project name").fill("Ledger");
  await page.getByRole("region", { name: "New project" }).getByRole("button", { name: "Create project" }).click();
  await page.getByRole("table", { name: "Projects" }).getByRole("link", { name: "Ledger" }).click();
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Keys" }).click();
  const create = page.getByRole("region", { name: "Create a key" });
  await create.getByLabel("Key name").fill("ledger-api");
  await create.getByLabel("Environment", { exact: true }).selectOption("production");
  await create.getByRole("button", { name: "Create key" }).click();
  const secret = await page.getByRole("textbox", { name: "Secret" }).inputValue();
  await page.getByRole("button", { name: "I have copied it" }).click();
  const keyHref = await page.getByRole("table", { name: "Keys of this project" }).getByRole("link", { name: "ledger-api" }).getAttribute("href");
  const keyId = keyHref!.split("/").at(-1)!;

  const financeEmail = uniqueEmail("spend-finance");
  await page.goto(`/${slug}/members`);
  const invite = page.getByRole("region", { name: "Invite a member" });
  await invite.getByLabel("Email address").fill(financeEmail);
  await invite.getByLabel("Role", { exact: true }).selectOption("finance");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText(`Invitation sent to ${financeEmail}.`);
  const finance = await acceptInvitation(browser, financeEmail, slug);

  // The platform reports 20 calls ($5.00); the finance owner opens Spend.
  await reportUsage(page, keyId, 20, `first-${slug}`);
  await finance.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Spend" }).click();
  await expect(finance.getByRole("heading", { level: 1, name: "Spend" })).toBeVisible();
  await expect(finance.locator("dl").getByText("$5.00", { exact: true })).toBeVisible(); // this month so far
  const chart = finance.getByRole("figure");
  await expect(chart.getByRole("img", { name: /^Spend per day by project/ })).toBeVisible();
  await expect(finance.getByRole("table", { name: "Spend per key" })).toContainText("ledger-api");
  await expect(finance.getByRole("table", { name: "Spend per key" })).toContainText("$5.00");
  await chart.getByText("Chart data as a table").click();
  await expect(chart.getByRole("table")).toContainText("Ledger");
  await expect(finance.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await screenshot(finance, "spend-by-project");
  await expectAccessible(finance);

  // Stacked by model instead: the figures follow the switch.
  await finance.getByRole("radio", { name: "Model" }).check();
  await expect(chart.getByRole("table")).toContainText("openai/gpt-4o");
  await expect(chart.getByRole("table")).toContainText("anthropic/claude-3-5-haiku");
  await expect(finance.locator(".recharts-legend-item-text", { hasText: "openai/gpt-4o" })).toBeVisible();
  await screenshot(finance, "spend-by-model");
  await expectAccessible(finance);

  // A $10 budget with a hard limit: 50 % is already reached when it is saved.
  await finance.goto(`/${slug}/projects`);
  await finance.getByRole("table", { name: "Projects" }).getByRole("link", { name: "Ledger" }).click();
  await finance.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Usage" }).click();
  const budget = finance.getByRole("form", { name: "Monthly budget" });
  await budget.getByLabel("Monthly budget (USD)").fill("10");
  await budget.getByLabel("Alert thresholds (%)").fill("50, 80, 100");
  await budget.getByLabel("Hard limit").check();
  await budget.getByRole("button", { name: "Save budget" }).click();
  await expect(budget.getByRole("status")).toHaveText("Budget saved.");
  await expect(finance.getByText(/\$5\.00 of \$10\.00 spent in/)).toBeVisible();
  await linkFromMailbox(finance, financeEmail, /Ledger reached 50 % of its/, "Open the project's usage");

  // Usage crosses 80 %: the alert reaches the finance owner's mailbox (sent by the background loop).
  await reportUsage(page, keyId, 14, `second-${slug}`); // $8.50
  const link = await linkFromMailbox(finance, financeEmail, /Ledger reached 80 % of its/, "Open the project's usage");
  expect(link).toContain(`/${slug}/projects/`);
  await screenshot(finance, "budget-alert-email");
  expect(await verify(page, secret)).toBe("VALID");

  // 100 % with the hard limit: verification refuses the key at once; raising the budget lifts it.
  await reportUsage(page, keyId, 6, `third-${slug}`); // $10.00
  expect(await verify(page, secret)).toBe("BUDGET_EXCEEDED");
  await finance.goto(link);
  await expect(finance.getByText(/refuses this project's keys with BUDGET_EXCEEDED/)).toBeVisible();
  await screenshot(finance, "project-usage-over-budget");
  await expectAccessible(finance);
  await budget.getByLabel("Monthly budget (USD)").fill("25");
  await budget.getByRole("button", { name: "Save budget" }).click();
  await expect(budget.getByRole("status")).toHaveText("Budget saved.");
  expect(await verify(page, secret)).toBe("VALID");
});
