"""Command line: `python -m bot [--config PATH] [--check]` runs the bot (or only checks the
configuration and database); `python -m bot backup DEST` copies the live database (SQLite's
backup, or pg_dump of the province's schema); `python -m bot migrate-to-postgres FILE URL` copies
a province's SQLite file into an empty PostgreSQL schema and verifies the copy;
`python -m bot status` says whether the database and Telegram answer and what is pending;
`python -m bot demo [--port 8080] [--config PATH]` runs the bot against a local stand-in with a chat page."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import signal
import sqlite3
import sys
from pathlib import Path

from telegram import Bot
from telegram.error import InvalidToken, NetworkError

from bot.app.application import build_application, http_client, running_application, start_polling
from bot.app.health import OK, HealthCheck, status_lines, webhook_line
from bot.app.web_server import serving_dashboard
from bot.app.webhook import serve_webhook
from bot.config import DEFAULT_CONFIG_PATH, TOKEN_ENV, ConfigError, Settings, load_settings
from bot.logs import configure_logging
from bot.services import Services
from storage.database import DatabaseError, storage_problem

log = logging.getLogger(__name__)
EXIT_CONFIG = 2
EXIT_UNREACHABLE = 1
# Files the bot creates (database, backups, photos, exports in the temporary folder) hold
# personal data: readable by the bot's user only, 0600 files and 0700 folders.
PRIVATE_UMASK = 0o077


def main(argv: list[str] | None = None) -> int:
    os.umask(PRIVATE_UMASK)
    args = _parser().parse_args(argv)
    if args.command is not None or args.check:
        collect_from_now_on()
    try:
        if args.command == "demo":
            return _demo(args.port, args.config)
        if args.command == "backup":
            settings = load_settings(args.config, require_token=False)
            return _backup(settings, Path(args.destination), force=args.force)
        if args.command == "migrate-to-postgres":
            return asyncio.run(_migrate_to_postgres(Path(args.file), args.url))
        if args.command == "status":
            settings = load_settings(args.config)
            configure_logging("WARNING", secrets=_secrets(settings))
            return asyncio.run(_status(settings))
        # The check looks at all it can without a token (an installer may not have it yet).
        settings = load_settings(args.config, require_token=not args.check)
        configure_logging(settings.logging.level, secrets=_secrets(settings))
        if args.check:
            location, version = asyncio.run(_check(settings))
            print(f"ok: configuration valid, database {location} at schema version {version}")
            if settings.token is None:
                print(f"note: {TOKEN_ENV} is not set, so the token was not checked; the bot will not start without it")
            return 0
        asyncio.run(_run(settings))
        return 0
    except (ConfigError, DatabaseError) as exc:
        print(f"jamsosratu: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except InvalidToken:
        print(f"jamsosratu: token: Telegram rejected the token in {TOKEN_ENV}", file=sys.stderr)
        return EXIT_CONFIG
    except NetworkError as exc:
        print(f"jamsosratu: cannot reach the Telegram Bot API ({exc.message})", file=sys.stderr)
        return EXIT_UNREACHABLE


def collect_from_now_on() -> None:
    """Resume the garbage collection paused while the bot loaded. What exists now lives as long
    as the process (modules, handlers, the services): frozen, the collector never scans it again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
        log.debug("garbage collection resumed", extra={"frozen_objects": gc.get_freeze_count()})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Jamsosratu Telegram bot")
    parser.add_argument("--config", type=Path, default=None, help="configuration file (default config.yaml)")
    parser.add_argument("--check", action="store_true", help="validate configuration and database, then exit")
    commands = parser.add_subparsers(dest="command")
    backup = commands.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument("destination", help="path of the copy (its folder must exist)")
    backup.add_argument("--force", action="store_true", help="overwrite an existing copy, create a missing folder")
    backup.add_argument("--config", type=Path, default=None, help="configuration file (default config.yaml)")
    transfer = commands.add_parser(
        "migrate-to-postgres", help="copy a province's SQLite database into an empty PostgreSQL schema, verified"
    )
    transfer.add_argument("file", help="the SQLite database (database.url of the province's bot until now)")
    transfer.add_argument("url", help="postgresql://user@host/database (password: PGPASSWORD or ~/.pgpass)")
    status = commands.add_parser("status", help="database, Telegram, last update handled, scheduled sends")
    status.add_argument("--config", type=Path, default=None, help="configuration file (default config.yaml)")
    demo = commands.add_parser("demo", help="try the bot in a browser, without Telegram (nothing leaves the machine)")
    demo.add_argument("--port", type=int, default=8080, help="port of the chat page on 127.0.0.1 (default 8080)")
    demo.add_argument(
        "--config", type=Path, default=None, help="configuration to try (default config.yaml, if there is one)"
    )
    return parser


