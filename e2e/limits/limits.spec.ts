import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { acceptInvitation, expect, expectAccessible, screenshot, signIn, test, uniqueEmail } from "../fixtures";

// The organization's Limits page for a finance owner of the demo organization (30 days of
// usage, two project budgets): a monitor budget tried on live traffic, then enforced.

/** The platform token the embedded e2e server generated for itself. */
function platformToken() {
  const file = path.join(process.env.E2E_DATA_DIR ?? ".data-e2e", "secrets.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { PLATFORM_TOKENS: string }).PLATFORM_TOKENS;
}

const platform = () => ({ authorization: `Bearer ${platformToken()}` });

/** The Admin API as the console's own pages call it: the session cookie, the same origin, the organization by header. */
const fromConsole = (page: Page) => ({ origin: new URL(page.url()).origin, "anyint-organization": "acme" });

type Verification = { valid: boolean; code: string; limit?: { level: string; kind: string; period?: string } };

async function verify(page: Page, key: string): Promise<Verification> {
  const res = await page.request.post("/api/v1/keys/verify", { headers: platform(), data: { key } });
  expect(res.status()).toBe(200);
  return (await res.json()) as Verification;
}

/** The platform reports `count` GPT-4o calls of 100,000 input tokens ($0.25 each) in the last minutes. */
async function reportUsage(page: Page, keyId: string, count: number, label: string) {
  const now = Date.now();
  const events = Array.from({ length: count }, (_, i) => ({
    id: `${label}-${i}`,
    keyId,
    model: "openai/gpt-4o",
    inputTokens: 100_000,
    outputTokens: 0,
    timestamp: new Date(now - 60_000 - i * 1_000).toISOString(),
  }));
  const res = await page.request.post("/api/v1/usage", { headers: platform(), data: { events } });
  expect(res.status()).toBe(200);
}

test("a finance owner tries an organization budget in monitor mode, sees what it would refuse, enforces it and removes it", async ({ page, browser }) => {
  // The demo owner creates a key in Data Pipeline (no project budget) and invites a finance owner.
  await signIn(page, "owner@acme.test");
  await page.goto("/acme/projects/data-pipeline/keys");
  const create = page.getByRole("region", { name: "Create a key" });
  const keyName = `limits-${Date.now().toString(36)}`;
  await create.getByLabel("Key name").fill(keyName);
  await create.getByLabel("Environment", { exact: true }).selectOption("production");
  await create.getByRole("button", { name: "Create key" }).click();
  const secret = await page.getByRole("textbox", { name: "Secret" }).inputValue();
  await page.getByRole("button", { name: "I have copied it" }).click();
  const keyHref = await page.getByRole("table", { name: "Keys of this project" }).getByRole("link", { name: keyName }).getAttribute("href");
  const keyId = keyHref!.split("/").at(-1)!;
  // this month's spend passes $1 whatever day of the month it is
  await reportUsage(page, keyId, 5, keyName);
  expect((await verify(page, secret)).code).toBe("VALID");

  // The owner may change rate limits: a pattern matching no model and a row without numbers are caught in place.
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Limits" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Limits" })).toBeVisible();
  const rates = page.getByRole("form", { name: "Rate limits" });
  await rates.getByRole("button", { name: "Add rate limit" }).click();
  const rate = rates.getByRole("group", { name: "Rate limit 1" });
  await rate.getByLabel("Model or pattern").fill("nosuch/*");
  await rates.getByRole("button", { name: "Save rate limits" }).click();
  await expect(rate).toContainText("Model or pattern “nosuch/*” matches no model of the catalog");
  await expect(rate).toContainText("Requests / minute or one of the three numbers beside it is needed");
  await expect(rate.getByLabel("Model or pattern")).toBeFocused();
  await screenshot(page, "limits-owner-rate-errors");
  await expectAccessible(page);

  const financeEmail = uniqueEmail("limits-finance");
  await page.goto("/acme/members");
  const invite = page.getByRole("region", { name: "Invite a member" });
  await invite.getByLabel("Email address").fill(financeEmail);
  await invite.getByLabel("Role", { exact: true }).selectOption("finance");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText(`Invitation sent to ${financeEmail}.`);
  const finance = await acceptInvitation(browser, financeEmail, "acme");

  // The finance owner opens Limits: no organization budget yet, the project budgets in the finance view.
  await finance.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Limits" }).click();
  await expect(finance.getByRole("heading", { level: 1, name: "Limits" })).toBeVisible();
  const before = await finance.request.get("/api/v1/organization/limits", { headers: fromConsole(finance) });
  expect(((await before.json()) as { budgets: unknown[] }).budgets).toEqual([]);
  try {
    const every = finance.getByRole("table", { name: "Every budget of the organization" });
    await expect(every).toContainText("Search Assistant");
    await expect(every).toContainText("Support Bot");
    await expect(finance.getByRole("region", { name: "What monitor limits would have refused" })).toContainText(
      "No monitor limit would have refused anything in the last 7 days",
    );
    // rate limits are the owners' and admins': read-only here
    await expect(finance.getByRole("form", { name: "Rate limits" })).toHaveCount(0);
    await expect(finance.getByText("Only people who may edit the organization change its rate limits.")).toBeVisible();

    // A monthly budget in monitor mode: a limit of 0 and a threshold of 101 are refused in place first.
    const budgets = finance.getByRole("form", { name: "Budgets" });
    await budgets.getByRole("button", { name: "Add budget" }).click();
    const row = budgets.getByRole("group", { name: "Budget 1" });
    await expect(row.getByLabel("Period")).toHaveValue("month");
    await row.getByLabel("Limit (USD)").fill("0");
    await row.getByLabel("Alert thresholds (%)").fill("50, 80, 101");
    await row.getByLabel("Mode").selectOption("monitor");
    await budgets.getByRole("button", { name: "Save budgets" }).click();
    await expect(row).toContainText("Limit (USD) must be more than zero");
    await expect(row).toContainText("Alert thresholds (%) must each be a whole percentage from 1 to 100 (101 is not)");
    await expect(budgets.getByRole("status")).toHaveText("2 fields need a fix: nothing was saved.");
    await expect(row.getByLabel("Limit (USD)")).toBeFocused();
    await expect(row.getByLabel("Limit (USD)")).toHaveAttribute("aria-invalid", "true");
    await screenshot(finance, "limits-budget-errors");
    await expectAccessible(finance);

    await row.getByLabel("Limit (USD)").fill("1");
    await row.getByLabel("Alert thresholds (%)").fill("50, 80, 100");
    await budgets.getByRole("button", { name: "Save budgets" }).click();
    await expect(budgets.getByRole("status")).toHaveText("Budgets saved.");
    const period = finance.getByRole("region", { name: "This period" });
    await expect(period).toContainText("Monthly budget (calendar month)");
    await expect(period).toContainText(/left of \$1\.00 \([\d,]{3,} %\)/);
    await expect(period).toContainText("Passed: would refuse");

    // Monitor mode lets the keys through and counts what it would have refused (flushed every 5 s).
    for (let i = 0; i < 3; i++) expect((await verify(finance, secret)).code).toBe("VALID");
    const monitor = finance.getByRole("region", { name: "What monitor limits would have refused" });
    await expect(async () => {
      await finance.reload();
      const table = monitor.getByRole("table");
      await expect(table.getByRole("row", { name: /Month budget/ })).toBeVisible({ timeout: 1_000 });
      const total = await table.getByRole("row", { name: /Month budget/ }).getByRole("cell").last().textContent();
      expect(Number(total)).toBeGreaterThanOrEqual(1);
    }).toPass({ timeout: 20_000, intervals: [2_000] });
    await expect(monitor.locator(".recharts-bar-rectangle").first()).toBeVisible();

    // The finance view: the organization's budget, far past its limit, comes first; filters narrow it.
    await expect(every.getByRole("row").nth(1)).toContainText("Organization");
    await expect(every.getByRole("row").nth(1)).toContainText("passes limit");
    await screenshot(finance, "limits-monitor");
    await expectAccessible(finance);
    const view = finance.getByRole("region", { name: "Every budget" });
    await view.getByLabel("Level").selectOption("project");
    await expect(every).not.toContainText("Acme Robotics");
    await expect(every.getByRole("row")).toHaveCount(3); // header + Search Assistant + Support Bot
    await view.getByLabel("Mode").selectOption("monitor");
    await expect(every).toContainText("No budgets match these settings.");
    await view.getByLabel("Level").selectOption("");
    await view.getByLabel("Mode").selectOption("");
    await every.getByRole("button", { name: "Target" }).click();
    await expect(every.getByRole("columnheader", { name: "Target" })).toHaveAttribute("aria-sort", "ascending");

    // Enforced: the organization's keys are refused, the organization named as the level that refused.
    await row.getByLabel("Mode").selectOption("enforce");
    await budgets.getByRole("button", { name: "Save budgets" }).click();
    await expect(budgets.getByRole("status")).toHaveText("Budgets saved. An enforced budget is used up: verification refuses the keys it covers.");
    const refused = await verify(finance, secret);
    expect(refused).toMatchObject({ valid: false, code: "BUDGET_EXCEEDED", limit: { level: "organization", kind: "budget", period: "month" } });
    await expect(period).toContainText("Used up: refuses every key");
    await screenshot(finance, "limits-enforced");

    // Removing an enforced budget asks first; saved, the keys verify again.
    await row.getByRole("button", { name: "Remove budget 1" }).click();
    const dialog = finance.getByRole("dialog", { name: "Remove the month budget of $1.00?" });
    await expect(dialog).toBeVisible();
    await screenshot(finance, "limits-remove-confirm");
    await dialog.getByRole("button", { name: "Remove budget" }).click();
    await expect(dialog).toBeHidden();
    await expect(budgets.getByRole("group")).toHaveCount(0);
    await budgets.getByRole("button", { name: "Save budgets" }).click();
    await expect(budgets.getByRole("status")).toHaveText("Budgets saved.");
    await expect(period).toContainText("The organization has no budget of its own");
    expect((await verify(finance, secret)).code).toBe("VALID");
  } finally {
    // other specs use the demo organization: leave it without a budget of its own
    const res = await finance.request.put("/api/v1/organization/limits", { headers: fromConsole(finance), data: { budgets: [] } });
    expect(res.status()).toBe(200);
  }
});
