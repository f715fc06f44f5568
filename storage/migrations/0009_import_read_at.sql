-- A dry run is staged while its file is read; `read_at` is set once the whole file was read.
-- A batch still unread at start was cut short by a stop or a crash: it is discarded and its
-- admin told (an unread batch is never applied).
ALTER TABLE import_batches ADD COLUMN read_at INTEGER;
UPDATE import_batches SET read_at = created_at;
