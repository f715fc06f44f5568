"""`--db-url postgresql://…` for the benches: the same synthetic province measured on PostgreSQL
beside SQLite, in one run. The SQLite file a bench builds is copied with the bot's own
`migrate-to-postgres` (storage/transfer.py) into Banten's schema of that database, which is
dropped first: give the benches a database of their own.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import asyncpg

from storage.national import province_schema
from storage.transfer import copy_to_postgres

PROVINCE = "36"


def add_db_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db-url",
        default=None,
        help="also measure on this PostgreSQL database (its schema province_36 is dropped and rebuilt)",
    )


async def drop_province(url: str) -> None:
    """An empty start: the bench's province schema dropped (the bot's start builds it again)."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f"DROP SCHEMA IF EXISTS {province_schema(PROVINCE)} CASCADE")
    finally:
        await conn.close()


async def copy_from_sqlite(path: Path, url: str) -> float:
    """The SQLite file's rows in the PostgreSQL database; return the seconds the copy took."""
    await drop_province(url)
    started = time.perf_counter()
    await copy_to_postgres(path, url)
    return time.perf_counter() - started  # the copy analyzed the tables it filled
