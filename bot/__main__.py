"""Command line: `python -m bot [--config PATH] [--check]` runs the bot (or only checks the
configuration and database); `python -m bot backup DEST` copies the live database."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path

from telegram import Update
from telegram.error import InvalidToken, NetworkError

from bot.application import build_application, running_application
from bot.config import TOKEN_ENV, ConfigError, Settings, load_settings
from bot.logs import configure_logging
from bot.services import Services
from storage.database import DatabaseError, backup_database

EXIT_CONFIG = 2
EXIT_UNREACHABLE = 1
# Files the bot creates (database, backups, photos, exports in the temporary folder) hold
# personal data: readable by the bot's user only, 0600 files and 0700 folders.
PRIVATE_UMASK = 0o077


def main(argv: list[str] | None = None) -> int:
    os.umask(PRIVATE_UMASK)
    args = _parser().parse_args(argv)
    try:
        if args.command == "backup":
            settings = load_settings(args.config, require_token=False)
            return _backup(settings, Path(args.destination))
        settings = load_settings(args.config)
        configure_logging(settings.logging.level, secrets=[_token(settings)])
        if args.check:
            version = asyncio.run(_check(settings))
            print(f"ok: configuration valid, database {settings.database.path} at schema version {version}")
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Jamsosratu Telegram bot")
    parser.add_argument("--config", type=Path, default=None, help="configuration file (default config.yaml)")
    parser.add_argument("--check", action="store_true", help="validate configuration and database, then exit")
    commands = parser.add_subparsers(dest="command")
    backup = commands.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument("destination", help="path of the copy")
    backup.add_argument("--config", type=Path, default=None, help="configuration file (default config.yaml)")
    return parser


def _token(settings: Settings) -> str:
    return settings.token.get_secret_value() if settings.token else ""


async def _check(settings: Settings) -> int:
    services = Services.create(settings)
    await services.db.open()
    try:
        await services.install_province()
        return await services.db.schema_version()
    finally:
        await services.db.close()


async def _run(settings: Settings) -> None:
    services = Services.create(settings)
    await services.db.open()
    app = build_application(services)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with running_application(app):
            assert app.updater is not None
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES, timeout=settings.telegram.poll_timeout_s)
            await stop.wait()
            await app.updater.stop()
    finally:
        await services.db.close()


def _backup(settings: Settings, destination: Path) -> int:
    source = settings.database.path
    if not source.exists():
        raise DatabaseError(f"database.path: {source} does not exist")
    backup_database(source, destination)
    print(f"ok: {source} copied to {destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
