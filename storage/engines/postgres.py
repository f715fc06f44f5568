"""PostgreSQL: the shared store of several provinces' bots, through asyncpg.

Each province's tables live in a schema of their own (`province_36`, `province_52`, …): every
connection of a bot runs with `search_path` set to its province's schema, so every query of
every repository is scoped to the province without a WHERE clause that could be forgotten,
and two bots on one database never see each other's rows. The same numbered migrations as on
SQLite build each schema (`storage/migrations/postgres/`); `national.provinces` lists the
provinces, which the national digest reads across (`storage/national.py`).

asyncpg rather than psycopg 3: it speaks asyncio and PostgreSQL's binary protocol itself
(no libpq), keeps every statement prepared per connection (the bot repeats ~200 texts), and its
`Record` reads like `sqlite3.Row` (by name and position, `dict(row)`), so the repositories read
rows the same way on both databases. Its `$1` parameters are numbered from the repositories'
`?` once per SQL text.

Writes keep SQLite's order: one transaction at a time per bot, on one connection (the
repositories' check-then-write steps rely on it, and one province is one bot); reads come from
a small pool. A connection the server dropped (restart, network) fails its statement with
`DatabaseUnavailable` (nothing half-stored: the server rolls the transaction back) and is
replaced at the next use, so the bot resumes by itself once the server is back.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import time
from collections.abc import AsyncIterator, Awaitable, Iterable, Sequence
from contextlib import asynccontextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import SplitResult, unquote, urlsplit

import asyncpg

from storage.database import (
    Database,
    DatabaseError,
    DatabaseUnavailable,
    Dialect,
    IntegrityError,
    Params,
    Reader,
    Row,
    SqlFunctions,
    Transaction,
    WriteInterrupted,
)
from storage.migrations import Migration, available_migrations, latest_version
from storage.national import REGISTRY, province_schema

log = logging.getLogger(__name__)
T = TypeVar("T")

CONNECT_TIMEOUT_S = 10
READERS = 4
# Prepared statements kept per connection: the bot's repositories hold about 200 texts.
STATEMENT_CACHE = 1024
# One bot at a time creates or migrates a schema.
MIGRATION_LOCK = 0x6A616D73  # "jams"

_SCHEMA_MIGRATIONS = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"
)


@lru_cache(maxsize=4096)
def numbered(sql: str) -> str:
    """The `?` parameters of `sql` as PostgreSQL's `$1, $2, …` (none inside quotes or comments)."""
    out: list[str] = []
    count = 0
    for token in re.split(r"('(?:[^']|'')*'|\"[^\"]*\"|--[^\n]*|\?)", sql):
        if token == "?":
            count += 1
            out.append(f"${count}")
        else:
            out.append(token)
    return "".join(out)


def _translated(error: BaseException) -> BaseException:
    """asyncpg's errors as the storage's own."""
    if isinstance(error, asyncpg.IntegrityConstraintViolationError):
        return IntegrityError(str(error))
    if isinstance(error, asyncpg.QueryCanceledError):
        return WriteInterrupted(str(error))
    if _is_outage(error):
        return DatabaseUnavailable(str(error) or type(error).__name__)
    return error


def _is_outage(error: BaseException) -> bool:
    return isinstance(error, asyncpg.PostgresConnectionError | asyncpg.OperatorInterventionError | OSError) or (
        isinstance(error, asyncpg.InterfaceError) and "closed" in str(error)
    )


class _Connection(Transaction):
    """Statements on one asyncpg connection."""

    def __init__(self, conn: asyncpg.Connection, db: PostgresDatabase) -> None:
        self.conn = conn
        self._guarded = db.guarded

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return cast(list[Row], await self._guarded(self.conn.fetch(numbered(sql), *params)))

    async def execute(self, sql: str, params: Params = ()) -> int:
        status = await self._guarded(self.conn.execute(numbered(sql), *params))
        # "UPDATE 3", "INSERT 0 1", "DELETE 0": the last word counts the rows.
        last = str(status).rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._guarded(self.conn.executemany(numbered(sql), list(rows)))

    async def iterate(self, sql: str, params: Params = (), batch: int = 1000) -> AsyncIterator[Row]:
        async for row in self.conn.cursor(numbered(sql), *params, prefetch=batch):  # within the transaction
            yield cast(Row, row)


