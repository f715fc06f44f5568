-- Field updates (issue 23): companions propose changes to a household's record, admins (and,
-- where configured, coordinators) approve or reject them; and the programme conditions that a
-- household's latest visits found a problem with, visit after visit.

-- Why a household left the programme or cannot be served: NULL = in the programme. 'moved',
-- 'deceased' (no successor) and 'graduated' come with active = 0 (out of reminders and
-- coverage, history kept); 'not_found' and 'refuses' stay active.
ALTER TABLE households ADD COLUMN status TEXT
    CHECK (status IN ('moved', 'deceased', 'graduated', 'not_found', 'refuses'));

-- What companions found in the field beyond the DTKS record: contact, composition (the
-- programme's components) and the latest approved note. One row per household, once approved.
CREATE TABLE household_profiles (
    household_id INTEGER PRIMARY KEY REFERENCES households(id),
    phone TEXT,                         -- +62…
    members INTEGER CHECK (members BETWEEN 0 AND 30),
    under_five INTEGER CHECK (under_five BETWEEN 0 AND 30),
    school_sd INTEGER CHECK (school_sd BETWEEN 0 AND 30),
    school_smp INTEGER CHECK (school_smp BETWEEN 0 AND 30),
    school_sma INTEGER CHECK (school_sma BETWEEN 0 AND 30),
    pregnant INTEGER CHECK (pregnant BETWEEN 0 AND 30),
    elderly INTEGER CHECK (elderly BETWEEN 0 AND 30),
    disabled INTEGER CHECK (disabled BETWEEN 0 AND 30),
    note TEXT,
    updated_at INTEGER NOT NULL
);

-- One proposed change of one field. A companion's submission (the journey's draft key) stores
-- each field once, however often Kirim is pressed; a later proposal for the same field of the
-- same household replaces the pending one ('replaced', `replaced_by`).
CREATE TABLE field_updates (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id),
    proposed_by INTEGER NOT NULL REFERENCES people(id),
    visit_id INTEGER REFERENCES visits(id),   -- the visit it came with: its evidence
    submission TEXT NOT NULL,
    field TEXT NOT NULL CHECK (field IN ('status', 'phone', 'address', 'members', 'under_five', 'school_sd',
                                         'school_smp', 'school_sma', 'pregnant', 'elderly', 'disabled', 'note')),
    value TEXT NOT NULL,                -- JSON: a text, a count, or the status with its details
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'replaced')),
    created_at INTEGER NOT NULL,
    notified_at INTEGER,                -- when the reviewers were told
    decided_by INTEGER REFERENCES people(id),
    decided_at INTEGER,
    reason TEXT,                        -- why it was rejected
    old_value TEXT,                     -- JSON: the register's value it replaced, when approved
    replaced_by INTEGER REFERENCES field_updates(id),
    counted_at INTEGER,                 -- a 'not found' status: when it was counted (a second is told)
    UNIQUE (submission, field)
);
CREATE INDEX field_updates_household ON field_updates(household_id, field, status);
CREATE INDEX field_updates_unnotified ON field_updates(id) WHERE notified_at IS NULL AND status = 'pending';
CREATE INDEX field_updates_approved ON field_updates(decided_at) WHERE status = 'approved';
CREATE INDEX field_updates_uncounted ON field_updates(household_id)
    WHERE field = 'status' AND counted_at IS NULL AND json_extract(value, '$.kind') = 'not_found';

-- Programme follow-up: per household, each condition its latest visit found a problem with,
-- and in how many of its latest visits in a row (`streak`). Kept by the trigger below on every
-- stored visit, so a digest reads the few households to follow up instead of every visit.
CREATE TABLE condition_streaks (
    household_id INTEGER NOT NULL REFERENCES households(id),
    condition TEXT NOT NULL,
    streak INTEGER NOT NULL CHECK (streak > 0),
    last_visit_id INTEGER NOT NULL REFERENCES visits(id),
    last_at INTEGER NOT NULL,           -- the latest visit's time
    PRIMARY KEY (household_id, condition)
) WITHOUT ROWID;
CREATE INDEX condition_streaks_streak ON condition_streaks(streak, household_id);

-- The streaks as the visits say: for each household's latest visit (by visit time, then id) and
-- each condition it marked 'problem', the visits since the latest one that did not. Filtered by
-- household, SQLite reads that household's visits alone (visits_household_visit).
CREATE VIEW condition_streaks_computed AS
SELECT s.household_id, s.condition,
    (SELECT COUNT(*) FROM visits v WHERE v.household_id = s.household_id
        AND (v.started_at > s.broken_at OR (v.started_at = s.broken_at AND v.id > s.broken_id))) AS streak,
    s.last_visit_id, s.last_at
FROM (
    SELECT latest.household_id, mark.key AS condition, latest.id AS last_visit_id, latest.started_at AS last_at,
        COALESCE((SELECT b.started_at FROM visits b WHERE b.household_id = latest.household_id
            AND json_extract(b.conditions, '$."' || mark.key || '"') IS NOT 'problem'
            ORDER BY b.started_at DESC, b.id DESC LIMIT 1), -1) AS broken_at,
        COALESCE((SELECT b.id FROM visits b WHERE b.household_id = latest.household_id
            AND json_extract(b.conditions, '$."' || mark.key || '"') IS NOT 'problem'
            ORDER BY b.started_at DESC, b.id DESC LIMIT 1), -1) AS broken_id
    FROM visits latest, json_each(latest.conditions) mark
    WHERE mark.value = 'problem' AND latest.id = (SELECT l.id FROM visits l WHERE l.household_id = latest.household_id
        ORDER BY l.started_at DESC, l.id DESC LIMIT 1)
) s;

CREATE TRIGGER visits_condition_streaks AFTER INSERT ON visits
BEGIN
    DELETE FROM condition_streaks WHERE household_id = NEW.household_id;
    INSERT INTO condition_streaks (household_id, condition, streak, last_visit_id, last_at)
    SELECT household_id, condition, streak, last_visit_id, last_at FROM condition_streaks_computed
    WHERE household_id = NEW.household_id;
END;

INSERT INTO condition_streaks (household_id, condition, streak, last_visit_id, last_at)
SELECT household_id, condition, streak, last_visit_id, last_at FROM condition_streaks_computed;
