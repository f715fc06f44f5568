"""The two databases the tests run on: SQLite files, and a real PostgreSQL server the tests
start themselves (Debian's `postgresql` package: initdb + pg_ctl in a temporary folder, as the
`postgres` user when the tests run as root) and stop at the end.

A test module marked `pytest.mark.both_backends` runs once on each (`test_x[sqlite]`,
`test_x[postgres]`); everything it builds through `tests.harness` (or `database_url`) then
lives in the backend of that run. On PostgreSQL each test folder gets a database of its own,
cloned from a template that is already migrated. When no server can be started, the
PostgreSQL runs are skipped, saying why; JAMSOSRATU_TEST_POSTGRES=postgresql://… (a role that
may create databases) uses a running server instead.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import asyncpg

from storage.database import Database, Dialect
from storage.engines import database_at

T = TypeVar("T")
EXTERNAL_ENV = "JAMSOSRATU_TEST_POSTGRES"
USER, PASSWORD = "jamsosratu", "uji-rahasia"
TEMPLATE = "jamsosratu_template"
# No fsync makes CREATE DATABASE fast; a stopped server (the outage test kills it) still keeps
# every commit, written to the WAL before it is acknowledged (synchronous_commit stays on).
FAST = ("-c", "fsync=off", "-c", "full_page_writes=off")


@dataclass
class PostgresServer:
    """A server the tests may create databases on (and, when they started it, stop and start)."""

    url: str  # of its maintenance database, with the test role's password
    data_dir: Path | None = None  # set when the tests started it
    run_as: list[str] = field(default_factory=list)
    bin_dir: Path | None = None
    port: int = 0

    def database_url(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    @property
    def controllable(self) -> bool:
        return self.data_dir is not None

    def stop(self) -> None:
        """Stop the server at once (connections drop, as when it crashes or its machine restarts)."""
        self._pg_ctl("stop", "-m", "immediate")

    def start(self) -> None:
        options = " ".join((f"-p {self.port}", f"-k {self.data_dir}", "-c listen_addresses=127.0.0.1", *FAST))
        self._pg_ctl("start", "-w", "-l", str(self.data_dir / "server.log"), "-o", options)

    def _pg_ctl(self, *args: str) -> None:
        assert self.bin_dir is not None and self.data_dir is not None
        subprocess.run(
            [*self.run_as, str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir / "data"), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )


_server: PostgresServer | None = None
_unavailable: str | None = None
_databases = itertools.count(1)
_by_folder: dict[Path, str] = {}


def server() -> PostgresServer:
    """The session's server, started on first use; skips the calling test when there is none."""
    global _server, _unavailable
    import pytest

    if _server is None and _unavailable is None:
        try:
            _server = _external() or _start_own()
            _run(_make_template(_server))
        except Exception as error:  # noqa: BLE001 - any reason means: no PostgreSQL here
            _unavailable = f"{type(error).__name__}: {error}".splitlines()[0]
    if _server is None:
        pytest.skip(f"PostgreSQL tests skipped: no server could be started ({_unavailable})")
    return _server


def _external() -> PostgresServer | None:
    url = os.environ.get(EXTERNAL_ENV)
    return PostgresServer(url) if url else None


def _start_own() -> PostgresServer:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    initdb = shutil.which("initdb") or (str(found[-1]) if found else None)
    if initdb is None:
        raise RuntimeError("initdb not found (Debian: apt install postgresql)")
    bin_dir = Path(initdb).parent
    folder = Path(tempfile.mkdtemp(prefix="jamsosratu-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    password_file = folder / "password"
    password_file.write_text(PASSWORD)
    if run_as:
        os.chown(password_file, pwd.getpwnam("postgres").pw_uid, -1)
    subprocess.run(
        [*run_as, initdb, "-D", str(folder / "data"), "-U", USER, f"--pwfile={password_file}", "-E", "UTF8",
         "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256"],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    own = PostgresServer(f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{port}/postgres", folder, run_as, bin_dir, port)
    own.start()
    atexit.register(_remove, own)
    return own


def _remove(own: PostgresServer) -> None:
    with contextlib.suppress(subprocess.SubprocessError, OSError):  # already stopped
        own.stop()
    shutil.rmtree(own.data_dir or "", ignore_errors=True)


async def _make_template(own: PostgresServer) -> None:
    """A database with Banten's schema migrated, which every test's database is cloned from."""
    admin = await asyncpg.connect(own.url)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        await admin.execute(f"CREATE DATABASE {TEMPLATE} TEMPLATE template0 LOCALE 'C.UTF-8'")
    finally:
        await admin.close()
    db = database_at(own.database_url(TEMPLATE), province="36")
    await db.open()
    await db.close()


async def _create_database(own: PostgresServer) -> str:
    name = f"test_{os.getpid()}_{next(_databases)}"
    admin = await asyncpg.connect(own.url)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name}")
        await admin.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    finally:
        await admin.close()
    return own.database_url(name)


# The backend of the running test: "sqlite" or "postgres" (set by conftest's autouse fixture).
current = "sqlite"


def database_url(folder: Path) -> str:
    """Where a bot whose files live in `folder` keeps its data in the running test's backend."""
    if current == "sqlite":
        return str(folder / "bot.db")
    if folder not in _by_folder:
        _by_folder[folder] = _run(_create_database(server()))
    return _by_folder[folder]


def drop_databases() -> None:
    """Drop the databases the finished test made (connections left open are ended)."""
    names = [url.rsplit("/", 1)[1] for url in _by_folder.values()]
    _by_folder.clear()
    if names and _server is not None:
        _run(_drop(_server, names))


async def _drop(own: PostgresServer, names: list[str]) -> None:
    admin = await asyncpg.connect(own.url)
    try:
        for name in names:
            await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await admin.close()


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine from sync code, also inside a running event loop (in a thread of its own)."""
    result: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coroutine))
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0]


async def refuse_inserts(db: Database, table: str, when: str = "TRUE", name: str = "refused") -> None:
    """Make inserts into `table` of rows where `when` (on NEW) holds fail as a broken
    constraint does (a full disk, a crash between two writes); `allow_inserts` undoes it."""
    if db.dialect is Dialect.SQLITE:
        await db.execute(
            f"CREATE TRIGGER {name} BEFORE INSERT ON {table} WHEN {when} BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
        return
    await db.execute(
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation'; END $$"
    )
    await db.execute(
        f"CREATE TRIGGER {name} BEFORE INSERT ON {table} FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {name}()"
    )


async def allow_inserts(db: Database, table: str, name: str = "refused") -> None:
    if db.dialect is Dialect.SQLITE:
        await db.execute(f"DROP TRIGGER {name}")
    else:
        await db.execute(f"DROP TRIGGER {name} ON {table}")
        await db.execute(f"DROP FUNCTION {name}()")
