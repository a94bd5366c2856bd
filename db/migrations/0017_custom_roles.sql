CREATE TABLE "roles" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"scope" text NOT NULL,
	"permissions" text[] NOT NULL,
	"created_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roles_scope" CHECK ("roles"."scope" in ('organization', 'project'))
);
--> statement-breakpoint
ALTER TABLE "project_members" ALTER COLUMN "role" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "custom_role_id" text;--> statement-breakpoint
ALTER TABLE "project_members" ADD COLUMN "custom_role_id" text;--> statement-breakpoint
ALTER TABLE "admin_keys" ADD COLUMN "custom_role_id" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "custom_role_id" text;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "roles_organization_name" ON "roles" USING btree ("organization_id",lower("name"));--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_custom_role_id_roles_id_fk" FOREIGN KEY ("custom_role_id") REFERENCES "public"."roles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_custom_role_id_roles_id_fk" FOREIGN KEY ("custom_role_id") REFERENCES "public"."roles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_keys" ADD CONSTRAINT "admin_keys_custom_role_id_roles_id_fk" FOREIGN KEY ("custom_role_id") REFERENCES "public"."roles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_custom_role_id_roles_id_fk" FOREIGN KEY ("custom_role_id") REFERENCES "public"."roles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "memberships_custom_role_id_index" ON "memberships" USING btree ("custom_role_id");--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_custom_role_on_member" CHECK ("memberships"."custom_role_id" is null or "memberships"."role" = 'member');--> statement-breakpoint
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_one_role" CHECK (("project_members"."role" is null) <> ("project_members"."custom_role_id" is null));--> statement-breakpoint
ALTER TABLE "admin_keys" ADD CONSTRAINT "admin_keys_custom_role_on_member" CHECK ("admin_keys"."custom_role_id" is null or "admin_keys"."role" = 'member');--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_custom_role_on_member" CHECK ("invitations"."custom_role_id" is null or "invitations"."role" = 'member');