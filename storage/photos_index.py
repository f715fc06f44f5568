"""Has this picture been used in a report before? Lookups by Telegram's file id, checksum and
perceptual hash (through the hash bands of migration 0004)."""

from __future__ import annotations

from dataclasses import dataclass

from storage.database import Database, placeholders

BANDS = 8


@dataclass(frozen=True)
class PhotoReuse:
    visit_id: int
    # "file" (same Telegram file), "sha256" (same bytes), "phash" (same picture) or "copy" (a
    # mirrored, turned or cropped copy, see storage.photo_copies)
    reason: str
    distance: int = 0  # differing bits of the perceptual hashes


class PhotoIndex:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def earlier_use(
        self, *, file_unique_id: str, sha256: str, phash: str | None, max_distance: int
    ) -> PhotoReuse | None:
        """The first stored visit with the same file, the same bytes or a perceptual hash at
        most `max_distance` bits away (at most 7: the bands find nothing farther for sure)."""
        row = await self._db.fetch_one(
            "SELECT visit_id, file_unique_id = ? AS same_file FROM photos"
            " WHERE file_unique_id = ? OR sha256 = ? ORDER BY visit_id LIMIT 1",
            (file_unique_id, file_unique_id, sha256),
        )
        if row is not None:
            return PhotoReuse(row["visit_id"], "file" if row["same_file"] else "sha256")
        if phash is None or len(phash) != BANDS * 2:
            return None
        phash = phash.lower()
        bands = [(band, phash[band * 2 : band * 2 + 2]) for band in range(BANDS)]
        candidates = await self._db.fetch_all(
            "SELECT DISTINCT p.visit_id, p.phash FROM photo_hash_bands b JOIN photos p ON p.id = b.photo_id"
            f" WHERE {' OR '.join('(b.band = ? AND b.value = ?)' for _ in bands)} ORDER BY p.visit_id",
            [value for pair in bands for value in pair],
        )
        for candidate in candidates:
            distance = (int(candidate["phash"], 16) ^ int(phash, 16)).bit_count()
            if distance <= max_distance:
                return PhotoReuse(candidate["visit_id"], "phash", distance)
        return None

    async def stored_paths(self, paths: list[str]) -> set[str]:
        """Which of these files (photos or voice notes) belong to a stored report."""
        if not paths:
            return set()
        marks = placeholders(paths)
        rows = await self._db.fetch_all(
            f"SELECT path FROM photos WHERE path IN ({marks})"
            f" UNION SELECT voice_note_path FROM visits WHERE voice_note_path IN ({marks})",
            [*paths, *paths],
        )
        return {row[0] for row in rows}
