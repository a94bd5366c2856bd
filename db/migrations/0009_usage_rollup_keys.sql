ALTER TABLE "usage_daily_projects" DROP CONSTRAINT "usage_daily_projects_organization_id_day_project_id_environment_model_pk";--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_organization_id_occurred_at_event_id_pk";--> statement-breakpoint
ALTER TABLE "usage_daily_projects" ADD CONSTRAINT "usage_daily_projects_organization_id_day_project_id_model_pk" PRIMARY KEY("organization_id","day","project_id","model");--> statement-breakpoint
CREATE INDEX "usage_events_occurred_at_index" ON "usage_events" USING brin ("occurred_at");--> statement-breakpoint
ALTER TABLE "usage_daily_projects" DROP COLUMN "environment";