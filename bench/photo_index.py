"""The reused-photo look-up with many stored photos (issue 11).

Stores `--photos` perceptual hashes (random 64-bit, one in ten a near copy of an earlier one,
as a re-sent picture would be) in a database migrated like the bot's, then times
`PhotoIndex.earlier_use` for pictures that are near copies (0–7 bits away) of stored ones and
for new ones, against the exact look-up by checksum (the `sha256` index) in the same run. While
the look-ups run, another task reads a household by id on the database's shared reader: its
p95 shows whether other reads wait behind the look-up. Every answer of a sample is checked
against a full scan of all stored hashes (numpy), which must give the same visit.

    python bench/photo_index.py [--photos 1000000] [--lookups 400] [--compare-0004]

`--compare-0004` also builds the eight 8-bit bands of migration 0004 (the look-up before
issue 11) and times their query on the same photos. Last stdout line: JSON with
`phash_p50_ms`, `phash_p95_ms`, `exact_p95_ms`, `ratio` (phash p95 / exact p95),
`other_read_p95_ms` (alone and during look-ups) and `mismatches` (must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage.database import Database  # noqa: E402
from storage.engines import database_at  # noqa: E402
from storage.photos_index import PhotoIndex  # noqa: E402

MAX_DISTANCE = 7
PHOTOS_PER_VISIT = 2


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def flip_bits(value: int, count: int, rng: random.Random) -> int:
    for bit in rng.sample(range(64), count):
        value ^= 1 << bit
    return value


def stored_hashes(count: int, rng: random.Random) -> list[int]:
    hashes: list[int] = []
    for index in range(count):
        if index > 10 and rng.random() < 0.1:
            hashes.append(flip_bits(hashes[rng.randrange(index)], rng.randint(0, 6), rng))
        else:
            hashes.append(rng.getrandbits(64))
    return hashes


def populate(path: Path, hashes: list[int]) -> None:
    """Photos straight into SQLite (the trigger of migration 0008 fills the keys)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")  # visits are not what is measured
    conn.execute("PRAGMA synchronous = OFF")
    rows = (
        (
            index // PHOTOS_PER_VISIT + 1,
            f"file-{index}",
            f"unique-{index}",
            f"photos/{index}.jpg",
            hashlib.sha256(str(index).encode()).hexdigest(),
            f"{value:016x}",
            100_000,
            0,
        )
        for index, value in enumerate(hashes)
    )
    with conn:
        conn.executemany(
            "INSERT INTO photos (visit_id, file_id, file_unique_id, path, sha256, phash, size_bytes, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    conn.close()


def build_0004_bands(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.executescript(
            "CREATE TABLE photo_hash_bands (photo_id INTEGER NOT NULL, band INTEGER NOT NULL, value TEXT NOT NULL,"
            " PRIMARY KEY (photo_id, band));"
            "CREATE INDEX photo_hash_bands_value ON photo_hash_bands(band, value);"
            "INSERT INTO photo_hash_bands (photo_id, band, value)"
            " WITH RECURSIVE bands(band) AS (SELECT 0 UNION ALL SELECT band + 1 FROM bands WHERE band < 7)"
            " SELECT photos.id, band, lower(substr(photos.phash, band * 2 + 1, 2)) FROM photos, bands;"
        )
    conn.close()


async def lookup_0004(db: Database, phash: str) -> int | None:
    """The look-up of migration 0004, as it was before issue 11."""
    bands = [(band, phash[band * 2 : band * 2 + 2]) for band in range(8)]
    candidates = await db.fetch_all(
        "SELECT DISTINCT p.visit_id, p.phash FROM photo_hash_bands b JOIN photos p ON p.id = b.photo_id"
        f" WHERE {' OR '.join('(b.band = ? AND b.value = ?)' for _ in bands)} ORDER BY p.visit_id",
        [value for pair in bands for value in pair],
    )
    for candidate in candidates:
        if (int(candidate["phash"], 16) ^ int(phash, 16)).bit_count() <= MAX_DISTANCE:
            return int(candidate["visit_id"])
    return None


def full_scan(stored: np.ndarray, phash: int) -> int | None:
    """The first visit with a hash at most MAX_DISTANCE bits away, by looking at every hash."""
    distances = np.bitwise_count(stored ^ np.uint64(phash))
    found = np.flatnonzero(distances <= MAX_DISTANCE)
    return None if found.size == 0 else int(found[0]) // PHOTOS_PER_VISIT + 1


async def measure(path: Path, hashes: list[int], lookups: int, compare: bool, rng: random.Random) -> dict[str, Any]:
    db = database_at(path)
    await db.open()
    index = PhotoIndex(db)
    queries = []
    for number in range(lookups):
        if number % 2:
            queries.append(rng.getrandbits(64))
        else:
            queries.append(flip_bits(hashes[rng.randrange(len(hashes))], rng.randint(0, MAX_DISTANCE), rng))
    timings: dict[str, list[float]] = {"phash": [], "exact": [], "other_alone": [], "other_during": [], "0004": []}
    answers: list[int | None] = []

    async def other_reads(into: list[float], stop: asyncio.Event) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            await db.fetch_one("SELECT * FROM photos WHERE id = ?", (rng.randrange(1, len(hashes)),))
            into.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.001)

    try:
        alone = asyncio.Event()
        reader = asyncio.create_task(other_reads(timings["other_alone"], alone))
        await asyncio.sleep(1)
        alone.set()
        await reader
        await index.earlier_use(file_unique_id="warm", sha256="warm", phash=f"{queries[0]:016x}", max_distance=7)
        during = asyncio.Event()
        reader = asyncio.create_task(other_reads(timings["other_during"], during))
        for query in queries:
            phash = f"{query:016x}"
            started = time.perf_counter()
            found = await index.earlier_use(
                file_unique_id="new", sha256=hashlib.sha256(phash.encode()).hexdigest(), phash=phash, max_distance=7
            )
            timings["phash"].append((time.perf_counter() - started) * 1000)
            answers.append(found.visit_id if found else None)
            started = time.perf_counter()
            await db.fetch_one("SELECT visit_id FROM photos WHERE sha256 = ? LIMIT 1", (phash,))
            timings["exact"].append((time.perf_counter() - started) * 1000)
        during.set()
        await reader
        if compare:
            for query in queries:
                started = time.perf_counter()
                await lookup_0004(db, f"{query:016x}")
                timings["0004"].append((time.perf_counter() - started) * 1000)
    finally:
        await db.close()
    stored = np.array(hashes, dtype=np.uint64)
    sample = range(0, len(queries), max(1, len(queries) // 100))
    mismatches = sum(1 for i in sample if full_scan(stored, queries[i]) != answers[i])
    result = {
        "photos": len(hashes),
        "lookups": len(queries),
        "found": sum(1 for answer in answers if answer is not None),
        "phash_p50_ms": round(statistics.median(timings["phash"]), 3),
        "phash_p95_ms": round(percentile(timings["phash"], 0.95), 3),
        "exact_p50_ms": round(statistics.median(timings["exact"]), 3),
        "exact_p95_ms": round(percentile(timings["exact"], 0.95), 3),
        "ratio": round(percentile(timings["phash"], 0.95) / percentile(timings["exact"], 0.95), 2),
        "other_read_p95_ms_alone": round(percentile(timings["other_alone"], 0.95), 3),
        "other_read_p95_ms_during": round(percentile(timings["other_during"], 0.95), 3),
        "checked_against_full_scan": len(sample),
        "mismatches": mismatches,
    }
    if compare:
        result["bands_0004_p50_ms"] = round(statistics.median(timings["0004"]), 3)
        result["bands_0004_p95_ms"] = round(percentile(timings["0004"], 0.95), 3)
    return result


async def migrate(path: Path) -> None:
    db = database_at(path)
    await db.open()
    await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=400)
    parser.add_argument("--compare-0004", action="store_true")
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "photos.db"
        asyncio.run(migrate(path))
        started = time.perf_counter()
        hashes = stored_hashes(args.photos, rng)
        populate(path, hashes)
        if args.compare_0004:
            build_0004_bands(path)
        print(f"stored {args.photos} photos in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        result = asyncio.run(measure(path, hashes, args.lookups, args.compare_0004, rng))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
