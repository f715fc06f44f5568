"""Has this picture been used in a report before? Look-ups by Telegram's file id, checksum and
perceptual hash, and for a mirrored, turned or cropped copy of any photo of the province.
Perceptual hashes are found through the quarter keys of migration 0008, copies through those of
0014 (each photo's crop hashes), on a reader connection of the index's own, so that no other
read waits behind a look-up."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from storage.database import Database, placeholders

QUARTERS = 4
QUARTER_BITS = 16
HASH_HEX = QUARTERS * QUARTER_BITS // 4


@dataclass(frozen=True)
class PhotoReuse:
    visit_id: int
    # "file" (same Telegram file), "sha256" (same bytes), "phash" (same picture) or "copy" (a
    # mirrored, turned or cropped copy)
    reason: str
    distance: int = 0  # differing bits of the perceptual hashes


def hamming(first: str, second: str) -> int:
    """Differing bits of two hex hashes (a SQL function on the index's connection)."""
    return (int(first, 16) ^ int(second, 16)).bit_count()


def close_photos(packed: bytes, photo_ids: Sequence[int], variants: Sequence[int], max_distance: int) -> dict[int, int]:
    """Photo id → bits to the closest of a new photo's turned hashes, for the stored crop hashes
    (`packed`, 8 bytes each, little-endian, one per id) at most `max_distance` bits away."""
    import numpy as np  # as in bot.files.photo_analysis: loaded once photos are handled

    hashes = np.frombuffer(packed, dtype="<u8")
    distances = np.bitwise_count(hashes[:, None] ^ np.array(variants, dtype=np.uint64)[None, :]).min(axis=1)
    close: dict[int, int] = {}
    for index in np.flatnonzero(distances <= max_distance):
        photo_id, distance = photo_ids[int(index)], int(distances[index])
        close[photo_id] = min(distance, close.get(photo_id, distance))
    return close


def probe_keys(phash: str) -> list[str]:
    """The keys under which every stored hash at most 7 bits from `phash` has a row: each
    quarter as it is and with each one of its bits flipped."""
    keys = []
    for quarter in range(QUARTERS):
        value = int(phash[quarter * 4 : quarter * 4 + 4], 16)
        keys += [f"{quarter}{value ^ flip:04x}" for flip in (0, *(1 << bit for bit in range(QUARTER_BITS)))]
    return keys


class PhotoIndex:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._conn: aiosqlite.Connection | None = None
        self._opening = asyncio.Lock()

    async def _reader(self) -> aiosqlite.Connection:
        async with self._opening:
            if self._conn is None:
                conn = await self._db.own_reader()
                await conn.create_function("hamming", 2, hamming, deterministic=True)
                self._conn = conn
            return self._conn

    async def earlier_use(
        self, *, file_unique_id: str, sha256: str, phash: str | None, max_distance: int
    ) -> PhotoReuse | None:
        """The first stored visit with the same file, the same bytes or a perceptual hash at
        most `max_distance` bits away (at most 7: the keys find nothing farther for sure)."""
        conn = await self._reader()
        rows = await conn.execute_fetchall(
            "SELECT visit_id, file_unique_id = ? AS same_file FROM photos"
            " WHERE file_unique_id = ? OR sha256 = ? ORDER BY visit_id LIMIT 1",
            (file_unique_id, file_unique_id, sha256),
        )
        for row in rows:
            return PhotoReuse(row["visit_id"], "file" if row["same_file"] else "sha256")
        if phash is None or len(phash) != HASH_HEX:
            return None
        phash = phash.lower()
        keys = probe_keys(phash)
        rows = await conn.execute_fetchall(
            "SELECT p.visit_id, k.phash FROM photo_hash_keys k JOIN photos p ON p.id = k.photo_id"
            f" WHERE k.key IN ({placeholders(keys)}) AND hamming(k.phash, ?) <= ? ORDER BY p.visit_id LIMIT 1",
            [*keys, phash, max_distance],
        )
        for row in rows:
            return PhotoReuse(row["visit_id"], "phash", hamming(row["phash"], phash))
        return None

    async def copies(self, variants: Sequence[int], max_distance: int, limit: int = 1) -> list[PhotoReuse]:
        """The first `limit` stored visits with a photo of which one of the new photo's turned
        hashes (`variants`) is a cropped copy: a crop hash at most `max_distance` bits away (at
        most 7, as for `earlier_use`), each with its distance."""
        if not variants:
            return []
        # The keys are cut from the hashes' bytes as stored (little-endian), as migration 0014 cuts them.
        keys = sorted({key for value in variants for key in probe_keys(value.to_bytes(8, "little").hex())})
        conn = await self._reader()
        # The candidates come back as one row and are compared in one vectorised step: a row
        # each, or a SQL function called on each, cost two to ten times more.
        async with conn.execute(
            "SELECT group_concat(hex(hash), ''), group_concat(photo_id)"
            f" FROM photo_copy_keys WHERE key IN ({placeholders(keys)})",
            keys,
        ) as cursor:
            row = await cursor.fetchone()
        if row is None or row[0] is None:  # no candidate: the aggregate's row holds nulls
            return []
        packed, photo_ids = bytes.fromhex(row[0]), [int(number) for number in row[1].split(",")]
        distance_of = close_photos(packed, photo_ids, variants, max_distance)
        if not distance_of:
            return []
        rows = await conn.execute_fetchall(
            f"SELECT id, visit_id FROM photos WHERE id IN ({placeholders(distance_of)}) ORDER BY visit_id, id",
            list(distance_of),
        )
        best: dict[int, int] = {}
        for photo_id, visit_id in rows:
            best[visit_id] = min(distance_of[photo_id], best.get(visit_id, 64))
        return [PhotoReuse(visit_id, "copy", distance) for visit_id, distance in list(best.items())[:limit]]

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
