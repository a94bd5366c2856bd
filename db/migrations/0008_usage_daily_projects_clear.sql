-- Custom migration: usage_daily_projects loses its environment (0009), so rows of one day,
-- project and model in several environments would collide on the new key. Empty it here;
-- 0010 fills it again from usage_daily_keys, which holds the same events. All pending
-- migrations run in one transaction, so no reader sees it empty.
DELETE FROM "usage_daily_projects";
