import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { sweepRenewalReminders } from "@/lib/billing/reminders";
import { billingRenewalEmail } from "@/lib/email/templates/billing-renewal";
import { addMember, addProjectMember, asKey, asSession, auditRows, createOrg, createSession, createTestAdminKey, createTestProject, orgState, type Json } from "../factories";
import { billingEmails, createTestInvoice, getBilling, getInvoiceApi, listInvoicesApi, patchBilling } from "../billing-factories";
import { eventsOfType } from "../usage-factories";

const DAY = 86_400_000;
const dayFromNow = (days: number, now = Date.now()) => new Date(Math.floor(now / DAY) * DAY + days * DAY).toISOString().slice(0, 10);

describe("billing terms and permissions", () => {
  it("shows the plan's list prices until terms are set, and lets finance owners and owners change them", async () => {
    const fx = await createOrg();
    const financeUser = await addMember(fx.org.id, "finance");
    const finance = asSession(await createSession(financeUser));
    const before = await getBilling(finance);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      plan: { id: "team", name: "Team" },
      customTerms: false,
      baseFeeMicros: 500_000_000,
      includedSeats: 10,
      seatPriceMicros: 25_000_000,
      taxRatePercent: "0",
      currency: "USD",
      paymentTermsDays: 30,
      renewalContacts: [],
      billingOwner: { userId: fx.owner.id, email: fx.owner.email },
      renewal: null,
    });

    const res = await patchBilling(
      { renewalContacts: ["AP@Example.test", "cfo@example.test", "ap@example.test"], taxRatePercent: "7.25", renewalDate: dayFromNow(90), billingOwnerId: financeUser.id },
      finance,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      customTerms: true,
      renewalContacts: ["ap@example.test", "cfo@example.test"],
      taxRatePercent: "7.25",
      billingOwner: { userId: financeUser.id },
      renewal: { date: dayFromNow(90), daysLeft: 90, reminders: [{ daysBefore: 30, sentAt: null }, { daysBefore: 7, sentAt: null }] },
    });
    const audit = (await auditRows(fx.org.id)).filter((r) => r.action === "billing.terms_updated");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ taxRatePercent: { from: "0", to: "7.25" }, billingOwnerId: { from: fx.owner.id, to: financeUser.id } });
    expect(await eventsOfType(fx.org.id, "billing.plan_changed")).toHaveLength(0);
  });

  it("emits billing.plan_changed with the previous values when the plan or its prices change", async () => {
    const fx = await createOrg();
    const owner = asKey((await createTestAdminKey(fx, "owner")).secret);
    const res = await patchBilling({ plan: "enterprise", baseFeeMicros: 4_000_000_000, committedMonthlyMicros: 2_000_000_000 }, owner);
    expect(res.status).toBe(200);
    expect(res.body.plan).toEqual({ id: "enterprise", name: "Enterprise" });
    const events = await eventsOfType(fx.org.id, "billing.plan_changed");
    expect(events).toHaveLength(1);
    expect((events[0]!.payload as Json).data).toMatchObject({
      plan: "enterprise",
      changes: { plan: { from: "team", to: "enterprise" }, baseFeeMicros: { from: 500_000_000, to: 4_000_000_000 }, committedMonthlyMicros: { from: 0, to: 2_000_000_000 } },
    });
    // the same values again change nothing
    await patchBilling({ plan: "enterprise", baseFeeMicros: 4_000_000_000 }, owner);
    expect(await eventsOfType(fx.org.id, "billing.plan_changed")).toHaveLength(1);
  });

  it("refuses bad terms naming each field, and writes nothing", async () => {
    const fx = await createOrg();
    const owner = asKey((await createTestAdminKey(fx, "owner")).secret);
    const outsider = (await createOrg()).owner;
    const state = await orgState(fx.org.id);
    const bad = await patchBilling(
      { renewalContacts: ["ok@example.test", "not-an-email"], taxRatePercent: "12.34567", includedSeats: -1, baseFeeMicros: 1.5, plan: "gold", termMonths: 0, color: "red" },
      owner,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(
      ["baseFeeMicros", "color", "includedSeats", "plan", "renewalContacts.1", "taxRatePercent", "termMonths"].sort(),
    );
    const notMember = await patchBilling({ billingOwnerId: outsider.id }, owner);
    expect(notMember.status).toBe(400);
    expect(notMember.body.error.details).toEqual([{ path: "billingOwnerId", message: "is not a member of the organization" }]);
    const dates = await patchBilling({ contractStart: "2026-01-01", renewalDate: "2025-12-31" }, owner);
    expect(dates.body.error.details).toEqual([{ path: "renewalDate", message: "must be after the contract start" }]);
    expect((await patchBilling({}, owner)).status).toBe(400);
    expect(await orgState(fx.org.id)).toEqual(state);
    expect((await getBilling(owner)).body.customTerms).toBe(false);
  });

  it("billing.read for owners, admins and finance; billing.manage for owners and finance; members see nothing", async () => {
    const fx = await createOrg();
    const invoice = await createTestInvoice(fx.org.id);
    const project = await createTestProject(fx);
    const projectAdmin = await addMember(fx.org.id, "member");
    await addProjectMember(project.id, projectAdmin, "project_admin");
    const callers = {
      admin: asSession(await createSession(await addMember(fx.org.id, "admin"))),
      adminKey: asKey((await createTestAdminKey(fx, "admin")).secret),
      finance: asSession(await createSession(await addMember(fx.org.id, "finance"))),
      security: asSession(await createSession(await addMember(fx.org.id, "security"))),
      member: asSession(await createSession(await addMember(fx.org.id, "member"))),
      projectAdmin: asSession(await createSession(projectAdmin)),
    };
    for (const who of ["admin", "adminKey", "finance"] as const) {
      expect((await getBilling(callers[who])).status, who).toBe(200);
      expect((await listInvoicesApi({}, callers[who])).body.data, who).toHaveLength(1);
      expect((await getInvoiceApi(invoice.invoiceId, callers[who])).status, who).toBe(200);
    }
    for (const who of ["security", "member", "projectAdmin"] as const) {
      expect((await getBilling(callers[who])).status, who).toBe(403);
      expect((await listInvoicesApi({}, callers[who])).status, who).toBe(403);
      expect((await getInvoiceApi(invoice.invoiceId, callers[who])).status, who).toBe(403);
    }
    const state = await orgState(fx.org.id);
    for (const who of ["admin", "adminKey", "security", "member"] as const) {
      const res = await patchBilling({ renewalContacts: ["x@example.test"] }, callers[who]);
      expect(res.status, who).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
    expect(await orgState(fx.org.id)).toEqual(state);
    expect((await patchBilling({ renewalContacts: ["x@example.test"] }, callers.finance)).status).toBe(200);
    // another organization's invoice is not found
    const other = await createOrg();
    expect((await getInvoiceApi(invoice.invoiceId, asKey((await createTestAdminKey(other, "owner")).secret))).status).toBe(404);
  });
});

