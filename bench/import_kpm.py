"""Benchmark: importing the province's households from a CSV, as an admin's upload would.

Writes a synthetic CSV (default 645,000 rows), then in the same run:
  1. imports it through the bot's own code (bot.files.household_import.dry_run + ImportRepository.apply:
     the same validation, staging and all-or-nothing apply the bot runs), into a fresh database;
  2. the baseline: reads the same CSV with csv.reader and inserts the rows with plain
     sqlite3.executemany into the same schema, in a fresh database;
  3. times look-ups by DTKS id, KK and name prefix on the imported register.

    python bench/import_kpm.py [--size N] [--lookups N] [--db-url postgresql://…]

Progress goes to stderr; the last stdout line is one JSON object. `ratio` is the bot's import
time divided by the baseline's (target: under 3). Peak memory is the process's maximum RSS,
measured before the baseline runs. With `--db-url`, step 1 and 3 run again on PostgreSQL
("postgres", and `postgres_vs_sqlite` = its import time / SQLite's).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.postgres import add_db_url, drop_province  # noqa: E402
from bench.synthetic import PROVINCE_HOUSEHOLDS, VISITS_START, SyntheticProvince, write_csv  # noqa: E402
from bot.config import ProvinceConfig  # noqa: E402
from bot.files.household_import import ImportRules, dry_run  # noqa: E402
from storage.clock import SystemClock  # noqa: E402
from storage.database import Database, Dialect  # noqa: E402
from storage.engines import database_at  # noqa: E402
from storage.imports import ImportRepository  # noqa: E402
from storage.people import PeopleRepository  # noqa: E402
from storage.registry_queries import RegistryQueries, Scope  # noqa: E402

ADMIN_ID = 1


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def create_database(url: Path | str, province: SyntheticProvince) -> None:
    """The bot's schema with one admin and the province's companions (the import resolves them)."""
    database = database_at(url)
    await database.open()
    async with database.transaction() as tx:
        await tx.execute(
            "INSERT INTO people (id, telegram_user_id, full_name, role, created_at, updated_at)"
            " VALUES (?, 1, 'Admin', 'admin', ?, ?)",
            (ADMIN_ID, VISITS_START, VISITS_START),
        )
        await tx.executemany(
            "INSERT INTO people (id, telegram_user_id, full_name, role, created_at, updated_at)"
            " VALUES (?, ?, ?, 'companion', ?, ?)",
            [(c.index + 2, c.telegram_user_id, c.full_name, VISITS_START, VISITS_START) for c in province.companions],
        )
        await tx.executemany(
            "INSERT INTO person_regions (person_id, region_code) VALUES (?, ?)",
            [(c.index + 2, c.region_code) for c in province.companions],
        )
    await database.close()


async def bot_import(db_url: Path | str, csv_path: Path, workdir: Path, lookups: int) -> dict[str, float]:
    database = database_at(db_url)
    await database.open()
    clock = SystemClock()
    imports, people, registry = (
        ImportRepository(database, clock),
        PeopleRepository(database, clock),
        RegistryQueries(database),
    )
    province = ProvinceConfig()
    regions = await registry.region_names()
    rules = ImportRules(
        province.code,
        province.box,
        frozenset(code for code in regions if code != province.code),
        tuple(await people.active_companions()),
    )
    started = time.perf_counter()
    result = await dry_run(
        csv_path, csv_path.name, "csv", rules, imports, admin_id=ADMIN_ID, lang="id", workdir=workdir
    )
    checked = time.perf_counter()
    log(f"dry run: {result.summary} in {checked - started:.1f} s")
    applied = await imports.apply(result.summary.import_id, ADMIN_ID)
    finished = time.perf_counter()
    assert applied is not None and applied.invalid == 0, applied
    log(f"applied in {finished - checked:.1f} s")
    figures = {
        "dry_run_s": checked - started,
        "apply_s": finished - checked,
        "import_s": finished - started,
        "new": applied.new,
        "invalid": applied.invalid,
        "peak_rss_mb": peak_rss_mb(),
    }
    again = time.perf_counter()
    rerun = await dry_run(csv_path, csv_path.name, "csv", rules, imports, admin_id=ADMIN_ID, lang="id", workdir=workdir)
    figures["reimport_dry_run_s"] = time.perf_counter() - again
    figures["reimport_unchanged"] = rerun.summary.unchanged
    await imports.discard(rerun.summary.import_id)
    figures.update(await time_lookups(database, registry, lookups))
    await database.close()
    return figures


async def postgres_import(
    url: str, province: SyntheticProvince, csv_path: Path, workdir: Path, lookups: int
) -> dict[str, float]:
    """Steps 1 and 3 again, into Banten's empty schema of the PostgreSQL database."""
    await drop_province(url)
    await create_database(url, province)
    return await bot_import(url, csv_path, workdir, lookups)


