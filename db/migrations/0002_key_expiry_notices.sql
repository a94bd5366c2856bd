ALTER TABLE "api_keys" ADD COLUMN "expiring_notice7_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expiring_notice1_at" timestamp with time zone;