describe("renewal reminders", () => {
  it("sends the 30-day and the 7-day reminder once each, to the billing owner and renewal contacts", async () => {
    const fx = await createOrg();
    const owner = asKey((await createTestAdminKey(fx, "owner")).secret);
    const now = Date.now();
    const renewal = dayFromNow(20, now);
    await patchBilling({ renewalDate: renewal, renewalContacts: ["renewals@example.test"] }, owner);
    const db = await getDb();
    await sweepRenewalReminders(db, now);
    await sweepRenewalReminders(db, now + 3_600_000);
    let events = await eventsOfType(fx.org.id, "billing.renewal_upcoming");
    expect(events.map((e) => (e.payload as Json).data)).toEqual([expect.objectContaining({ renewalDate: renewal, daysBefore: 30, daysLeft: 20 })]);
    const state = (await getBilling(owner)).body.renewal;
    expect(state.reminders[0]).toMatchObject({ daysBefore: 30, sentAt: expect.any(String) });
    expect(state.reminders[1]).toEqual({ daysBefore: 7, sentAt: null });

    await sweepRenewalReminders(db, now + 14 * DAY);
    await sweepRenewalReminders(db, now + 15 * DAY);
    events = await eventsOfType(fx.org.id, "billing.renewal_upcoming");
    expect(events.map((e) => (e.payload as Json).data.daysBefore)).toEqual([30, 7]);
    const emails = await billingEmails(fx.org.id, "billing-renewal");
    expect(emails.map((e) => e.to).sort()).toEqual([fx.owner.email, fx.owner.email, "renewals@example.test", "renewals@example.test"].sort());
    const props = emails.at(-1)!.props as Parameters<typeof billingRenewalEmail.text>[0];
    expect(billingRenewalEmail.text(props)).toContain(`renews on ${renewal}, in 6 days`);

    // a new renewal date re-arms the reminders
    await patchBilling({ renewalDate: dayFromNow(25, now) }, owner);
    await sweepRenewalReminders(db, now);
    expect(await eventsOfType(fx.org.id, "billing.renewal_upcoming")).toHaveLength(3);
  });
});
