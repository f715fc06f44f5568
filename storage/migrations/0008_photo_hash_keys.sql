-- Reused-photo look-up that does not scan (issue 11). The eight 8-bit bands of 0004 matched
-- 1/256 of all photos per band: 31,000 candidates at a million photos, 139 ms.
--
-- A 64-bit perceptual hash is cut into four 16-bit quarters. Two hashes at most 7 bits apart
-- differ in at most one bit in one of the quarters (four quarters with two or more would be
-- 8 bits), so a look-up probes each quarter's value and its 16 one-bit neighbours: 68 keys,
-- each matching 1/65,536 of the stored hashes (about 1,000 candidates at a million photos).
-- The key is the quarter's number and its four hex digits ('2c3f0'). A row holds the whole
-- hash, so candidates are checked without reading the photo, and a photo may have several
-- hashes (its mirrored or rotated forms): one row per key of each.
DROP TRIGGER photos_hash_bands;
DROP TABLE photo_hash_bands;

CREATE TABLE photo_hash_keys (
    key TEXT NOT NULL,
    phash TEXT NOT NULL,  -- lower-case hex
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    PRIMARY KEY (key, phash, photo_id)
) WITHOUT ROWID;
CREATE INDEX photo_hash_keys_photo ON photo_hash_keys(photo_id);

CREATE TRIGGER photos_hash_keys AFTER INSERT ON photos WHEN length(NEW.phash) = 16
BEGIN
    INSERT OR IGNORE INTO photo_hash_keys (key, phash, photo_id)
    WITH RECURSIVE quarters(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM quarters WHERE n < 3)
    SELECT n || lower(substr(NEW.phash, n * 4 + 1, 4)), lower(NEW.phash), NEW.id FROM quarters;
END;

INSERT OR IGNORE INTO photo_hash_keys (key, phash, photo_id)
WITH RECURSIVE quarters(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM quarters WHERE n < 3)
SELECT n || lower(substr(photos.phash, n * 4 + 1, 4)), lower(photos.phash), photos.id
FROM photos, quarters WHERE length(photos.phash) = 16;
