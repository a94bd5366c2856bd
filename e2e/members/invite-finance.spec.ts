import { expect, expectAccessible, linkFromMailbox, screenshot, signIn, test, uniqueEmail } from "../fixtures";

test("an owner invites a finance owner, who joins and sees only what finance may; the owner demotes and removes them", async ({ page, browser }) => {
  // The owner: a new organization with one project.
  const owner = uniqueEmail("owner");
  await signIn(page, owner);
  const slug = `fin-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill("Globex Finance");
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await page.goto(`/${slug}/projects?new=1`);
  await page.getByRole("region", { name: "New project" }).getByLabel("Project name").fill("Ledger");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("table", { name: "Projects" }).getByRole("link", { name: "Ledger" })).toBeVisible();

  // Invite a finance owner.
  const finance = uniqueEmail("finance");
  const nav = page.getByRole("navigation", { name: "Organization" });
  await nav.getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  const invite = page.getByRole("region", { name: "Invite a member" });
  await invite.getByLabel("Email address").fill(finance);
  await invite.getByLabel("Role", { exact: true }).selectOption("finance");
  await expect(invite.getByLabel("Role in Ledger")).toHaveCount(0); // project roles are for members only
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText(`Invitation sent to ${finance}.`);
  const pending = page.getByRole("table", { name: "Pending invitations" });
  await expect(pending).toContainText(finance);
  await expect(pending).toContainText("Finance owner");
  await screenshot(page, "members-invited");
  await expectAccessible(page);

  // The invitee opens the link from the development mailbox, signs in as the invited address and accepts.
  const inviteLink = await linkFromMailbox(page, finance, /invited you to Globex Finance/, "Accept invitation");
  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(inviteLink);
  await expect(invitee.getByRole("heading", { level: 1, name: "Join Globex Finance" })).toBeVisible();
  await expect(invitee.getByText("Finance owner")).toBeVisible();
  await screenshot(invitee, "invite-signed-out");
  await expectAccessible(invitee);
  await invitee.getByRole("link", { name: "Sign in to accept" }).click();
  await invitee.getByLabel("Work email").fill(finance);
  await invitee.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(invitee.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await invitee.goto(await linkFromMailbox(invitee, finance, /Sign in to the AnyInt Console/, "Sign in"));
  await expect(invitee).toHaveURL(/\/invite\//);
  await screenshot(invitee, "invite-signed-in");
  await expectAccessible(invitee);
  await invitee.getByRole("button", { name: "Accept invitation" }).click();

  // They land in the organization and see only what finance may see.
  await expect(invitee).toHaveURL(new RegExp(`/${slug}$`));
  await expect(invitee.getByRole("heading", { level: 1, name: "Globex Finance" })).toBeVisible();
  const inviteeNav = invitee.getByRole("navigation", { name: "Organization" });
  await expect(inviteeNav.getByRole("link", { name: "Members" })).toBeVisible();
  await expect(inviteeNav.getByRole("link", { name: "Admin keys" })).toHaveCount(0);
  await expect(inviteeNav.getByRole("link", { name: "Security" })).toHaveCount(0);
  await screenshot(invitee, "finance-overview");
  await expectAccessible(invitee);
  await inviteeNav.getByRole("link", { name: "Projects" }).click();
  await expect(invitee.getByRole("table", { name: "Projects" }).getByRole("link", { name: "Ledger" })).toBeVisible();
  await expect(invitee.getByRole("button", { name: "New project" })).toHaveCount(0);
  await expectAccessible(invitee);
  await inviteeNav.getByRole("link", { name: "Members" }).click();
  await expect(invitee.getByRole("region", { name: "Invite a member" })).toHaveCount(0);
  await expect(invitee.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await screenshot(invitee, "finance-members");
  await expectAccessible(invitee);
  // The server refuses what the screens hide.
  // as the console's own pages send it (same origin), so the 403s are the permission's, not the CSRF check's
  const fromConsole = { origin: new URL(invitee.url()).origin };
  for (const refused of [
    await invitee.request.post("/api/v1/projects", { data: { name: "Not allowed" }, headers: fromConsole }),
    await invitee.request.post("/api/v1/invites", { data: { email: uniqueEmail("x"), role: "member" }, headers: fromConsole }),
  ]) {
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).not.toMatch(/come from the console/);
  }

  // The owner demotes them to member (a demotion asks first), then removes them.
  await page.goto(`/${slug}/members`);
  const members = page.getByRole("table", { name: "Members" });
  await expect(members).toContainText(finance);
  await members.getByLabel(`Role of ${finance}`).selectOption("member");
  await members.getByRole("button", { name: `Save role of ${finance}` }).click();
  const demote = page.getByRole("dialog", { name: `Change ${finance} to Member?` });
  await expect(demote).toBeVisible();
  await screenshot(page, "member-demote-confirm");
  await demote.getByRole("button", { name: "Make Member" }).click();
  await expect(demote).toBeHidden();
  await page.reload();
  await expect(members.getByLabel(`Role of ${finance}`)).toHaveValue("member");
  await expectAccessible(page);

  await members.getByRole("button", { name: `Remove ${finance}` }).click();
  const remove = page.getByRole("dialog", { name: `Remove ${finance}?` });
  await expect(remove).toContainText("They own no working keys in this organization.");
  await screenshot(page, "member-remove-confirm");
  await remove.getByRole("button", { name: "Remove member" }).click();
  await expect(members).not.toContainText(finance);
  await screenshot(page, "members-after-removal");
  await expectAccessible(page);

  const gone = await invitee.goto(`/${slug}`);
  expect(gone?.status()).toBe(404);
  // The link was used up: opening it again is refused with a clear page.
  await invitee.goto(inviteLink);
  await expect(invitee.getByRole("heading", { level: 1, name: "This invitation was already used" })).toBeVisible();
  await screenshot(invitee, "invite-used");
  await expectAccessible(invitee);
});
