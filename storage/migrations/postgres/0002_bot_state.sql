-- State of the running bot (PostgreSQL's version of ../0002_bot_state.sql).

CREATE TABLE bot_conversations (
    name TEXT NOT NULL,
    conversation_key TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (name, conversation_key)
);

CREATE TABLE bot_data (
    kind TEXT NOT NULL CHECK (kind IN ('user', 'chat', 'bot', 'callback')),
    data_key BIGINT NOT NULL,
    data TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (kind, data_key)
);

CREATE TABLE processed_updates (
    update_id BIGINT PRIMARY KEY,
    received_at BIGINT NOT NULL
);
CREATE INDEX processed_updates_time ON processed_updates(received_at);

CREATE TABLE dispatch_log (
    job TEXT NOT NULL,
    period TEXT NOT NULL,
    recipient_id BIGINT NOT NULL REFERENCES people(id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'blocked')),
    attempts INTEGER NOT NULL DEFAULT 0,
    message_id BIGINT,
    error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (job, period, recipient_id)
);
