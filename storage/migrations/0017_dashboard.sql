-- The office's dashboard (issue 21).

-- One-time login links that /pantau sends (valid minutes, used once) and the sessions they, or a
-- Mini App's launch data, open. Only the sha256 of each token is kept.
CREATE TABLE web_logins (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX web_sessions_person ON web_sessions(person_id);

-- The dashboard's map index follows the register's changes since its last look by this time,
-- without reading the 645,000 households again (bot/monitoring/register.py).
CREATE INDEX households_updated ON households(updated_at);
