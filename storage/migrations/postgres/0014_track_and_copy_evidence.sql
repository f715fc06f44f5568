-- Evidence read from the whole track and from every photo of the province (PostgreSQL's version
-- of ../0014_track_and_copy_evidence.sql, which says why).

-- A row per flag and related report: the key (visit_id, flag) gives way to a unique index that
-- counts the related report in (PostgreSQL changes the key in place).
ALTER TABLE visit_flags DROP CONSTRAINT visit_flags_pkey;
CREATE UNIQUE INDEX visit_flags_key ON visit_flags(visit_id, flag, COALESCE(related_visit_id, 0));

-- Each of a photo's crop hashes (8 bytes little-endian each) under the quarter keys of 0008.
CREATE TABLE photo_copy_keys (
    key TEXT NOT NULL,
    hash BYTEA NOT NULL,
    photo_id BIGINT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    PRIMARY KEY (key, hash, photo_id)
);

CREATE FUNCTION photos_copy_keys() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO photo_copy_keys (key, hash, photo_id)
    SELECT q || encode(substr(NEW.crop_hashes, n * 8 + q * 2 + 1, 2), 'hex'), substr(NEW.crop_hashes, n * 8 + 1, 8),
        NEW.id
    FROM generate_series(0, length(NEW.crop_hashes) / 8 - 1) AS n, generate_series(0, 3) AS q
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER photos_copy_keys AFTER INSERT ON photos
    FOR EACH ROW WHEN (length(NEW.crop_hashes) >= 8) EXECUTE FUNCTION photos_copy_keys();

INSERT INTO photo_copy_keys (key, hash, photo_id)
SELECT q || encode(substr(photos.crop_hashes, n * 8 + q * 2 + 1, 2), 'hex'), substr(photos.crop_hashes, n * 8 + 1, 8),
    photos.id
FROM photos, generate_series(0, 63) AS n, generate_series(0, 3) AS q WHERE (n + 1) * 8 <= length(photos.crop_hashes)
ON CONFLICT DO NOTHING;
