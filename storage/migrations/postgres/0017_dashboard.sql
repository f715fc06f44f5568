-- The office's dashboard (PostgreSQL's version of ../0017_dashboard.sql, which says what each holds).
CREATE TABLE web_logins (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_person ON web_sessions(person_id);

CREATE INDEX households_updated ON households(updated_at);
