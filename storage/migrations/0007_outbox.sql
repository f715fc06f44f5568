-- Reliability (issue 12).

-- Replies that confirm something stored (a report's receipt, …) wait here until Telegram has
-- taken them: sent at once, and retried with backoff across server errors, 429 and restarts.
-- `key` names what the message confirms, so it is queued (and sent) once however often the
-- step that stores it runs.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    chat_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    markup TEXT,                        -- reply markup as Bot API JSON
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    error TEXT,
    message_id INTEGER,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';

-- How late the location reached the bot (handled time minus Telegram's date): recorded, never flagged.
ALTER TABLE visits ADD COLUMN location_delay_s INTEGER;

-- When an admin pressed Terapkan on an import, until the bot answered: a crash in between is
-- found at start, and the admin told what state the import is in.
ALTER TABLE import_batches ADD COLUMN apply_pressed_at INTEGER;

-- A send left 'pending' by a crash is tried once more at start; this marks that it was.
ALTER TABLE dispatch_log ADD COLUMN resumed INTEGER NOT NULL DEFAULT 0;
-- Blocked recipients are reported to the admins once, also when a crash came between.
ALTER TABLE dispatch_log ADD COLUMN reported INTEGER NOT NULL DEFAULT 0;
