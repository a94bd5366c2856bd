import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { acceptInvitation, expect, expectAccessible, screenshot, signIn, test, uniqueEmail } from "../fixtures";

/**
 * A receiver on 127.0.0.1 (allowed over plain http by WEBHOOK_ALLOWED_HOSTS in playwright.config.ts)
 * that verifies every delivery with the standardwebhooks library once it knows the secret.
 */
async function startReceiver() {
  const state = { failing: false, secret: "", received: [] as { type: string; verified: boolean }[] };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      let verified = false;
      try {
        new Webhook(state.secret).verify(body, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      state.received.push({ type: (JSON.parse(body) as { type: string }).type, verified });
      res.writeHead(state.failing ? 503 : 200, { "content-type": "text/plain" }).end(state.failing ? "down for maintenance" : "thanks");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => server.close() };
}

async function newOrganization(page: Page, name: string) {
  const slug = `wh-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  return slug;
}

test("an admin adds an endpoint, sends a test event, sees the attempt and retries a failed delivery", async ({ page }) => {
  const receiver = await startReceiver();
  await signIn(page, uniqueEmail("hooks"));
  const slug = await newOrganization(page, "Hooked Inc");
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

  // Add an endpoint for every project event and key.created; its secret is shown once.
  const add = page.getByRole("region", { name: "Add an endpoint" });
  await add.getByLabel("Endpoint URL").fill("http://10.0.0.5/hook");
  await add.getByLabel("All project events").check();
  await add.getByRole("button", { name: "Add endpoint" }).click();
  await expect(add.getByText("Endpoint URL must use https (plain http only for hosts in WEBHOOK_ALLOWED_HOSTS)")).toBeVisible();
  await add.getByLabel("Endpoint URL").fill(receiver.url);
  await add.getByLabel("Description").fill("Ops automation");
  await add.getByLabel("key.created", { exact: true }).check();
  await add.getByRole("button", { name: "Add endpoint" }).click();
  const secretBox = page.getByRole("textbox", { name: "Secret" });
  await expect(secretBox).toBeVisible();
  receiver.state.secret = await secretBox.inputValue();
  expect(receiver.state.secret).toMatch(/^whsec_/);
  await screenshot(page, "webhooks-endpoint-created");
  await expectAccessible(page);
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(page.locator("body")).not.toContainText(receiver.state.secret);
  const endpoints = page.getByRole("table", { name: "Webhook endpoints" });
  await expect(endpoints).toContainText("project.*, key.created");

  // Send a test event: the attempt appears in the delivery log, answer included.
  await endpoints.getByRole("link", { name: receiver.url }).click();
  await expect(page.getByRole("heading", { level: 1, name: receiver.url })).toBeVisible();
  await page.getByRole("button", { name: "Send test event" }).click();
  const log = page.getByRole("table", { name: "Deliveries" });
  await expect(log.getByRole("row").filter({ hasText: "webhook.test" }).filter({ hasText: "Succeeded" })).toHaveCount(1, { timeout: 15_000 });
  await log.getByText("1 attempt").click();
  await expect(log.getByText("HTTP 200").first()).toBeVisible();
  await expect(log.getByText("thanks")).toBeVisible();
  expect(receiver.state.received).toEqual([{ type: "webhook.test", verified: true }]);
  await screenshot(page, "webhooks-delivery-log");
  await expectAccessible(page);

  // The receiver fails: the delivery is retried on the schedule (1 s, 1 s), then marked failed.
  receiver.state.failing = true;
  await page.getByRole("button", { name: "Send test event" }).click();
  const failed = log.getByRole("row").filter({ hasText: "Failed" });
  await expect(failed).toHaveCount(1, { timeout: 20_000 });
  await expect(failed).toContainText("HTTP 503");
  await page.getByRole("button", { name: "Failed", exact: true }).click();
  await expect(log.getByRole("row")).toHaveCount(2); // the header and the failed delivery
  await failed.getByText("3 attempts").click();
  await expect(failed.getByText("down for maintenance").first()).toBeVisible();
  await screenshot(page, "webhooks-failed-delivery");

  // It works again: retry the failed delivery from the log.
  receiver.state.failing = false;
  await page.getByRole("button", { name: "All", exact: true }).click();
  await log.getByRole("row").filter({ hasText: "Failed" }).getByRole("button", { name: /^Retry/ }).click();
  await expect(log.getByRole("row").filter({ hasText: "Succeeded" })).toHaveCount(2, { timeout: 15_000 });
  expect(receiver.state.received.map((r) => r.verified)).toEqual([true, true, true, true, true]);
  await screenshot(page, "webhooks-retried");
  await expectAccessible(page);

  await page.goto(`/${slug}/webhooks`);
  await page.getByRole("link", { name: "Event catalog" }).click();
  await expect(page.getByRole("heading", { level: 3, name: "key.expiring" })).toBeVisible();
  await expectAccessible(page);
  receiver.close();
});

test("a member changes their notification preferences, and cannot reach webhooks", async ({ page, browser }) => {
  await signIn(page, uniqueEmail("owner"));
  const slug = await newOrganization(page, "Quiet Co");
  const member = uniqueEmail("member");
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Members" }).click();
  const invite = page.getByRole("region", { name: "Invite a member" });
  await invite.getByLabel("Email address").fill(member);
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText(`Invitation sent to ${member}.`);

  const memberPage = await acceptInvitation(browser, member, slug);
  const nav = memberPage.getByRole("navigation", { name: "Organization" });
  await expect(nav.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  expect((await memberPage.request.get("/api/v1/webhooks")).status()).toBe(403);
  await nav.getByRole("link", { name: "Notifications" }).click();
  await expect(memberPage.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(memberPage.getByLabel("Security alerts (always sent)")).toBeDisabled();
  await expect(memberPage.getByLabel("Security alerts (always sent)")).toBeChecked();
  await memberPage.getByLabel("Key expiry").uncheck();
  await memberPage.getByRole("button", { name: "Save preferences" }).click();
  await expect(memberPage.getByRole("status").filter({ hasText: "Preferences saved." })).toBeVisible();
  await screenshot(memberPage, "notification-preferences");
  await expectAccessible(memberPage);
  await memberPage.reload();
  await expect(memberPage.getByLabel("Key expiry")).not.toBeChecked();
  await expect(memberPage.getByLabel("Disabled webhook endpoints")).toBeChecked();
});
