"""How fast does a companion get their nearest households? (issue 4)

Loads the synthetic province into a fresh SQLite file, then asks for companions' nearest
households (one page of the report's list) from spots next to their own households, through
the bot's own code (bounding box on the indexed position, geodesic only for the closest).
The baseline, in the same run, is a geodesic scan over all of the companion's households;
every indexed answer is checked against it.

    python bench/nearest.py [--size 645000] [--queries 500] [--db-url postgresql://…]

Progress goes to stderr; the last stdout line is one JSON object: p50/p95 in ms of both,
and `ratio` = indexed p95 / brute-force p95; with `--db-url`, the same figures on PostgreSQL
under "postgres" (the same province copied there, the same spots) and `postgres_vs_sqlite_p95`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.postgres import add_db_url, copy_from_sqlite  # noqa: E402
from bench.synthetic import PROVINCE_HOUSEHOLDS, SyntheticProvince, populate  # noqa: E402
from bot.rules.nearby import nearest  # noqa: E402
from bot.rules.verdict import distance_m  # noqa: E402
from storage.engines import database_at  # noqa: E402
from storage.nearby import NearbyHouseholds  # noqa: E402

PAGE = 7  # one page of six households, plus one to know whether there is a next page
JITTER_DEG = 0.0003


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(db_url: Path | str, size: int, queries: int, checks: int) -> dict[str, float | int]:
    db = database_at(db_url)
    await db.open()
    try:
        # The same spots on both databases: every n-th household by id.
        spots = await db.fetch_all(
            "SELECT companion_id, latitude, longitude FROM households WHERE id % ? = 0 ORDER BY id LIMIT ?",
            (max(1, size // queries), queries),
        )
        rng = random.Random(4)
        repository = NearbyHouseholds(db)
        indexed_ms, brute_ms = [], []
        for number, spot in enumerate(spots):
            lat = spot["latitude"] + rng.uniform(-JITTER_DEG, JITTER_DEG)
            lon = spot["longitude"] + rng.uniform(-JITTER_DEG, JITTER_DEG)
            start = time.perf_counter()
            found = await nearest(repository, spot["companion_id"], lat, lon, PAGE)
            indexed_ms.append((time.perf_counter() - start) * 1000)
            if number < checks:
                start = time.perf_counter()
                rows = await db.fetch_all(
                    "SELECT id, latitude, longitude FROM households WHERE companion_id = ? AND active = 1"
                    " AND latitude IS NOT NULL",
                    (spot["companion_id"],),
                )
                brute = sorted((distance_m(lat, lon, r["latitude"], r["longitude"]), r["id"]) for r in rows)[:PAGE]
                brute_ms.append((time.perf_counter() - start) * 1000)
                if [item.household.id for item in found] != [household_id for _, household_id in brute]:
                    raise SystemExit(f"different answer for companion {spot['companion_id']} at {lat},{lon}")
            if number % 100 == 0:
                print(f"query {number}/{len(spots)}", file=sys.stderr)
    finally:
        await db.close()
    return {
        "households": size,
        "queries": len(indexed_ms),
        "checked_against_brute_force": len(brute_ms),
        "p50_ms": round(statistics.median(indexed_ms), 3),
        "p95_ms": round(percentile(indexed_ms, 0.95), 3),
        "brute_force_p50_ms": round(statistics.median(brute_ms), 3),
        "brute_force_p95_ms": round(percentile(brute_ms, 0.95), 3),
        "ratio": round(percentile(indexed_ms, 0.95) / percentile(brute_ms, 0.95), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=PROVINCE_HOUSEHOLDS)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--checks", type=int, default=60, help="queries also answered by brute force")
    add_db_url(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.db"
        started = time.perf_counter()
        populate(SyntheticProvince(args.size), db_path)
        print(f"populated {args.size} households in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        result: dict[str, object] = dict(asyncio.run(measure(db_path, args.size, args.queries, args.checks)))
        if args.db_url:
            copied = asyncio.run(copy_from_sqlite(db_path, args.db_url))
            print(f"copied to PostgreSQL in {copied:.1f} s", file=sys.stderr)
            postgres = asyncio.run(measure(args.db_url, args.size, args.queries, args.checks))
            result["postgres"] = postgres
            result["postgres_vs_sqlite_p95"] = round(float(postgres["p95_ms"]) / float(result["p95_ms"]), 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