def _secrets(settings: Settings) -> list[str]:
    """What the log must never show."""
    secrets = [secret.get_secret_value() for secret in (settings.token, settings.webhook_secret) if secret]
    return [*secrets, *([settings.database.password] if settings.database.password else [])]


async def _check(settings: Settings) -> tuple[str, int]:
    """Open (and migrate) the database and make sure the photo folder can be written: under
    systemd's ProtectSystem=strict only the instance's state folder can."""
    _writable_folder(settings.storage.photo_dir)
    services = Services.create(settings)
    await services.db.open()
    try:
        await services.install_province()
        return services.db.location, await services.db.schema_version()
    except (OSError, sqlite3.Error) as exc:
        path = settings.database.path
        raise DatabaseError(f"database.url: cannot write {path} ({storage_problem(exc, path)})") from None
    finally:
        await services.db.close()


def _writable_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"storage.photo_dir: cannot create {folder} ({exc.strerror or exc})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"storage.photo_dir: {folder} cannot be written by this user")


async def _run(settings: Settings) -> None:
    services = Services.create(settings)
    await services.db.open()
    app = build_application(services)
    stop = _stop_on_signals()
    try:
        async with running_application(app):
            collect_from_now_on()
            if settings.telegram.mode == "webhook":
                await serve_webhook(app, services, stop)  # the dashboard on the same server
            else:
                async with serving_dashboard(app, services):
                    await start_polling(app)
                    await stop.wait()
                    assert app.updater is not None
                    await app.updater.stop()
    finally:
        await services.db.close()


def _stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM (stop cleanly, as systemd and Ctrl+C ask)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


def _demo(port: int, config: Path | None) -> int:
    from bot.app.demo.run import run_demo  # the demo's web server is not loaded by the bot itself

    # The installation's own settings (province, language, rules), where its files are kept apart.
    base = load_settings(config, require_token=False) if config or DEFAULT_CONFIG_PATH.exists() else None
    configure_logging("WARNING", secrets=[])

    async def demo() -> None:
        await run_demo(port, _stop_on_signals(), ready=lambda line: print(line, flush=True), base=base)

    asyncio.run(demo())
    return 0


async def _status(settings: Settings) -> int:
    """Print the health of the installation (the bot may be running); exit 0 when the database
    and Telegram answer, 1 otherwise. Nothing is migrated or changed."""
    if not settings.database.postgres and not settings.database.path.exists():
        print(f"database: not found ({settings.database.path})")
        return EXIT_UNREACHABLE
    services = Services.create(settings)
    try:
        await services.db.open(migrate=False)
    except DatabaseError as exc:
        print(f"database: unreachable ({exc})")
        return EXIT_UNREACHABLE
    try:
        assert settings.token is not None
        token, base_url = settings.token.get_secret_value(), settings.telegram.base_url
        client = http_client(settings, pool=1)  # the bot's own client, not PTB's default (httpx)
        await client.initialize()
        bot = (
            Bot(token, base_url, request=client, get_updates_request=client)
            if base_url
            else Bot(token, request=client, get_updates_request=client)
        )
        try:
            report = await HealthCheck(services.health, bot).report()
            webhook = await webhook_line(bot, settings.locale.tz) if report.telegram == OK else None
        finally:
            await client.shutdown()
        version = await services.db.schema_version()
    finally:
        await services.db.close()
    lines = status_lines(report, settings, services.db.location, version)
    for line in [*lines, *([webhook] if webhook else [])]:
        print(line)
    return 0 if report.ok else EXIT_UNREACHABLE


def _backup(settings: Settings, destination: Path, *, force: bool) -> int:
    """Copy the database to `destination`; without `force`, an existing file or a missing folder
    is refused (a typo in a cron line shows at once instead of overwriting or scattering copies)."""
    if not force and destination.exists():
        raise DatabaseError(f"backup: {destination} exists; choose a new name or add --force to overwrite it")
    if not force and not destination.parent.is_dir():
        raise DatabaseError(f"backup: folder {destination.parent} does not exist; create it or add --force")
    return asyncio.run(_copy(settings, destination))


async def _copy(settings: Settings, destination: Path) -> int:
    db = Services.create(settings).db
    try:
        await db.backup(destination)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(f"backup: cannot write {destination} ({storage_problem(exc, destination)})") from None
    print(f"ok: {db.location} copied to {destination}")
    return 0


async def _migrate_to_postgres(file: Path, url: str) -> int:
    """Copy, verify, and print one line per table (rows and checksum) and the verdict."""
    from storage.transfer import copy_to_postgres  # asyncpg is loaded only where PostgreSQL is used

    report = await copy_to_postgres(file, url)
    for table in report.tables:
        print(f"{table.name}: {table.rows} rows, checksum {table.checksum[:16]} (same in both)")
    print(f"ok: {file} copied to {report.location}, every table's rows and checksum verified")
    return 0
