-- Visit report (PostgreSQL's version of ../0004_visit_report.sql; its band table is replaced
-- by 0008's quarter keys).

CREATE INDEX households_companion_position ON households(companion_id, active, latitude, longitude);

CREATE TABLE photo_hash_bands (
    photo_id BIGINT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    band INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (photo_id, band)
);
CREATE INDEX photo_hash_bands_value ON photo_hash_bands(band, value);

CREATE FUNCTION photos_hash_bands() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO photo_hash_bands (photo_id, band, value)
    SELECT NEW.id, band, lower(substr(NEW.phash, band * 2 + 1, 2)) FROM generate_series(0, 7) AS band;
    RETURN NULL;
END $$;
CREATE TRIGGER photos_hash_bands AFTER INSERT ON photos
    FOR EACH ROW WHEN (length(NEW.phash) = 16) EXECUTE FUNCTION photos_hash_bands();
