-- The digests' covering index (PostgreSQL's version of ../0005_digest_index.sql).
CREATE INDEX visits_period_cover ON visits(region_code, reported_at, companion_id, household_id, verdict, review_status);
DROP INDEX visits_region_time;
