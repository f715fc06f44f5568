-- The digests' period index with what they read beside it (PostgreSQL's version of
-- ../0019_digest_cover.sql: the id, live flag and dwell time as INCLUDE columns). A week of Jawa
-- Barat: its totals 0.45 s → 0.10 s, dwell medians 0.48 s → 0.24 s, flag counts 0.20 s → 0.13 s;
-- the national digest reads each province's week by it too (storage/national.py).
CREATE INDEX visits_digest_cover ON visits(region_code, started_at, companion_id, household_id, verdict, review_status) INCLUDE (id, live, dwell_s);
DROP INDEX visits_visit_cover;
