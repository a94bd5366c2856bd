import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { acceptInvitation, expect, expectAccessible, screenshot, SCREENSHOT_DIR, signIn, test, uniqueEmail } from "../fixtures";

// Month end for a finance owner of the demo organization (seeded with contract terms and the
// last three months of invoices): renewal contacts, an invoice, its PDF and CSV, and the
// server refusing what finance may not do.
const lastMonth = () => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};

test("a finance owner edits renewal contacts, opens last month's invoice and downloads its PDF and CSV", async ({ page, browser }) => {
  // The demo owner invites a finance owner.
  await signIn(page, "owner@acme.test");
  await page.goto("/acme/members");
  const finance = uniqueEmail("finance");
  const invite = page.getByRole("region", { name: "Invite a member" });
  await invite.getByLabel("Email address").fill(finance);
  await invite.getByLabel("Role", { exact: true }).selectOption("finance");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText(`Invitation sent to ${finance}.`);
  const fin = await acceptInvitation(browser, finance, "acme");

  // Billing: plan and terms, spend against the commitment, invoices.
  await fin.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Billing" }).click();
  await expect(fin.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  const terms = fin.getByRole("region", { name: "Plan and terms" });
  await expect(terms).toContainText("Enterprise");
  await expect(terms).toContainText("$4,000.00");
  await expect(terms).toContainText("8.875 %");
  await expect(terms).toContainText("days left");
  const chart = fin.getByRole("img", { name: /Month-to-date usage stacked by project/ });
  await expect(chart).toBeVisible();
  // the chart loads after the page: its bars (one per project, and the forecast) must draw
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const invoices = fin.getByRole("table", { name: "Invoices" });
  await expect(invoices.getByRole("row")).toHaveCount(4); // header + three months
  await screenshot(fin, "billing-overview");
  await expectAccessible(fin);

  // Renewal contacts: a bad address is refused naming it, a good one added, the old one removed.
  const contacts = fin.getByRole("region", { name: "Renewal contacts" });
  await contacts.getByLabel("Add a contact").fill("not-an-email");
  await contacts.getByRole("button", { name: "Add contact" }).click();
  await expect(contacts).toContainText("must be a valid email address");
  await contacts.getByLabel("Add a contact").fill("controller@acme.test");
  await contacts.getByRole("button", { name: "Add contact" }).click();
  await expect(contacts.getByRole("status")).toContainText("controller@acme.test added.");
  await contacts.getByRole("button", { name: "Remove ap@acme.test" }).click();
  await expect(contacts.getByRole("status")).toContainText("ap@acme.test removed.");
  await expect(contacts.getByRole("list", { name: "Renewal contacts" })).toHaveText(/^controller@acme\.test\s*Remove$/);
  await screenshot(fin, "billing-contacts");
  await expectAccessible(fin);

  // Filter the invoices to paid ones, then open last month's.
  await fin.getByLabel("Status").selectOption("paid");
  await expect(invoices.getByRole("row")).toHaveCount(2);
  await fin.getByLabel("Status").selectOption("");
  const number = `ACME-${lastMonth()}`;
  await invoices.getByRole("link", { name: number }).click();
  await expect(fin.getByRole("heading", { level: 1, name: new RegExp(`Invoice ${number}`) })).toBeVisible();
  const lines = fin.getByRole("table", { name: `Invoice ${number} lines` });
  await expect(lines).toContainText("Enterprise plan, monthly base fee");
  await expect(lines).toContainText("Usage: Search Assistant");
  await expect(lines).toContainText("Tax (8.875 %)");
  const total = (await lines.getByRole("row", { name: /Total \(USD\)/ }).getByRole("cell").textContent())!.trim();
  expect(total).toMatch(/^\$[\d,]+\.\d{2}$/);
  await screenshot(fin, "billing-invoice");
  await expectAccessible(fin);

  // The PDF: read its text, and render its first page to look at.
  const [pdfDownload] = await Promise.all([fin.waitForEvent("download"), fin.getByRole("link", { name: "Download PDF" }).click()]);
  expect(pdfDownload.suggestedFilename()).toBe(`invoice-${number}.pdf`);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const pdfFile = path.join(SCREENSHOT_DIR, "billing-invoice.pdf");
  await pdfDownload.saveAs(pdfFile);
  const text = execFileSync("pdftotext", ["-layout", pdfFile, "-"]).toString();
  for (const s of ["AnyInt, Inc.", "INVOICE", number, "Acme Robotics", "Enterprise plan, monthly base fee", "Subtotal", "Tax (8.875 %)", "Total (USD)", total, "Net 30", "Page 1 of"]) {
    expect(text).toContain(s);
  }
  execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", pdfFile, path.join(SCREENSHOT_DIR, "billing-invoice-pdf")]);
  expect(fs.existsSync(path.join(SCREENSHOT_DIR, "billing-invoice-pdf-1.png"))).toBe(true);

  // The CSV: a header and one row per line, dollars with cents beside exact micro-dollars.
  const [csvDownload] = await Promise.all([fin.waitForEvent("download"), fin.getByRole("link", { name: "Download CSV" }).click()]);
  const csv = fs.readFileSync((await csvDownload.path())!, "utf8").trim().split("\r\n");
  expect(csv[0]).toBe(
    "invoice_number,month,position,kind,description,project_id,model,requests,input_tokens,output_tokens,quantity,unit_price_usd,amount_usd,unit_price_micros,amount_micros",
  );
  expect(csv[1]).toBe(`${number},${lastMonth()},1,plan,"Enterprise plan, monthly base fee",,,,,,1,4000.00,4000.00,4000000000,4000000000`);
  expect(csv.filter((r) => r.split(",")[3] === "usage").length).toBeGreaterThan(0);

  // The server refuses what finance may not do: create a project, or mark the invoice paid (the platform's call).
  // as the console's own pages send it (same origin), so the 403 is the permission's, not the CSRF check's
  const fromConsole = { origin: new URL(fin.url()).origin };
  const create = await fin.request.post("/api/v1/projects", { data: { name: "Not allowed" }, headers: fromConsole });
  expect(create.status()).toBe(403);
  expect((await create.json()).error.message).not.toMatch(/come from the console/);
  const invoiceId = fin.url().split("/").at(-1)!;
  const paid = await fin.request.post(`/api/v1/invoices/${invoiceId}/status`, { data: { status: "paid" } });
  expect(paid.status()).toBe(401);
  expect((await fin.request.get(`/api/v1/invoices/${invoiceId}`)).status()).toBe(200);

  // A member sees nothing of billing.
  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await signIn(memberPage, uniqueEmail("nobody"));
  expect((await memberPage.goto("/acme/billing"))!.status()).toBe(404);
});
