import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Browser, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

export const SCREENSHOT_DIR = "e2e/.screenshots";

/** A unique address per test, so specs never share users. */
export function uniqueEmail(label: string) {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.test`;
}

/** Signs in through the real magic-link flow, reading the link from the development mailbox. */
export async function signIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto("/dev/mailbox");
  // the newest sign-in mail to this address: other mail to it (an invoice queued by the
  // background loop, say) can arrive after the link
  const mail = page.getByRole("listitem").filter({ hasText: `To ${email}` }).filter({ hasText: "Sign in to the AnyInt Console" }).first();
  const href = await mail.getByRole("link", { name: "Sign in" }).getAttribute("href");
  expect(href).toBeTruthy();
  await page.goto(href!);
}

/** The development mailbox lists queued mail once the background loop (every 2 s) sent it: poll it. */
export async function linkFromMailbox(page: Page, to: string, subject: RegExp, linkName: string) {
  let href: string | null = null;
  await expect(async () => {
    await page.goto("/dev/mailbox");
    const mail = page.getByRole("listitem").filter({ hasText: `To ${to}` }).filter({ hasText: subject }).first();
    href = await mail.getByRole("link", { name: linkName }).getAttribute("href", { timeout: 500 });
    expect(href).toBeTruthy();
  }).toPass({ timeout: 30_000, intervals: [1000] });
  return href!;
}

/** A new browser for the invitee: opens the emailed invitation, signs in as its address, accepts. */
export async function acceptInvitation(browser: Browser, email: string, orgSlug: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(await linkFromMailbox(page, email, /invited you to/, "Accept invitation"));
  await page.getByRole("link", { name: "Sign in to accept" }).click();
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(await linkFromMailbox(page, email, /Sign in to the AnyInt Console/, "Sign in"));
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(new RegExp(`/${orgSlug}$`));
  return page;
}

/** Axe with no serious or critical violation. */
export async function expectAccessible(page: Page) {
  // Next.js streams metadata: wait for the page to settle (its title arrives last).
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** Kept outside test-results/ (Playwright empties that folder on each run). */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * Every test fails on a Content-Security-Policy violation in the pages of its default context
 * (docs/security.md, Headers); a test that provokes one on purpose empties `cspViolations`.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      const watch = (page: Page) =>
        page.on("console", (message) => {
          if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
        });
      context.pages().forEach(watch);
      context.on("page", watch);
      await use(violations);
      expect(violations).toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };
