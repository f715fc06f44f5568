-- A visit happened when its location was shared (`started_at`: the location message's date), not
-- when the report was stored (`reported_at`): a backlog handled late, or a report finished after
-- midnight, belongs to the day and week of the visit. Digests, exports, the map and reminders
-- therefore read periods and "last visit" by `started_at`; these indexes replace the ones by
-- `reported_at` they used (the companion's, still ordered by report, stays for the report step).
CREATE INDEX visits_visit_cover ON visits(region_code, started_at, companion_id, household_id, verdict, review_status);
DROP INDEX visits_period_cover;
CREATE INDEX visits_household_visit ON visits(household_id, started_at);
DROP INDEX visits_household;
CREATE INDEX visits_companion_visit ON visits(companion_id, started_at);
