-- State of the running bot: conversations and user data (PTB persistence), updates already
-- handled (Telegram may deliver one twice), and scheduled sends (exactly once per recipient).

CREATE TABLE bot_conversations (
    name TEXT NOT NULL,                 -- ConversationHandler name
    conversation_key TEXT NOT NULL,     -- JSON list, e.g. [chat_id, user_id]
    state TEXT NOT NULL,                -- JSON
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (name, conversation_key)
);

CREATE TABLE bot_data (
    kind TEXT NOT NULL CHECK (kind IN ('user', 'chat', 'bot', 'callback')),
    data_key INTEGER NOT NULL,          -- user or chat id; 0 for bot and callback data
    data TEXT NOT NULL,                 -- JSON
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (kind, data_key)
);

CREATE TABLE processed_updates (
    update_id INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL
);
CREATE INDEX processed_updates_time ON processed_updates(received_at);

CREATE TABLE dispatch_log (
    job TEXT NOT NULL,                  -- e.g. 'weekly_digest'
    period TEXT NOT NULL,               -- e.g. '2026-W47'
    recipient_id INTEGER NOT NULL REFERENCES people(id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'blocked')),
    attempts INTEGER NOT NULL DEFAULT 0,
    message_id INTEGER,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (job, period, recipient_id)
);
