"""The database every repository talks to: SQLite (a file, the default) or PostgreSQL (a server
several provinces' bots share), chosen by `database.url`.

Repositories write one SQL text with `?` parameters wherever the two dialects agree; where they
differ, both versions stand side by side in a `Variants` and the database picks its own. All
writes go through `transaction()`, one at a time per bot (SQLite allows one writer; on
PostgreSQL the same order keeps every check-then-write of the repositories as safe as on
SQLite); reads never wait for the writer.

    db = database_at("data/jamsosratu.db")                                 # SQLite
    db = database_at("postgresql://bot@db.dinsos.go.id/jamsosratu", province="52")
    await db.open()
    async with db.transaction() as tx:
        visit_id = await tx.fetch_value("INSERT INTO visits (…) VALUES (?, …) RETURNING id", (…))
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

Params = Sequence[Any]
# Below this much free space a failed write is put down to a full disk.
FULL_DISK_BYTES = 1024 * 1024
# SQL functions SQLite lacks, written in Python (name -> (argument count, function)); PostgreSQL
# has its own SQL for them in the caller's `Variants`.
SqlFunctions = Mapping[str, tuple[int, Callable[..., Any]]]


class Row(Protocol):
    """A result row, read by column name or position (sqlite3.Row, asyncpg.Record)."""

    def __getitem__(self, key: int | str, /) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __len__(self) -> int: ...
    def keys(self) -> Iterable[str]: ...


class DatabaseError(Exception):
    """The database cannot be opened or migrated; the message is one line naming the key."""


class IntegrityError(Exception):
    """A write broke a constraint (unique, foreign key, check): nothing of it was stored."""


class WriteInterrupted(Exception):
    """`interrupt_writes` stopped the running write; its transaction was rolled back."""


class DatabaseUnavailable(Exception):
    """The database server cannot be reached right now (restarting, network): nothing of the
    statement was stored; the same call succeeds once the server is back."""


class Dialect(StrEnum):
    SQLITE = "sqlite"
    POSTGRES = "postgres"


@dataclass(frozen=True)
class Variants:
    """One piece of SQL where the dialects differ, both versions side by side."""

    sqlite: str
    postgres: str

    def __getitem__(self, dialect: Dialect) -> str:
        return self.sqlite if dialect is Dialect.SQLITE else self.postgres


class Reader(ABC):
    """Read-only queries."""

    @abstractmethod
    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]: ...

    @abstractmethod
    def iterate(self, sql: str, params: Params = (), batch: int = 1000) -> AsyncIterator[Row]:
        """Stream rows without loading the whole result (exports, the dashboard's index)."""

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query that selects one row (by key, or with LIMIT 1)."""
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]


class Transaction(Reader):
    """The statements of one write transaction (reads in it see its own writes)."""

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return how many rows it changed."""

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Params]) -> None: ...


def is_postgres_url(url: Path | str) -> bool:
    return str(url).startswith(("postgresql://", "postgres://"))


class Database(Reader):
    """The connections of one bot to its database."""

    dialect: Dialect
    # How often the database became unreachable (PostgreSQL): the bot tells each user once per outage.
    outages = 0
    _unreachable = False

    def _went_away(self) -> None:
        if not self._unreachable:
            self._unreachable = True
            self.outages += 1

    def _answered(self) -> None:
        self._unreachable = False

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the data lives, fit for a log or an error (a URL without its password)."""

    @abstractmethod
    async def open(self, *, migrate: bool = True) -> None:
        """Connect and apply migrations. A schema newer than this code is refused with a
        `DatabaseError`. Safe to call twice."""

    @abstractmethod
    async def close(self) -> None:
        """Wait for the running transaction, then close every connection."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """Run the block as one write transaction: committed on success, rolled back on error."""

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement as its own transaction; return how many rows it changed."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    @abstractmethod
    async def own_reader(self, functions: SqlFunctions | None = None) -> Reader:
        """A reader of its own, for look-ups that no other read should wait behind; closed
        with the database."""

    @abstractmethod
    async def interrupt_writes(self) -> None:
        """Abort the write statement running now (its transaction rolls back, and it raises
        `WriteInterrupted`), for a stop that cannot wait for it."""

    @abstractmethod
    async def backup(self, destination: Path) -> None:
        """Write a consistent copy of the live database to `destination`."""

    @abstractmethod
    async def refresh_statistics(self, tables: Sequence[str]) -> None:
        """Tell the query planner what a bulk write (an import, a copy) changed in `tables`."""

    async def schema_version(self) -> int:
        return int(await self.fetch_value("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))


def storage_problem(exc: OSError | sqlite3.Error, path: Path) -> str:
    """What went wrong with a file (a SQLite database, a backup), in words: SQLite says "disk I/O
    error" when the disk is full, so the free space of the disk is named when it is (nearly) gone."""
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


def storage_full(error: BaseException) -> bool:
    """Whether `error` is the disk (or the database's page limit) refusing more data: SQLite's
    "database or disk is full", PostgreSQL's disk_full (SQLSTATE 53100), or a file that could not
    be written for want of space."""
    if isinstance(error, sqlite3.Error):
        return (getattr(error, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_FULL
    if getattr(error, "sqlstate", None) == "53100":
        return True
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def placeholders(values: Iterable[Any]) -> str:
    """`?, ?, ?` for an IN (…) list."""
    return ", ".join("?" for _ in values)


# A visit's flags (of the visit aliased `v`) as one text: `flag` or `flag:<related visit id>`,
# comma-joined; `bot.rules.wording` reads it.
FLAG_ITEMS = Variants(
    sqlite="(SELECT group_concat(f.flag || COALESCE(':' || f.related_visit_id, ''), ',')"
    " FROM visit_flags f WHERE f.visit_id = v.id)",
    postgres="(SELECT string_agg(f.flag || COALESCE(':' || f.related_visit_id, ''), ',')"
    " FROM visit_flags f WHERE f.visit_id = v.id)",
)
