-- Reused-photo look-up by quarter keys (PostgreSQL's version of ../0008_photo_hash_keys.sql,
-- which says why).
DROP TRIGGER photos_hash_bands ON photos;
DROP FUNCTION photos_hash_bands();
DROP TABLE photo_hash_bands;

CREATE TABLE photo_hash_keys (
    key TEXT NOT NULL,
    phash TEXT NOT NULL,
    photo_id BIGINT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    PRIMARY KEY (key, phash, photo_id)
);
CREATE INDEX photo_hash_keys_photo ON photo_hash_keys(photo_id);

CREATE FUNCTION photos_hash_keys() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO photo_hash_keys (key, phash, photo_id)
    SELECT n || lower(substr(NEW.phash, n * 4 + 1, 4)), lower(NEW.phash), NEW.id FROM generate_series(0, 3) AS n
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER photos_hash_keys AFTER INSERT ON photos
    FOR EACH ROW WHEN (length(NEW.phash) = 16) EXECUTE FUNCTION photos_hash_keys();

INSERT INTO photo_hash_keys (key, phash, photo_id)
SELECT n || lower(substr(photos.phash, n * 4 + 1, 4)), lower(photos.phash), photos.id
FROM photos, generate_series(0, 3) AS n WHERE length(photos.phash) = 16
ON CONFLICT DO NOTHING;