async def time_lookups(database: Database, registry: RegistryQueries, count: int) -> dict[str, float]:
    rows = await database.fetch_all(
        "SELECT dtks_id, kk_number, head_name, companion_id, region_code FROM households ORDER BY random() LIMIT ?",
        (count,),
    )
    figures: dict[str, float] = {}
    everything = Scope()
    for kind, queries in (
        ("dtks_id", [(r[0], everything) for r in rows]),
        ("kk", [(r[1], everything) for r in rows]),
        ("name_prefix", [(r[2][: random.randint(3, 8)], everything) for r in rows]),
        ("name_prefix_companion", [(r[2][: random.randint(3, 8)], Scope(companion_id=r[3])) for r in rows]),
        ("name_prefix_coordinator", [(r[2][: random.randint(3, 8)], Scope(region_codes=(r[4],))) for r in rows]),
    ):
        times = []
        for query, scope in queries:
            started = time.perf_counter()
            found = await registry.search(query, scope)
            times.append((time.perf_counter() - started) * 1000)
            assert found, query
        times.sort()
        figures[f"lookup_{kind}_median_ms"] = statistics.median(times)
        figures[f"lookup_{kind}_p95_ms"] = times[int(len(times) * 0.95) - 1]
    plan = (
        await database.fetch_all(
            "EXPLAIN QUERY PLAN SELECT * FROM households h WHERE h.head_name LIKE"
            " 'Siti%' ESCAPE '\\' ORDER BY h.head_name COLLATE NOCASE LIMIT 10"
        )
        if database.dialect is Dialect.SQLITE
        else []
    )
    log("name prefix plan: " + "; ".join(row[3] for row in plan))
    return figures


def baseline(db_path: Path, csv_path: Path, province: SyntheticProvince) -> float:
    """Plain csv.reader + sqlite3.executemany into the same schema, one transaction."""
    companions = {str(c.telegram_user_id): c.index + 2 for c in province.companions}
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    started = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8") as handle, conn:
        reader = csv.reader(handle)
        next(reader)
        conn.executemany(
            "INSERT INTO households (dtks_id, kk_number, head_nik, head_name, address, region_code, kecamatan,"
            " desa, latitude, longitude, coordinates_source, companion_id, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?)",
            (
                (
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    float(r[8]),
                    float(r[9]),
                    companions[r[10]],
                    VISITS_START,
                    VISITS_START,
                )
                for r in reader
            ),
        )
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=PROVINCE_HOUSEHOLDS)
    parser.add_argument("--lookups", type=int, default=500)
    add_db_url(parser)
    args = parser.parse_args()
    province = SyntheticProvince(args.size)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        work = Path(folder)
        log(f"writing {args.size} households as CSV…")
        csv_path = write_csv(province, work / "kpm.csv")
        log(f"CSV: {csv_path.stat().st_size / 1e6:.0f} MB")
        asyncio.run(create_database(work / "bot.db", province))
        asyncio.run(create_database(work / "baseline.db", province))
        figures = asyncio.run(bot_import(work / "bot.db", csv_path, work, args.lookups))
        log("baseline: csv.reader + executemany…")
        baseline_s = baseline(work / "baseline.db", csv_path, province)
        log(f"baseline in {baseline_s:.1f} s")
        if args.db_url:
            log("the bot's import again, into PostgreSQL…")
            postgres = asyncio.run(postgres_import(args.db_url, province, csv_path, work, args.lookups))
    figures.update(
        {
            "rows": args.size,
            "import_rows_per_s": args.size / figures["import_s"],
            "baseline_s": baseline_s,
            "baseline_rows_per_s": args.size / baseline_s,
            "ratio": figures["import_s"] / baseline_s,
        }
    )
    if args.db_url:
        figures["postgres"] = {
            key: round(value, 3) if isinstance(value, float) else value for key, value in postgres.items()
        }
        figures["postgres_vs_sqlite"] = postgres["import_s"] / figures["import_s"]
    print(json.dumps({key: round(value, 3) if isinstance(value, float) else value for key, value in figures.items()}))


if __name__ == "__main__":
    main()
