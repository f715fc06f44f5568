-- Visit report (issue 4): what the report conversation looks up while the companion waits.

-- A companion's nearest households: a range scan on latitude within their own households.
CREATE INDEX households_companion_position ON households(companion_id, active, latitude, longitude);

-- Perceptual hashes cut into 8 bands of 8 bits: two hashes within 7 bits of each other share
-- at least one band exactly, so near-duplicates are found by index instead of a full scan.
CREATE TABLE photo_hash_bands (
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    band INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (photo_id, band)
);
CREATE INDEX photo_hash_bands_value ON photo_hash_bands(band, value);

CREATE TRIGGER photos_hash_bands AFTER INSERT ON photos WHEN length(NEW.phash) = 16
BEGIN
    INSERT INTO photo_hash_bands (photo_id, band, value)
    WITH RECURSIVE bands(band) AS (SELECT 0 UNION ALL SELECT band + 1 FROM bands WHERE band < 7)
    SELECT NEW.id, band, lower(substr(NEW.phash, band * 2 + 1, 2)) FROM bands;
END;

INSERT INTO photo_hash_bands (photo_id, band, value)
WITH RECURSIVE bands(band) AS (SELECT 0 UNION ALL SELECT band + 1 FROM bands WHERE band < 7)
SELECT photos.id, band, lower(substr(photos.phash, band * 2 + 1, 2))
FROM photos, bands WHERE length(photos.phash) = 16;
