-- Periods by visit time (PostgreSQL's version of ../0010_visit_time_indexes.sql).
CREATE INDEX visits_visit_cover ON visits(region_code, started_at, companion_id, household_id, verdict, review_status);
DROP INDEX visits_period_cover;
CREATE INDEX visits_household_visit ON visits(household_id, started_at);
DROP INDEX visits_household;
CREATE INDEX visits_companion_visit ON visits(companion_id, started_at);
