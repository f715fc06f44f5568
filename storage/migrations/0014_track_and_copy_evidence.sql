-- Evidence read from the whole track and from every photo of the province (issue 24).

-- A flag may name several other reports (one spot for several households names each of them):
-- a row per flag and related report. The key was (visit_id, flag); a table's key cannot change
-- in place, so the table is copied.
CREATE TABLE visit_flags_by_related (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    flag TEXT NOT NULL,
    detail TEXT,
    related_visit_id INTEGER REFERENCES visits(id)
);
INSERT INTO visit_flags_by_related (visit_id, flag, detail, related_visit_id)
SELECT visit_id, flag, detail, related_visit_id FROM visit_flags;
DROP TABLE visit_flags;
ALTER TABLE visit_flags_by_related RENAME TO visit_flags;
CREATE UNIQUE INDEX visit_flags_key ON visit_flags(visit_id, flag, IFNULL(related_visit_id, 0));
CREATE INDEX visit_flags_flag ON visit_flags(flag);

-- Mirrored, turned and cropped copies of any photo of the province, found without a scan: each
-- of a photo's crop hashes (0006, 8 bytes little-endian each) gets the quarter keys of 0008, so
-- a look-up probes 68 keys for each of a new photo's 8 turned hashes and finds every crop hash
-- at most 7 bits away (storage.photos_index). A key is the quarter's number and the hex of its
-- two bytes as stored; the hash is kept as its 8 bytes, for the check of the candidates.
-- About 1.3 KB a photo (52 rows). No index by photo: photos are never deleted, and one would
-- double that (a WITHOUT ROWID table's index repeats the whole key).
CREATE TABLE photo_copy_keys (
    key TEXT NOT NULL,
    hash BLOB NOT NULL,
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    PRIMARY KEY (key, hash, photo_id)
) WITHOUT ROWID;

CREATE TRIGGER photos_copy_keys AFTER INSERT ON photos WHEN length(NEW.crop_hashes) >= 8
BEGIN
    INSERT OR IGNORE INTO photo_copy_keys (key, hash, photo_id)
    WITH RECURSIVE
        crops(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM crops WHERE (n + 2) * 8 <= length(NEW.crop_hashes)),
        quarters(q) AS (SELECT 0 UNION ALL SELECT q + 1 FROM quarters WHERE q < 3)
    SELECT q || lower(hex(substr(NEW.crop_hashes, n * 8 + q * 2 + 1, 2))), substr(NEW.crop_hashes, n * 8 + 1, 8), NEW.id
    FROM crops, quarters;
END;

INSERT OR IGNORE INTO photo_copy_keys (key, hash, photo_id)
WITH RECURSIVE
    crops(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM crops WHERE n < 63),
    quarters(q) AS (SELECT 0 UNION ALL SELECT q + 1 FROM quarters WHERE q < 3)
SELECT q || lower(hex(substr(photos.crop_hashes, n * 8 + q * 2 + 1, 2))), substr(photos.crop_hashes, n * 8 + 1, 8),
    photos.id
FROM photos, crops, quarters WHERE (n + 1) * 8 <= length(photos.crop_hashes);