class PostgresDatabase(Database):
    """Owns one province's connections to a PostgreSQL database."""

    dialect = Dialect.POSTGRES

    def __init__(self, url: Path | str, *, province: str, backup_dir: Path | None = None) -> None:
        self.url = str(url)
        self.province = province
        self.schema = province_schema(province)
        self.backup_dir = backup_dir
        self._parts = _parse(self.url)
        self._writer: asyncpg.Pool | None = None
        self._readers: asyncpg.Pool | None = None
        self._writer_pid: int | None = None
        self._write_lock = asyncio.Lock()
        self._open_lock = asyncio.Lock()

    @property
    def location(self) -> str:
        return f"{_without_password(self._parts)} (schema {self.schema})"

    def _connect_options(self) -> dict[str, Any]:
        return {
            "dsn": self.url,
            "timeout": CONNECT_TIMEOUT_S,
            "statement_cache_size": STATEMENT_CACHE,
            "server_settings": {
                "search_path": self.schema,
                "application_name": f"jamsosratu-{self.province}",
                # No JIT compilation: the bot's statements are short or read what indexes find, and
                # compiling cost more than it saved (the national digest's query of 38 branches took
                # 2.4 s to compile each time: at 10 million households 12.4 s with JIT, 7.5 s without).
                "jit": "off",
            },
        }

    async def open(self, *, migrate: bool = True) -> None:
        async with self._open_lock:
            if self._writer is not None:
                return
            conn = await self._first_connection()
            try:
                await self._migrate(conn, migrate)
            except (asyncpg.PostgresError, OSError) as error:
                raise DatabaseError(f"database.url: cannot prepare schema {self.schema} ({error})") from None
            finally:
                await conn.close()
            options = self._connect_options()
            self._writer = await asyncpg.create_pool(**options, min_size=1, max_size=1)
            self._readers = await asyncpg.create_pool(**options, min_size=1, max_size=READERS)

    async def _first_connection(self) -> asyncpg.Connection:
        """Connect once, turning what can go wrong into one line naming the key (never the password)."""
        where = f"{self._parts.hostname or 'localhost'}:{self._parts.port or 5432}"
        user = unquote(self._parts.username or "") or os.environ.get("PGUSER") or "(default user)"
        name = unquote(self._parts.path.lstrip("/")) or user
        try:
            return await asyncpg.connect(**self._connect_options())
        except asyncpg.InvalidPasswordError:
            raise DatabaseError(f"database.url: the server at {where} refused the password of user {user}") from None
        except asyncpg.InvalidAuthorizationSpecificationError as error:
            raise DatabaseError(f"database.url: the server at {where} refused user {user} ({error})") from None
        except asyncpg.InvalidCatalogNameError:
            raise DatabaseError(f"database.url: there is no database {name} on the server at {where}") from None
        except (OSError, asyncpg.PostgresConnectionError, asyncpg.CannotConnectNowError) as error:
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            raise DatabaseError(f"database.url: cannot reach the PostgreSQL server at {where} ({reason})") from None
        except (asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as error:
            raise DatabaseError(f"database.url: cannot connect to {where} ({error})") from None

    async def _migrate(self, conn: asyncpg.Connection, migrate: bool) -> None:
        await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
        try:
            await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {self.schema}")
            await conn.execute(_SCHEMA_MIGRATIONS)
            current = int(await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
            latest = latest_version()
            if current > latest:
                raise DatabaseError(
                    f"database.url: schema {self.schema} is at version {current}, newer than this release knows"
                    f" ({latest}); run the newer release, or restore the backup made before the upgrade"
                )
            if not migrate:
                return
            if current < latest:
                if current > 0 and await _holds_data(conn):
                    await self._backup_before_migrating(current, latest)
                await apply_postgres_migrations(conn, current)
            await conn.execute(REGISTRY)  # the national digest reads every province listed
            await conn.execute(
                "INSERT INTO national.provinces (code) VALUES ($1) ON CONFLICT (code) DO NOTHING", self.province
            )
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)

    async def _backup_before_migrating(self, current: int, latest: int) -> None:
        """pg_dump of the schema as it is, as SQLite copies its file: what to restore if the
        upgrade must be undone. Without pg_dump (or a folder for it) nothing is migrated."""
        step = f"to back up schema {self.schema} before migrating it from version {current} to {latest}"
        if self.backup_dir is None:
            raise DatabaseError(f"database.backup_dir: no folder given {step}")
        if shutil.which("pg_dump") is None:
            raise DatabaseError(
                f"database.url: pg_dump is not installed (Debian: apt install postgresql-client), needed {step}"
            )
        copy = self.backup_dir / f"{self.schema}.before-v{latest:04d}-{int(time.time())}.dump"
        await self.backup(copy)
        log.info("database backed up before migrating", extra={"backup": str(copy), "from": current, "to": latest})

    async def close(self) -> None:
        async with self._write_lock:
            for pool in (self._readers, self._writer):
                if pool is not None:
                    await pool.close()
            self._writer = self._readers = None

    async def guarded(self, step: Awaitable[T], *, retried: bool = False) -> T:
        """The result of one step on a connection, with asyncpg's errors as the storage's own;
        notes when the server went away (unless the step will be `retried`) and when it answers
        again."""
        try:
            result = await step
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as error:
            translated = _translated(error)
            if isinstance(translated, DatabaseUnavailable) and not retried:
                self._went_away()
            raise translated from error
        self._answered()
        return result

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with self._write_lock:
            pool = self._require(self._writer)
            conn, tx = await self._begin(pool)
            try:
                self._writer_pid = conn.get_server_pid()
                try:
                    yield _Connection(conn, self)
                except BaseException:
                    self._writer_pid = None
                    with suppress(asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
                        await tx.rollback()  # a dropped connection rolled it back already
                    raise
                self._writer_pid = None
                await self.guarded(tx.commit())
            finally:
                await pool.release(conn)

    async def _begin(self, pool: asyncpg.Pool) -> tuple[asyncpg.Connection, Any]:
        """A writer connection in a new transaction. A connection the server dropped while it
        was idle (a restart) fails at BEGIN, before anything was written: one new try."""
        for attempt in (1, 2):
            conn = await self.guarded(pool.acquire())
            tx = conn.transaction()
            try:
                await self.guarded(tx.start(), retried=attempt == 1)
            except DatabaseUnavailable:
                await pool.release(conn)
                if attempt == 2:
                    raise
                continue
            return conn, tx
        raise AssertionError("unreachable")

    async def interrupt_writes(self) -> None:
        if self._writer_pid is not None and self._readers is not None:
            await self._readers.execute("SELECT pg_cancel_backend($1)", self._writer_pid)

    async def own_reader(self, functions: SqlFunctions | None = None) -> Reader:
        # The pool already serves reads side by side.
        self._require(self._readers)
        return self

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        pool = self._require(self._readers)
        text = numbered(sql)
        try:
            return cast(list[Row], await self.guarded(pool.fetch(text, *params), retried=True))
        except DatabaseUnavailable:
            # The pooled connection may have been dropped by a server that is back now: one new try.
            return cast(list[Row], await self.guarded(pool.fetch(text, *params)))

    async def iterate(self, sql: str, params: Params = (), batch: int = 1000) -> AsyncIterator[Row]:
        pool = self._require(self._readers)
        async with pool.acquire() as conn, conn.transaction(readonly=True):
            async for row in conn.cursor(numbered(sql), *params, prefetch=batch):
                yield cast(Row, row)

    async def backup(self, destination: Path) -> None:
        """pg_dump of the province's schema, in its custom format (`pg_restore` reads it)."""
        if shutil.which("pg_dump") is None:
            raise DatabaseError("database.url: pg_dump is not installed (Debian: apt install postgresql-client)")
        destination.parent.mkdir(parents=True, exist_ok=True)
        environment = {**os.environ}
        if self._parts.password:
            environment["PGPASSWORD"] = unquote(self._parts.password)  # never on the command line
        process = await asyncio.create_subprocess_exec(
            "pg_dump",
            "--format=custom",
            f"--schema={self.schema}",
            f"--file={destination}",
            f"--dbname={_without_password(self._parts)}",
            env=environment,
            stderr=asyncio.subprocess.PIPE,
        )
        _, error = await process.communicate()
        if process.returncode != 0:
            first = (error.decode(errors="replace").strip().splitlines() or ["failed"])[0]
            raise DatabaseError(f"database.url: pg_dump failed ({first})")

    async def refresh_statistics(self, tables: Sequence[str]) -> None:
        """ANALYZE the tables: the planner knows nothing of rows written since autovacuum last
        looked (after an import of 645,000 households it would plan for an empty register until
        then). A server gone meanwhile only postpones it to autovacuum: the write is stored."""
        names = ", ".join(_identifier(table) for table in tables)
        try:
            await self.guarded(self._require(self._readers).execute(f"ANALYZE {names}"))
        except (DatabaseUnavailable, asyncpg.PostgresError) as error:
            log.warning("statistics not refreshed", extra={"tables": list(tables), "error": type(error).__name__})

    @staticmethod
    def _require(pool: asyncpg.Pool | None) -> asyncpg.Pool:
        if pool is None:
            raise RuntimeError("database is not open")
        return pool


async def apply_postgres_migrations(conn: asyncpg.Connection, current: int, target: int | None = None) -> int:
    """Apply every migration newer than `current` (up to `target`), each in one transaction with
    its record, in the schema of the connection's search_path."""
    pending: list[Migration] = [
        migration
        for migration in available_migrations(Dialect.POSTGRES)
        if migration.version > current and (target is None or migration.version <= target)
    ]
    for migration in pending:
        async with conn.transaction():
            await conn.execute(migration.sql)
            await conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", migration.version, migration.name
            )
        current = migration.version
    return current


async def _holds_data(conn: asyncpg.Connection) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM households) OR EXISTS (SELECT 1 FROM visits)"
        )
    )


def _identifier(name: str) -> str:
    """A table's name as SQL, refused unless it is a plain identifier (the names are the code's own)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"not a table name: {name!r}")
    return name


def _parse(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise DatabaseError(f"database.url: not a valid PostgreSQL URL ({error})") from None
    if parts.scheme not in ("postgresql", "postgres"):
        raise DatabaseError("database.url: a PostgreSQL URL starts with postgresql://")
    return parts


def _without_password(parts: SplitResult) -> str:
    """The URL as it may be shown: no password."""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return parts._replace(netloc=f"{user}{host}{port}").geturl()
