"""`python -m bot migrate-to-postgres FILE URL`: a province's SQLite database copied into its
(empty) schema on a PostgreSQL server, and the copy verified.

The file is first brought to this release's schema (as the bot's start would, after a backup),
the target schema is built by the same numbered migrations, and every table is copied with
COPY in foreign-key order, in one transaction: a failed copy leaves the target empty, so it
can simply be run again, while a target that holds data is refused. The copied tables are
analyzed (the planner would otherwise take them for empty until autovacuum). Then each table's row
count and checksum (a sum of its rows' SHA-256, so the order rows come back in does not matter)
are computed on both sides and must agree; identity columns continue after the highest id.
"""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from storage.database import DatabaseError
from storage.engines import database_at
from storage.engines.postgres import PostgresDatabase

BATCH = 10_000
# Tables the target's migrations fill themselves, replaced by the file's rows.
_SEEDED = ("regions",)


@dataclass(frozen=True)
class CopiedTable:
    name: str
    rows: int
    checksum: str  # hex


@dataclass(frozen=True)
class TransferReport:
    location: str
    tables: list[CopiedTable]


async def copy_to_postgres(file: Path, url: str) -> TransferReport:
    """Copy `file` into the schema of its province on `url`; `DatabaseError` names what went wrong."""
    if not await asyncio.to_thread(file.is_file):
        raise DatabaseError(f"migrate-to-postgres: {file} is not a SQLite database file")
    source = database_at(file)
    await source.open()  # this release's schema (a backup is made first when it migrates)
    await source.close()
    with sqlite3.connect(f"file:{file}?mode=ro", uri=True) as sqlite:
        province = _province_of(sqlite)
        target = PostgresDatabase(url, province=province)
        await target.open()
        try:
            conn = await asyncpg.connect(dsn=url, server_settings={"search_path": target.schema})
        except (OSError, asyncpg.PostgresError) as error:
            raise DatabaseError(f"migrate-to-postgres: cannot connect ({type(error).__name__})") from None
        try:
            tables = _tables_in_order(sqlite)
            async with conn.transaction():
                await _refuse_data(conn, target.schema, tables)
                # The file's rows as they are: no trigger fills a table (e.g. the photos' hash
                # keys) that is copied itself; foreign keys are still checked.
                for table in tables:
                    await conn.execute(f"ALTER TABLE {target.schema}.{table} DISABLE TRIGGER USER")
                for table in tables:
                    await _copy(sqlite, conn, target.schema, table)
                for table in tables:
                    await conn.execute(f"ALTER TABLE {target.schema}.{table} ENABLE TRIGGER USER")
                await _continue_identities(conn, target.schema, tables)
            await target.refresh_statistics(tables)
            copied = [await _verify(sqlite, conn, target.schema, table) for table in tables]
        finally:
            await conn.close()
            await target.close()
    return TransferReport(target.location, copied)


def _province_of(sqlite: sqlite3.Connection) -> str:
    rows = sqlite.execute("SELECT code FROM regions WHERE kind = 'provinsi'").fetchall()
    if len(rows) != 1:
        raise DatabaseError("migrate-to-postgres: the file names no single province (regions of kind 'provinsi')")
    return str(rows[0][0])


def _tables_in_order(sqlite: sqlite3.Connection) -> list[str]:
    """The file's tables, each after the tables its foreign keys name."""
    names = [
        row[0]
        for row in sqlite.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            " AND name != 'schema_migrations' ORDER BY name"
        )
    ]
    needs = {name: {row[2] for row in sqlite.execute(f"PRAGMA foreign_key_list({name})")} - {name} for name in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [name for name in names if name not in ordered and needs[name] <= set(ordered)]
        if not ready:
            raise DatabaseError("migrate-to-postgres: the tables' foreign keys form a circle")
        ordered += ready
    return ordered


def _columns(sqlite: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in sqlite.execute(f"PRAGMA table_info({table})")]


def _key_order(sqlite: sqlite3.Connection, table: str) -> str:
    """Rows in key order, so that a row referring to an earlier one of its table (a region's
    parent, a person's inviter) comes after it."""
    keys = sorted((row[5], row[1]) for row in sqlite.execute(f"PRAGMA table_info({table})") if row[5])
    if table == "regions":
        return "parent_code IS NOT NULL, code"
    return ", ".join(name for _, name in keys) if keys else "rowid"


async def _refuse_data(conn: asyncpg.Connection, schema: str, tables: list[str]) -> None:
    for table in tables:
        if table in _SEEDED:
            continue
        if await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {schema}.{table})"):
            raise DatabaseError(
                f"migrate-to-postgres: {schema}.{table} already holds rows; the copy goes into an empty schema only"
                f" (drop it with DROP SCHEMA {schema} CASCADE to start over)"
            )


async def _copy(sqlite: sqlite3.Connection, conn: asyncpg.Connection, schema: str, table: str) -> None:
    columns = _columns(sqlite, table)
    if table in _SEEDED:
        await conn.execute(f"DELETE FROM {schema}.{table}")
    cursor = sqlite.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {_key_order(sqlite, table)}")
    try:
        while batch := cursor.fetchmany(BATCH):
            await conn.copy_records_to_table(table, records=batch, columns=columns, schema_name=schema)
    except (asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        raise DatabaseError(f"migrate-to-postgres: {table} could not be copied ({error}); nothing was kept") from None


async def _continue_identities(conn: asyncpg.Connection, schema: str, tables: list[str]) -> None:
    """Identity columns go on after the highest id copied (COPY gave the ids explicitly)."""
    for table in tables:
        identity = await conn.fetchval(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2"
            " AND is_identity = 'YES'",
            schema,
            table,
        )
        if identity:
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{schema}.{table}', '{identity}'),"
                f" COALESCE(MAX({identity}), 0) + 1, false) FROM {schema}.{table}"
            )


class _Digest:
    """How many rows, and the sum of their SHA-256 (mod 2^256): equal multisets of rows give
    equal sums in any order."""

    def __init__(self) -> None:
        self.rows = 0
        self._total = 0

    def add(self, row: Iterable[Any]) -> None:
        text = "\x1f".join(_canonical(value) for value in row)
        self._total = (self._total + int.from_bytes(hashlib.sha256(text.encode()).digest(), "big")) % (1 << 256)
        self.rows += 1

    @property
    def hex(self) -> str:
        return f"{self._total:064x}"


def _canonical(value: Any) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, float):
        return repr(value)
    return str(value)


async def _verify(sqlite: sqlite3.Connection, conn: asyncpg.Connection, schema: str, table: str) -> CopiedTable:
    columns = ", ".join(_columns(sqlite, table))
    expected, found = _Digest(), _Digest()
    for row in _batches(sqlite.execute(f"SELECT {columns} FROM {table}")):
        expected.add(row)
    async with conn.transaction(readonly=True):
        async for row in conn.cursor(f"SELECT {columns} FROM {schema}.{table}", prefetch=BATCH):
            found.add(row)
    if (found.rows, found.hex) != (expected.rows, expected.hex):
        raise DatabaseError(
            f"migrate-to-postgres: {table} differs after the copy ({expected.rows} rows in the file,"
            f" {found.rows} in {schema}); the copy is kept for inspection: drop the schema and run again"
        )
    return CopiedTable(table, expected.rows, expected.hex)


def _batches(cursor: sqlite3.Cursor) -> Iterator[Any]:
    while batch := cursor.fetchmany(BATCH):
        yield from batch
