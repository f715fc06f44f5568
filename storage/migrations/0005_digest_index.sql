-- Digests and exports aggregate one period's visits by region and companion. This index holds
-- every column those aggregates read, so a week of the whole province is read from the index
-- alone, in time order per region. It starts with the columns of visits_region_time, which it
-- therefore replaces.
CREATE INDEX visits_period_cover ON visits(region_code, reported_at, companion_id, household_id, verdict, review_status);
DROP INDEX visits_region_time;
