-- Reminders' overdue households (PostgreSQL's version of ../0012_households_due_index.sql).
CREATE INDEX households_companion_due ON households(companion_id, active, created_at, head_name);
DROP INDEX households_companion;
