-- When a dry run's file was read whole (PostgreSQL's version of ../0009_import_read_at.sql).
ALTER TABLE import_batches ADD COLUMN read_at BIGINT;
UPDATE import_batches SET read_at = created_at;
