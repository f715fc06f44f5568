-- A reminder lists a companion's first overdue households (the longest unvisited) out of
-- thousands: this index gives their registration time and name without reading each row, so
-- only the listed rows are read. It replaces households_companion, whose columns it starts with.
CREATE INDEX households_companion_due ON households(companion_id, active, created_at, head_name);
DROP INDEX households_companion;
