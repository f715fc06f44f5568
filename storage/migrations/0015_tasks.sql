-- Tasks and announcements (issue 22): a coordinator's or admin's instruction to companions,
-- acknowledged with ✅ Siap; a task names households, each done once a report of it is stored
-- after the task was given (read from visits, never copied). An announcement names none.
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    created_by INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    idempotency_key TEXT UNIQUE,        -- the draft's key: a resent Kirim creates nothing twice
    text TEXT NOT NULL,
    attachment_kind TEXT CHECK (attachment_kind IN ('photo', 'document')),
    attachment_file_id TEXT,
    attachment_name TEXT,
    audience TEXT NOT NULL CHECK (audience IN ('scope', 'region', 'people', 'households')),
    due_at INTEGER,                     -- end of the due day (local); NULL: no due date
    urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),  -- sent in quiet hours too
    version INTEGER NOT NULL DEFAULT 1, -- each edit adds one; recipients are told of each once
    changed TEXT,                       -- what the last edit changed: 'text', 'due' or 'text,due'
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'withdrawn')),
    overdue_told_at INTEGER,            -- when its recipients with work left were told it is overdue
    updated_at INTEGER NOT NULL,
    CHECK ((attachment_kind IS NULL) = (attachment_file_id IS NULL))
);
CREATE INDEX tasks_status ON tasks(status, due_at);

-- The kabupaten/kota a task reaches (its recipients' and households'): who covers all of them
-- sees the task, its progress and may change it.
CREATE TABLE task_regions (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES regions(code),
    PRIMARY KEY (task_id, region_code)
) WITHOUT ROWID;

-- Who receives a task. The companion who holds one of its households when a delivery round
-- runs is added (households move with a hand-over). Each send is in the dispatch log
-- (job 'task'), so it goes exactly once.
CREATE TABLE task_recipients (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    acknowledged_at INTEGER,
    blocked_told_at INTEGER,            -- when the creator was told the recipient blocked the bot
    PRIMARY KEY (task_id, person_id)
) WITHOUT ROWID;
CREATE INDEX task_recipients_person ON task_recipients(person_id, task_id);

CREATE TABLE task_households (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    household_id INTEGER NOT NULL REFERENCES households(id),
    PRIMARY KEY (task_id, household_id)
) WITHOUT ROWID;
CREATE INDEX task_households_household ON task_households(household_id, task_id);
