import fs from "node:fs";
import { acceptInvitation, expect, expectAccessible, screenshot, signIn, test, uniqueEmail } from "../fixtures";

// A security owner of the demo organization (Enterprise: audit export included) sets a session
// policy, sees and ends everyone's sessions, reads and exports the audit log, and opens the
// governance overview.
test("a security owner sets the session policy, ends all sessions, filters and exports the audit log, and reads the governance overview", async ({ page, browser }) => {
  // The owner invites a security owner, who joins.
  await signIn(page, "owner@acme.test");
  await page.goto("/acme/members");
  const invite = page.getByRole("region", { name: "Invite a member" });
  const securityEmail = uniqueEmail("security");
  await invite.getByLabel("Email address").fill(securityEmail);
  await invite.getByLabel("Role", { exact: true }).selectOption("security");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText(`Invitation sent to ${securityEmail}.`);
  const sec = await acceptInvitation(browser, securityEmail, "acme");

  // Session policy: a bad value is refused naming the field, then 8 hours and 2 hours are saved.
  await sec.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Security" }).click();
  const tabs = sec.getByRole("navigation", { name: "Security" });
  await expect(tabs.getByRole("link", { name: "Policies" })).toHaveAttribute("aria-current", "page");
  for (const name of ["Single sign-on", "Domains", "Sessions"]) await expect(tabs.getByRole("link", { name })).toBeVisible();
  const policy = sec.getByRole("region", { name: "Session policy" });
  await policy.getByLabel("Maximum session age", { exact: true }).fill("30");
  await policy.getByLabel("Unit of the maximum age").selectOption("minutes");
  await policy.getByRole("button", { name: "Save session policy" }).click();
  await expect(policy.getByText("Maximum session age must be at least 1 hour")).toBeVisible();
  await policy.getByLabel("Maximum session age", { exact: true }).fill("8");
  await policy.getByLabel("Unit of the maximum age").selectOption("hours");
  await policy.getByLabel("Idle timeout", { exact: true }).fill("2");
  await policy.getByLabel("Unit of the idle timeout").selectOption("hours");
  await policy.getByRole("button", { name: "Save session policy" }).click();
  await expect(policy.getByRole("status")).toContainText("Session policy saved.");
  await sec.reload();
  await expect(sec.getByRole("region", { name: "Session policy" }).getByLabel("Maximum session age", { exact: true })).toHaveValue("8");
  await screenshot(sec, "security-policies");
  await expectAccessible(sec);

  // Everyone's sessions: the owner's is listed; this device is marked. End all.
  await tabs.getByRole("link", { name: "Sessions" }).click();
  await expect(sec.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  const table = sec.getByRole("table", { name: "Active sessions of the organization's members" });
  await expect(table.getByRole("row").filter({ hasText: "owner@acme.test" }).first()).toBeVisible();
  await expect(table.getByRole("row").filter({ hasText: securityEmail }).getByText("This device")).toBeVisible();
  await screenshot(sec, "security-sessions");
  await expectAccessible(sec);
  await sec.getByRole("button", { name: "End all sessions" }).click();
  const dialog = sec.getByRole("dialog", { name: "End every member's sessions?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "End all sessions" }).click();
  await expect(dialog).toBeHidden();
  await expect(table.getByRole("row").filter({ hasText: "owner@acme.test" })).toHaveCount(0);
  await expect(table.getByRole("row").filter({ hasText: securityEmail })).toHaveCount(1);

  // The owner's browser is signed out.
  await page.goto("/acme");
  await expect(page).toHaveURL(/\/sign-in/);

  // Your sessions: this device only.
  await sec.goto("/acme/sessions");
  await expect(sec.getByRole("heading", { level: 1, name: "Your sessions" })).toBeVisible();
  await expect(sec.getByRole("table", { name: "Your active sessions" }).getByText("This device")).toBeVisible();
  await expectAccessible(sec);

  // The audit log, filtered by action; a row opens to show the change.
  await sec.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Audit log" }).click();
  await expect(sec.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await sec.getByLabel("Action").selectOption("security.sessions.revoked");
  await sec.getByRole("button", { name: "Apply filters" }).click();
  await expect(sec).toHaveURL(/action=security\.sessions\.revoked/);
  const entries = sec.getByRole("table", { name: "Audit log entries, newest first" });
  const row = entries.getByRole("row").filter({ hasText: "security.sessions.revoked" });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: /Show/ }).click();
  await expect(entries.getByRole("rowheader", { name: "revokedSessions" })).toBeVisible();
  await screenshot(sec, "audit-log");
  await expectAccessible(sec);

  // CSV export of the current filter.
  const [download] = await Promise.all([sec.waitForEvent("download"), sec.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^acme-audit-.+\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8").split("\r\n");
  expect(csv[0]).toBe("id,time,actor_type,actor_id,actor,action,target_type,target_id,ip,user_agent,request_id,changes");
  expect(csv[1]).toContain(`user,`);
  expect(csv[1]).toContain(`,${securityEmail},security.sessions.revoked,organization,`);

  // Governance overview, linked from the organization's overview.
  await sec.goto("/acme");
  await sec.getByRole("link", { name: /Governance overview/ }).click();
  await expect(sec.getByRole("heading", { level: 1, name: "Governance" })).toBeVisible();
  await expect(sec.getByRole("region", { name: "Which production keys can be used from anywhere?" })).toBeVisible();
  await expect(sec.getByRole("region", { name: "Who can invite members or rotate keys?" })).toBeVisible();
  await expect(sec.getByRole("region", { name: "Which events reach automation?" })).toHaveCount(0); // webhooks: owners and admins
  await screenshot(sec, "governance");
  await expectAccessible(sec);
});
