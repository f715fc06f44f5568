"""The SQLite database: one writer connection behind a lock, one reader, versioned migrations.

SQLite allows one writer at a time. All writes go through `transaction()`, which holds an
asyncio lock for the whole BEGIN IMMEDIATE … COMMIT so that coroutines never interleave their
statements in one transaction. Reads use a second connection: in WAL mode they see the last
committed state and never wait for the writer.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import shutil
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage.migrations import apply_migrations, current_version, latest_version

Row = sqlite3.Row
log = logging.getLogger(__name__)
# Below this much free space a failed write is put down to a full disk.
FULL_DISK_BYTES = 1024 * 1024


class DatabaseError(Exception):
    """The database file cannot be opened or migrated."""


class Database:
    """Owns the connections to one SQLite file."""

    def __init__(self, path: Path | str, busy_timeout_ms: int = 5000) -> None:
        self.path = Path(path)
        self._busy_timeout_ms = busy_timeout_ms
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._own_readers: list[aiosqlite.Connection] = []
        self._write_lock = asyncio.Lock()
        self._open_lock = asyncio.Lock()

    async def open(self, *, migrate: bool = True) -> None:
        """Create the file and its folder if needed and apply migrations (after a backup, when the
        database holds data). A schema newer than this code is refused. Safe to call twice."""
        async with self._open_lock:
            if self._writer is not None:
                return
            writer: aiosqlite.Connection | None = None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                writer = await self._connect()
                await self._migrate(writer, migrate)
                reader = await self._connect()
            except BaseException as exc:
                # A connection's thread left open would keep the process from exiting.
                await _close_quietly(writer)
                if isinstance(exc, (OSError, sqlite3.Error)):
                    raise DatabaseError(
                        f"database.path: cannot open {self.path} ({storage_problem(exc, self.path)})"
                    ) from None
                raise
            self._writer, self._reader = writer, reader

    async def _migrate(self, writer: aiosqlite.Connection, migrate: bool) -> None:
        current, latest = await current_version(writer), latest_version()
        if current > latest:
            raise DatabaseError(
                f"database.path: {self.path} is at schema version {current}, newer than this release knows"
                f" ({latest}); run the newer release, or restore the backup made before the upgrade"
            )
        if not migrate or current == latest:
            return
        if current > 0 and await _holds_data(writer):
            copy = self.path.with_name(f"{self.path.name}.before-v{latest:04d}-{int(time.time())}.bak")
            await asyncio.to_thread(backup_database, self.path, copy)
            log.info("database backed up before migrating", extra={"backup": str(copy), "from": current, "to": latest})
        await apply_migrations(writer)

    async def _connect(self) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            await conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
            await conn.execute("PRAGMA journal_mode = WAL")  # fails on a full disk (its -shm file)
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            await _close_quietly(conn)
            raise
        return conn

    async def close(self) -> None:
        """Wait for the running transaction, then close both connections."""
        async with self._write_lock:
            for conn in (*self._own_readers, self._reader, self._writer):
                if conn is not None:
                    await conn.close()
            self._writer = self._reader = None
            self._own_readers = []

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run the block as one write transaction: committed on success, rolled back on error."""
        async with self._write_lock:
            conn = self._require(self._writer)
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # an interrupted statement rolled it back already
                    await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")

    async def interrupt_writes(self) -> None:
        """Abort the write statement running now (its transaction rolls back), for a stop that
        cannot wait for it."""
        if self._writer is not None:
            await self._writer.interrupt()

    async def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one write statement (SQLite makes it its own transaction); return the last row id."""
        async with self._write_lock:
            cursor = await self._require(self._writer).execute(sql, params)
            return cursor.lastrowid or 0

    async def own_reader(self) -> aiosqlite.Connection:
        """A reader connection (and thread) of its own, for look-ups that no other read should
        wait behind; closed with the database."""
        self._require(self._writer)
        conn = await self._connect()
        self._own_readers.append(conn)
        return conn

    async def fetch_all(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        # One round trip to the connection's thread (execute + fetch + close would be three).
        return list(await self._require(self._reader).execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        """The first row of a query that selects one row (by key, or with LIMIT 1)."""
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_value(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def iterate(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = (), batch: int = 1000
    ) -> AsyncIterator[Row]:
        """Stream rows without loading the whole result (exports)."""
        conn = self._require(self._reader)
        async with conn.execute(sql, params) as cursor:
            while rows := await cursor.fetchmany(batch):
                for row in rows:
                    yield row

    async def schema_version(self) -> int:
        return int(await self.fetch_value("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))

    @staticmethod
    def _require(conn: aiosqlite.Connection | None) -> aiosqlite.Connection:
        if conn is None:
            raise RuntimeError("database is not open")
        return conn


async def _close_quietly(conn: aiosqlite.Connection | None) -> None:
    """Close a connection whose opening failed; closing may fail the same way (a full disk)."""
    if conn is not None:
        with contextlib.suppress(sqlite3.Error, OSError):
            await conn.close()


def storage_problem(exc: OSError | sqlite3.Error, path: Path) -> str:
    """What went wrong with a database file, in words: SQLite says "disk I/O error" when the disk
    is full, so the free space of the disk is named when it is (nearly) gone."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return str(exc)
    if free < FULL_DISK_BYTES:
        return f"{exc}; the disk is full: {free // 1024} KB free"
    return str(exc)


async def _holds_data(conn: aiosqlite.Connection) -> bool:
    async with conn.execute(
        "SELECT EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM households) OR EXISTS (SELECT 1 FROM visits)"
    ) as cursor:
        row = await cursor.fetchone()
    return bool(row and row[0])


def backup_database(source: Path, destination: Path) -> None:
    """Write a consistent copy of a live database with SQLite's online backup API, into a file
    beside `destination` renamed over it once whole: a failed copy (a full disk) leaves no half
    file that looks like a backup, and the copy it would have replaced stays."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)  # left by a copy that was killed
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst, pages=1024)
        finally:
            dst.close()
        partial.replace(destination)
    finally:
        src.close()
        for leftover in (partial, partial.with_name(f"{partial.name}-journal")):
            leftover.unlink(missing_ok=True)


def storage_full(error: BaseException) -> bool:
    """Whether `error` is the disk (or the database's page limit) refusing more data: SQLite's
    "database or disk is full", or a file that could not be written for want of space."""
    if isinstance(error, sqlite3.Error):
        return (getattr(error, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_FULL
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def placeholders(values: Iterable[Any]) -> str:
    """`?, ?, ?` for an IN (…) list."""
    return ", ".join("?" for _ in values)


# A visit's flags (of the visit aliased `v`) as one text: `flag` or `flag:<related visit id>`,
# comma-joined; `bot.rules.wording` reads it.
FLAG_ITEMS = (
    "(SELECT group_concat(f.flag || COALESCE(':' || f.related_visit_id, ''), ',')"
    " FROM visit_flags f WHERE f.visit_id = v.id)"
)
