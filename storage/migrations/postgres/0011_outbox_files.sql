-- Long confirmations' text files (PostgreSQL's version of ../0011_outbox_files.sql).
ALTER TABLE outbox ADD COLUMN file_name TEXT;
