-- Report evidence (PostgreSQL's version of ../0006_evidence.sql).
ALTER TABLE photos ADD COLUMN had_exif INTEGER CHECK (had_exif IN (0, 1));
ALTER TABLE photos ADD COLUMN crop_hashes BYTEA;
