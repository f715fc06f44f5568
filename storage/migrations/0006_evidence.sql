-- Report evidence (issue 10).

-- Whether the picture carried EXIF data (only files do: Telegram strips it from photos).
ALTER TABLE photos ADD COLUMN had_exif INTEGER CHECK (had_exif IN (0, 1));
-- Perceptual hashes of the picture's centre crops (100 % down to 70 %), 8 bytes each: a later
-- copy that is cropped, mirrored or turned is found among them (bot/files/photo_analysis.py).
ALTER TABLE photos ADD COLUMN crop_hashes BLOB;
