-- Custom migration: the raw usage events become a table partitioned by month of their
-- time (the same columns and primary key as 0005 made, which drizzle's snapshot keeps).
-- Monthly partitions are added by lib/usage/partitions.ts at start-up and daily; the
-- default partition catches anything outside them. Exactly-once is guarded by the
-- unpartitioned usage_event_ids, whose key need not include the month.
DROP TABLE "usage_events";
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"organization_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"event_id" text NOT NULL,
	"project_id" text NOT NULL,
	"environment" text NOT NULL,
	"key_id" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"cost_micros" bigint NOT NULL,
	"request_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_events_organization_id_occurred_at_event_id_pk" PRIMARY KEY("organization_id","occurred_at","event_id")
) PARTITION BY RANGE ("occurred_at");
--> statement-breakpoint
CREATE TABLE "usage_events_default" PARTITION OF "usage_events" DEFAULT;
--> statement-breakpoint
-- Rollup rows are updated in place on every batch: leave room on each page for HOT updates.
ALTER TABLE "usage_hourly" SET (fillfactor = 80);
--> statement-breakpoint
ALTER TABLE "usage_daily_keys" SET (fillfactor = 80);
--> statement-breakpoint
ALTER TABLE "usage_daily_projects" SET (fillfactor = 80);
