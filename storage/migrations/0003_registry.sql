-- Spreadsheet imports. A dry run stores the validated rows here, keyed by the import, so that
-- the admin's "Apply" button still works after a restart; applying or discarding empties them.

CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    created_by INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    columns TEXT NOT NULL,              -- JSON list of the household columns the file has
    total_rows INTEGER NOT NULL DEFAULT 0,
    invalid_rows INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'discarded')),
    decided_at INTEGER
);
CREATE INDEX import_batches_pending ON import_batches(created_by, status);

-- Rows arrive in file order, so the primary key only ever grows at its end (fast inserts).
CREATE TABLE import_rows (
    import_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    row_number INTEGER NOT NULL,        -- line in the file, header = 1
    dtks_id TEXT NOT NULL,
    kk_number TEXT,
    head_nik TEXT,
    head_name TEXT NOT NULL,
    address TEXT,
    region_code TEXT NOT NULL,
    kecamatan TEXT,
    desa TEXT,
    latitude REAL,
    longitude REAL,
    companion_id INTEGER,
    PRIMARY KEY (import_id, row_number)
) WITHOUT ROWID;

-- Invitations listed by state; look-ups by the token's hash use its UNIQUE index.
CREATE INDEX invitations_open ON invitations(used_at, revoked_at, expires_at);
