"""SQLite: one file, one writer connection behind a lock, one reader, versioned migrations.

SQLite allows one writer at a time. All writes go through `transaction()`, which holds an
asyncio lock for the whole BEGIN IMMEDIATE … COMMIT so that coroutines never interleave their
statements in one transaction. Reads use a second connection: in WAL mode they see the last
committed state and never wait for the writer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import cast

import aiosqlite

from storage.database import (
    Database,
    DatabaseError,
    Dialect,
    IntegrityError,
    Params,
    Reader,
    Row,
    SqlFunctions,
    Transaction,
    WriteInterrupted,
    storage_problem,
)
from storage.migrations import apply_migrations, current_version, latest_version

log = logging.getLogger(__name__)


class _Connection(Transaction):
    """Statements on one aiosqlite connection, with SQLite's errors as the storage's own."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        try:
            # One round trip to the connection's thread (execute + fetch + close would be three).
            return cast(list[Row], list(await self.conn.execute_fetchall(sql, params)))
        except sqlite3.Error as error:
            raise _translated(error) from error

    async def execute(self, sql: str, params: Params = ()) -> int:
        try:
            cursor = await self.conn.execute(sql, params)
        except sqlite3.Error as error:
            raise _translated(error) from error
        return cursor.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        try:
            await self.conn.executemany(sql, rows)
        except sqlite3.Error as error:
            raise _translated(error) from error

    async def iterate(self, sql: str, params: Params = (), batch: int = 1000) -> AsyncIterator[Row]:
        async with self.conn.execute(sql, params) as cursor:
            while rows := await cursor.fetchmany(batch):
                for row in rows:
                    yield cast(Row, row)


def _translated(error: sqlite3.Error) -> Exception:
    if isinstance(error, sqlite3.IntegrityError):
        return IntegrityError(str(error))
    if isinstance(error, sqlite3.OperationalError) and "interrupted" in str(error):
        return WriteInterrupted(str(error))
    return error


class SqliteDatabase(Database):
    """Owns the connections to one SQLite file."""

    dialect = Dialect.SQLITE

    def __init__(self, path: Path | str, busy_timeout_ms: int = 5000) -> None:
        self.path = Path(path)
        self._busy_timeout_ms = busy_timeout_ms
        self._writer: _Connection | None = None
        self._reader: _Connection | None = None
        self._own_readers: list[aiosqlite.Connection] = []
        self._write_lock = asyncio.Lock()
        self._open_lock = asyncio.Lock()

    @property
    def location(self) -> str:
        return str(self.path)

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
                        f"database.url: cannot open {self.path} ({storage_problem(exc, self.path)})"
                    ) from None
                raise
            self._writer, self._reader = _Connection(writer), _Connection(reader)

    async def _migrate(self, writer: aiosqlite.Connection, migrate: bool) -> None:
        current, latest = await current_version(writer), latest_version()
        if current > latest:
            raise DatabaseError(
                f"database.url: {self.path} is at schema version {current}, newer than this release knows"
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
        async with self._write_lock:
            for connection in (self._reader, self._writer):
                if connection is not None:
                    await connection.conn.close()
            for conn in self._own_readers:
                await conn.close()
            self._writer = self._reader = None
            self._own_readers = []

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with self._write_lock:
            writer = self._require(self._writer)
            await writer.conn.execute("BEGIN IMMEDIATE")
            try:
                yield writer
            except BaseException:
                if writer.conn.in_transaction:  # an interrupted statement rolled it back already
                    await writer.conn.execute("ROLLBACK")
                raise
            await writer.conn.execute("COMMIT")

    async def execute(self, sql: str, params: Params = ()) -> int:
        # SQLite makes a lone statement its own transaction: no BEGIN/COMMIT round trips.
        async with self._write_lock:
            return await self._require(self._writer).execute(sql, params)

    async def interrupt_writes(self) -> None:
        if self._writer is not None:
            await self._writer.conn.interrupt()

    async def own_reader(self, functions: SqlFunctions | None = None) -> Reader:
        self._require(self._writer)
        conn = await self._connect()
        self._own_readers.append(conn)
        for name, (arguments, function) in (functions or {}).items():
            await conn.create_function(name, arguments, function, deterministic=True)
        return _Connection(conn)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return await self._require(self._reader).fetch_all(sql, params)

    def iterate(self, sql: str, params: Params = (), batch: int = 1000) -> AsyncIterator[Row]:
        return self._require(self._reader).iterate(sql, params, batch)

    async def backup(self, destination: Path) -> None:
        if not self.path.exists():
            raise DatabaseError(f"database.url: {self.path} does not exist")
        await asyncio.to_thread(backup_database, self.path, destination)

    async def refresh_statistics(self, tables: Sequence[str]) -> None:
        """Nothing: the repositories' SQLite queries are written for a planner without statistics
        (their index and join-order hints were chosen and measured so); ANALYZE, or PRAGMA
        optimize, which runs it on tables never analyzed, would change those plans unmeasured."""

    @staticmethod
    def _require(conn: _Connection | None) -> _Connection:
        if conn is None:
            raise RuntimeError("database is not open")
        return conn


async def _close_quietly(conn: aiosqlite.Connection | None) -> None:
    """Close a connection whose opening failed; closing may fail the same way (a full disk)."""
    if conn is not None:
        with contextlib.suppress(sqlite3.Error, OSError):
            await conn.close()


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
