CREATE TABLE "limit_budgets" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"level" text NOT NULL,
	"target_id" text NOT NULL,
	"period" text NOT NULL,
	"limit_micros" bigint NOT NULL,
	"alert_thresholds" integer[] DEFAULT '{50,80,100}' NOT NULL,
	"mode" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "limit_budgets_limit_positive" CHECK ("limit_budgets"."limit_micros" > 0)
);
--> statement-breakpoint
CREATE TABLE "limit_monitor_refusals" (
	"organization_id" text NOT NULL,
	"level" text NOT NULL,
	"target_id" text NOT NULL,
	"limit_name" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"refusals" integer NOT NULL,
	CONSTRAINT "limit_monitor_refusals_level_target_id_limit_name_hour_pk" PRIMARY KEY("level","target_id","limit_name","hour")
);
--> statement-breakpoint
CREATE TABLE "limit_notices" (
	"organization_id" text NOT NULL,
	"level" text NOT NULL,
	"target_id" text NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"notice" text NOT NULL,
	"spent_micros" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "limit_notices_level_target_id_period_period_start_notice_pk" PRIMARY KEY("level","target_id","period","period_start","notice")
);
--> statement-breakpoint
CREATE TABLE "limit_rates" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"level" text NOT NULL,
	"target_id" text NOT NULL,
	"model" text,
	"requests_per_minute" integer,
	"tokens_per_minute" integer,
	"requests_per_day" integer,
	"tokens_per_day" bigint,
	"mode" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "limit_budgets" ADD CONSTRAINT "limit_budgets_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "limit_monitor_refusals" ADD CONSTRAINT "limit_monitor_refusals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "limit_notices" ADD CONSTRAINT "limit_notices_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "limit_rates" ADD CONSTRAINT "limit_rates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "limit_budgets_level_target_id_period_index" ON "limit_budgets" USING btree ("level","target_id","period");--> statement-breakpoint
CREATE INDEX "limit_budgets_organization_id_index" ON "limit_budgets" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "limit_monitor_refusals_organization_id_hour_index" ON "limit_monitor_refusals" USING btree ("organization_id","hour");--> statement-breakpoint
CREATE INDEX "limit_notices_organization_id_index" ON "limit_notices" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "limit_rates_target_model_index" ON "limit_rates" USING btree ("level","target_id",coalesce("model", ''));--> statement-breakpoint
CREATE INDEX "limit_rates_organization_id_index" ON "limit_rates" USING btree ("organization_id");--> statement-breakpoint
INSERT INTO "limit_budgets" ("id", "organization_id", "level", "target_id", "period", "limit_micros", "alert_thresholds", "mode", "created_at", "updated_at")
SELECT 'lim_' || substr(md5(random()::text || b.project_id), 1, 20), b.organization_id, 'project', b.project_id, 'month', b.monthly_limit_micros, b.alert_thresholds,
       CASE WHEN b.hard_limit THEN 'enforce' ELSE 'alert' END, b.created_at, b.updated_at
FROM "budgets" b WHERE b.monthly_limit_micros > 0;--> statement-breakpoint
INSERT INTO "limit_notices" ("organization_id", "level", "target_id", "period", "period_start", "notice", "spent_micros", "created_at")
SELECT n.organization_id, 'project', n.project_id, 'month', n.month, 'threshold:' || n.threshold, n.spent_micros, n.created_at FROM "budget_notices" n;--> statement-breakpoint
INSERT INTO "limit_notices" ("organization_id", "level", "target_id", "period", "period_start", "notice", "spent_micros", "created_at")
SELECT b.organization_id, 'project', b.project_id, 'month', b.exceeded_month, 'exceeded', 0, b.updated_at FROM "budgets" b WHERE b.exceeded_month IS NOT NULL
ON CONFLICT DO NOTHING;
