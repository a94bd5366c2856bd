-- Custom migration: usage_daily_projects again, now per day, project and model, from the
-- daily rollup per key (the same events; see 0008).
INSERT INTO "usage_daily_projects" ("organization_id", "day", "project_id", "model", "requests", "input_tokens", "output_tokens", "cost_micros")
SELECT "organization_id", "day", "project_id", "model", sum("requests"), sum("input_tokens"), sum("output_tokens"), sum("cost_micros")
FROM "usage_daily_keys"
GROUP BY "organization_id", "day", "project_id", "model";
