import { parseArgs } from "node:util";
import { closeDb } from "@/db/client";
import { openDatabase } from "@/db/open";
import { seedDemo } from "@/db/seed";
import { closeMonth, previousMonth } from "@/lib/billing/close";
import { formatUsd } from "@/lib/billing/money";
import { monthSchema } from "@/lib/billing/schemas";
import { bootstrapOrganization } from "@/lib/orgs/bootstrap";
import { AppError } from "@/lib/core/errors";

const USAGE = `Usage: npm run cli -- <command>
  bootstrap --org-name NAME --owner-email EMAIL [--json]   create an organization, its owner and an owner admin key
  seed                                                     create the demo organization (idempotent)
  migrate                                                  apply pending database migrations
  invoices:close [--month YYYY-MM] [--json]                issue every organization's invoice for a month that has ended
                                                           (default: last month); idempotent, prints what it created`;

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help") {
    console.log(USAGE);
    return 0;
  }
  if (!["bootstrap", "seed", "migrate", "invoices:close"].includes(command)) {
    console.error(`Unknown command "${command}".\n${USAGE}`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { "org-name": { type: "string" }, "owner-email": { type: "string" }, month: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  const db = await openDatabase();
  try {
    if (command === "migrate") {
      console.log("Migrations applied.");
    } else if (command === "invoices:close") {
      const month = values.month ?? previousMonth();
      if (!monthSchema.safeParse(month).success) throw new AppError("INVALID_REQUEST", `--month must be a month, YYYY-MM (got "${month}").`);
      const { created } = await closeMonth(db, month);
      if (values.json) console.log(JSON.stringify({ month, created }));
      else if (created.length === 0) console.log(`No invoice to create for ${month}: every organization already has one (or did not exist yet).`);
      else {
        console.log(`Created ${created.length} invoice${created.length === 1 ? "" : "s"} for ${month}:`);
        for (const i of created) console.log(`  ${i.number}  ${i.organizationSlug}  ${formatUsd(i.totalMicros)}  ${i.invoiceId}`);
      }
    } else if (command === "seed") {
      const r = await seedDemo(db);
      console.log(r.created ? `Demo organization "${r.slug}" created; sign in as ${r.ownerEmail}.` : `Demo organization "${r.slug}" already exists.`);
    } else {
      const result = await bootstrapOrganization(db, { orgName: values["org-name"], ownerEmail: values["owner-email"] });
      if (values.json) console.log(JSON.stringify(result));
      else {
        console.log(`Organization ${result.organization.name} (${result.organization.slug}, ${result.organization.id})`);
        console.log(`Owner ${result.owner.email} (${result.owner.id})`);
        console.log(`Owner admin key (shown once): ${result.adminKey}`);
      }
    }
    return 0;
  } finally {
    await closeDb();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof AppError) console.error(`Error: ${error.message}`);
    else console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
