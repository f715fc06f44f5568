"""`--db-url postgresql://…` for the benches: the same synthetic province measured on PostgreSQL
beside SQLite, in one run. The SQLite file a bench builds is copied with the bot's own
`migrate-to-postgres` (storage/transfer.py) into Banten's schema of that database, which is
dropped first: give the benches a database of their own.

`OwnServer` is a server a bench starts itself when given no URL (bench/national.py): Debian's
package (`/usr/lib/postgresql/*/bin`), its cluster kept in a folder of bench/out so a rerun finds
the databases it built, started at the beginning of the run and stopped at its end.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import socket
import subprocess
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


class OwnServer:
    """A PostgreSQL cluster in `folder` (made on first use), run for the length of a `with`
    block; `url` names its maintenance database. As root, the server runs as `postgres`
    (initdb refuses root). `settings` are the server's -c options, e.g. its memory."""

    USER, PASSWORD = "bench", "bench"

    def __init__(self, folder: Path, settings: dict[str, str]) -> None:
        self.folder = folder.resolve()
        self.settings = settings
        self.run_as: list[str] = []
        if os.geteuid() == 0:
            self.run_as = ["runuser", "-u", "postgres", "--"]
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        initdb = shutil.which("initdb") or (str(found[-1]) if found else None)
        if initdb is None:
            raise SystemExit("no PostgreSQL server to start (Debian: apt install postgresql), and no --db-url")
        self.bin_dir = Path(initdb).parent
        self.port = 0

    @property
    def url(self) -> str:
        return f"postgresql://{self.USER}:{self.PASSWORD}@127.0.0.1:{self.port}/postgres"

    def __enter__(self) -> OwnServer:
        data = self.folder / "data"
        if not (data / "PG_VERSION").exists():
            self._initdb(data)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        options = " ".join(
            [f"-p {self.port}", f"-k {self.folder}", "-c listen_addresses=127.0.0.1"]
            + [f"-c {name}={value}" for name, value in self.settings.items()]
        )
        self._pg_ctl("start", "-w", "-t", "600", "-l", str(self.folder / "server.log"), "-o", options)
        return self

    def __exit__(self, *_: object) -> None:
        self._pg_ctl("stop", "-m", "fast", "-t", "600")

    def _initdb(self, data: Path) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        password_file = self.folder / "password"
        password_file.write_text(self.PASSWORD)
        if self.run_as:
            account = pwd.getpwnam("postgres")
            for path in (self.folder, password_file):
                os.chown(path, account.pw_uid, account.pw_gid)
        subprocess.run(
            [*self.run_as, str(self.bin_dir / "initdb"), "-D", str(data), "-U", self.USER,
             f"--pwfile={password_file}", "-E", "UTF8", "--locale=C.UTF-8", "--auth-local=trust",
             "--auth-host=scram-sha-256"],
            check=True, capture_output=True,
        )  # fmt: skip

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.run_as, str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), *args],
            check=True,
            capture_output=True,
        )
