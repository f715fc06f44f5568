-- A scheduled send Telegram refused for good (400 Bad Request: chat not found, a malformed
-- message) is 'refused': set aside with its reason, never tried again, counted by the health
-- check. As 'failed' it was tried again at every alert round, without end (issue 20).
-- SQLite cannot change a CHECK constraint: the table is rebuilt with the same rows.
CREATE TABLE dispatch_log_new (
    job TEXT NOT NULL,                  -- e.g. 'weekly_digest'
    period TEXT NOT NULL,               -- e.g. '2026-W47'
    recipient_id INTEGER NOT NULL REFERENCES people(id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'blocked', 'refused')),
    attempts INTEGER NOT NULL DEFAULT 0,
    message_id INTEGER,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    resumed INTEGER NOT NULL DEFAULT 0,
    reported INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (job, period, recipient_id)
);
INSERT INTO dispatch_log_new (job, period, recipient_id, status, attempts, message_id, error, created_at,
                              updated_at, resumed, reported)
    SELECT job, period, recipient_id, status, attempts, message_id, error, created_at, updated_at, resumed, reported
    FROM dispatch_log;
DROP TABLE dispatch_log;
ALTER TABLE dispatch_log_new RENAME TO dispatch_log;
