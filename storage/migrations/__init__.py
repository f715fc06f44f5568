"""Versioned schema migrations: `NNNN_name.sql` files in this folder (SQLite), and the same
numbered steps in `postgres/` (PostgreSQL's types: BIGINT ids and times, DOUBLE PRECISION, BYTEA,
identity columns, PL/pgSQL triggers), applied in order.

Each file runs in one transaction together with the row that records its version in
`schema_migrations`, so a crash never leaves a half-applied migration. Numbers may have gaps;
both folders hold the same numbers and names (a test says so): a new step is written for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from storage.database import Dialect

MIGRATIONS_DIR = Path(__file__).parent
FOLDERS = {Dialect.SQLITE: MIGRATIONS_DIR, Dialect.POSTGRES: MIGRATIONS_DIR / "postgres"}
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations(dialect: Dialect = Dialect.SQLITE) -> list[Migration]:
    found = []
    for path in FOLDERS[dialect].iterdir():
        match = _NAME.match(path.name)
        if match:
            found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    return sorted(found, key=lambda migration: migration.version)


def latest_version() -> int:
    """The newest schema this code knows."""
    return max((migration.version for migration in available_migrations()), default=0)


async def current_version(conn: aiosqlite.Connection) -> int:
    """The SQLite database's schema version (0 for a new file)."""
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
    )
    async with conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def apply_migrations(conn: aiosqlite.Connection, target: int | None = None) -> int:
    """Apply every migration newer than the SQLite database, up to `target`; return the new version."""
    current = await current_version(conn)
    for migration in available_migrations():
        if migration.version <= current or (target is not None and migration.version > target):
            continue
        record = f"INSERT INTO schema_migrations (version, name) VALUES ({migration.version}, '{migration.name}');"
        # executescript commits first; BEGIN/COMMIT make the file and its record one unit.
        try:
            await conn.executescript(f"BEGIN IMMEDIATE;\n{migration.sql}\n{record}\nCOMMIT;")
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        current = migration.version
    return current
