CREATE TABLE "budget_notices" (
	"project_id" text NOT NULL,
	"month" date NOT NULL,
	"threshold" integer NOT NULL,
	"organization_id" text NOT NULL,
	"spent_micros" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_notices_project_id_month_threshold_pk" PRIMARY KEY("project_id","month","threshold")
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"project_id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"monthly_limit_micros" bigint NOT NULL,
	"alert_thresholds" integer[] DEFAULT '{50,80,100}' NOT NULL,
	"hard_limit" boolean DEFAULT false NOT NULL,
	"exceeded_month" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_prices" (
	"model_id" text NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"input_price_micros" bigint NOT NULL,
	"output_price_micros" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_prices_model_id_effective_from_pk" PRIMARY KEY("model_id","effective_from")
);
--> statement-breakpoint
CREATE TABLE "usage_daily_keys" (
	"organization_id" text NOT NULL,
	"day" date NOT NULL,
	"project_id" text NOT NULL,
	"environment" text NOT NULL,
	"key_id" text NOT NULL,
	"model" text NOT NULL,
	"requests" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_micros" bigint NOT NULL,
	CONSTRAINT "usage_daily_keys_organization_id_day_project_id_environment_key_id_model_pk" PRIMARY KEY("organization_id","day","project_id","environment","key_id","model")
);
--> statement-breakpoint
CREATE TABLE "usage_daily_projects" (
	"organization_id" text NOT NULL,
	"day" date NOT NULL,
	"project_id" text NOT NULL,
	"environment" text NOT NULL,
	"model" text NOT NULL,
	"requests" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_micros" bigint NOT NULL,
	CONSTRAINT "usage_daily_projects_organization_id_day_project_id_environment_model_pk" PRIMARY KEY("organization_id","day","project_id","environment","model")
);
--> statement-breakpoint
CREATE TABLE "usage_event_ids" (
	"organization_id" text NOT NULL,
	"event_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_event_ids_organization_id_event_id_pk" PRIMARY KEY("organization_id","event_id")
);
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
);
--> statement-breakpoint
CREATE TABLE "usage_hourly" (
	"organization_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"project_id" text NOT NULL,
	"environment" text NOT NULL,
	"key_id" text NOT NULL,
	"model" text NOT NULL,
	"requests" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_micros" bigint NOT NULL,
	CONSTRAINT "usage_hourly_organization_id_hour_project_id_environment_key_id_model_pk" PRIMARY KEY("organization_id","hour","project_id","environment","key_id","model")
);
--> statement-breakpoint
ALTER TABLE "budget_notices" ADD CONSTRAINT "budget_notices_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_notices" ADD CONSTRAINT "budget_notices_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_daily_projects_project_id_day_index" ON "usage_daily_projects" USING btree ("project_id","day");