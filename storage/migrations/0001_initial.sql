-- The register and the visits. Times are INTEGER Unix seconds (UTC); WIB is a display concern.

CREATE TABLE regions (
    code TEXT PRIMARY KEY,              -- BPS code: '36' province, '3601'… kabupaten/kota
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('provinsi', 'kabupaten', 'kota')),
    parent_code TEXT REFERENCES regions(code)
);

INSERT INTO regions (code, name, kind, parent_code) VALUES
    ('36',   'Provinsi Banten',          'provinsi',  NULL),
    ('3601', 'Kabupaten Pandeglang',     'kabupaten', '36'),
    ('3602', 'Kabupaten Lebak',          'kabupaten', '36'),
    ('3603', 'Kabupaten Tangerang',      'kabupaten', '36'),
    ('3604', 'Kabupaten Serang',         'kabupaten', '36'),
    ('3671', 'Kota Tangerang',           'kota',      '36'),
    ('3672', 'Kota Cilegon',             'kota',      '36'),
    ('3673', 'Kota Serang',              'kota',      '36'),
    ('3674', 'Kota Tangerang Selatan',   'kota',      '36');

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    telegram_user_id INTEGER UNIQUE,
    full_name TEXT NOT NULL,
    username TEXT,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'companion')),
    language TEXT NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    invited_by INTEGER REFERENCES people(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX people_role ON people(role, active);

-- Regions a person covers: a companion one kabupaten/kota, a coordinator several or '36'.
CREATE TABLE person_regions (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES regions(code),
    PRIMARY KEY (person_id, region_code)
);
CREATE INDEX person_regions_region ON person_regions(region_code);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,    -- sha256 of the deep-link token; the token is not kept
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'companion')),
    region_code TEXT REFERENCES regions(code),
    full_name TEXT,                     -- name the admin gave, shown when the link is opened
    created_by INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    used_by INTEGER REFERENCES people(id),
    revoked_at INTEGER
);

CREATE TABLE households (
    id INTEGER PRIMARY KEY,
    dtks_id TEXT NOT NULL UNIQUE,
    kk_number TEXT,                     -- 16 digits, starts with the province code
    head_nik TEXT,                      -- NIK of the head of household, if known
    head_name TEXT NOT NULL,
    address TEXT,
    region_code TEXT NOT NULL REFERENCES regions(code),   -- kabupaten/kota
    kecamatan TEXT,
    desa TEXT,
    latitude REAL,
    longitude REAL,
    coordinates_source TEXT CHECK (coordinates_source IN ('import', 'admin', 'companion')),
    companion_id INTEGER REFERENCES people(id),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX households_companion ON households(companion_id, active);
CREATE INDEX households_region ON households(region_code, active);
CREATE INDEX households_kk ON households(kk_number);
CREATE INDEX households_name ON households(head_name COLLATE NOCASE);
CREATE INDEX households_position ON households(latitude, longitude);

CREATE TABLE visits (
    id INTEGER PRIMARY KEY,             -- the report number the companion is given
    household_id INTEGER NOT NULL REFERENCES households(id),
    companion_id INTEGER NOT NULL REFERENCES people(id),
    region_code TEXT NOT NULL REFERENCES regions(code),   -- household's region when reported
    started_at INTEGER NOT NULL,        -- location shared
    reported_at INTEGER NOT NULL,       -- report sent
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    accuracy_m REAL,
    live INTEGER NOT NULL CHECK (live IN (0, 1)),
    live_period_s INTEGER,
    distance_m REAL,                    -- NULL when the household has no coordinates
    verdict TEXT NOT NULL CHECK (verdict IN ('verified', 'uncertain', 'outside', 'no_reference')),
    conditions TEXT NOT NULL DEFAULT '{}',   -- JSON: condition key -> checked/problem/not_applicable
    note TEXT,
    voice_note_path TEXT,
    dwell_s INTEGER,                    -- time within the radius while the live location ran
    max_distance_m REAL,
    chat_id INTEGER,
    location_message_id INTEGER,
    idempotency_key TEXT UNIQUE,        -- a resent "Send" stores nothing twice
    alerted_at INTEGER,                 -- when coordinators were told of a flagged visit
    review_status TEXT CHECK (review_status IN ('accepted', 'rejected', 'revisit')),
    review_reason TEXT,
    reviewed_by INTEGER REFERENCES people(id),
    reviewed_at INTEGER
);
CREATE INDEX visits_household ON visits(household_id, reported_at);
CREATE INDEX visits_companion ON visits(companion_id, reported_at);
CREATE INDEX visits_region_time ON visits(region_code, reported_at);
CREATE INDEX visits_time ON visits(reported_at);
CREATE INDEX visits_unalerted ON visits(alerted_at) WHERE alerted_at IS NULL;

-- Reasons a visit is suspicious: outside, uncertain, static, impossible_travel, reused_photo, …
CREATE TABLE visit_flags (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    flag TEXT NOT NULL,
    detail TEXT,
    related_visit_id INTEGER REFERENCES visits(id),
    PRIMARY KEY (visit_id, flag)
);
CREATE INDEX visit_flags_flag ON visit_flags(flag);

-- Live-location updates recorded while a visit is reported.
CREATE TABLE visit_track (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    recorded_at INTEGER NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    accuracy_m REAL,
    distance_m REAL
);
CREATE INDEX visit_track_visit ON visit_track(visit_id, recorded_at);

CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    file_id TEXT NOT NULL,
    file_unique_id TEXT NOT NULL,
    path TEXT NOT NULL,                 -- relative to storage.photo_dir
    sha256 TEXT NOT NULL,
    phash TEXT,                         -- perceptual hash, hex
    size_bytes INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    exif_taken_at INTEGER,
    exif_latitude REAL,
    exif_longitude REAL,
    message_id INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX photos_visit ON photos(visit_id);
CREATE INDEX photos_unique_id ON photos(file_unique_id);
CREATE INDEX photos_sha256 ON photos(sha256);

-- A companion's proposal of a household's coordinates, for an admin to accept or reject.
CREATE TABLE coordinate_proposals (
    id INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id),
    proposed_by INTEGER NOT NULL REFERENCES people(id),
    visit_id INTEGER REFERENCES visits(id),
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    accuracy_m REAL,
    reason TEXT NOT NULL CHECK (reason IN ('no_reference', 'repeatedly_far')),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    created_at INTEGER NOT NULL,
    notified_at INTEGER,                -- when admins were told
    decided_by INTEGER REFERENCES people(id),
    decided_at INTEGER
);
CREATE INDEX coordinate_proposals_status ON coordinate_proposals(status, household_id);

-- Who changed what in the register: invitations, roles, households, coordinates.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES people(id),   -- NULL = the system (bootstrap, import job)
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    old_value TEXT,                     -- JSON
    new_value TEXT                      -- JSON
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
