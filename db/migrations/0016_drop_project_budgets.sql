DROP TABLE "budget_notices" CASCADE;--> statement-breakpoint
DROP TABLE "budgets" CASCADE;