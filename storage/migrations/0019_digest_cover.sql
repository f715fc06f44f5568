-- The digests read a period's visits from the index alone again (issue 25): since reports carry a
-- live location (`live`) and a dwell time (`dwell_s`), and flags are looked up by the visit's id,
-- the totals, activity, flags and dwell times of a week went to the table for every visit. This
-- index adds them to visits_visit_cover, which it replaces (SQLite keys every index by rowid,
-- which is the id). A week of Jawa Barat (1.79 million households, 414,000 visits): the
-- province's digest 5.3 s → 3.5 s.
CREATE INDEX visits_digest_cover ON visits(region_code, started_at, companion_id, household_id, verdict, review_status, live, dwell_s);
DROP INDEX visits_visit_cover;
