"""The two databases behind `storage.database.Database`: SQLite and PostgreSQL, and the one
function that picks between them."""

from __future__ import annotations

from pathlib import Path

from storage.database import Database, is_postgres_url


def database_at(
    url: Path | str, busy_timeout_ms: int = 5000, *, province: str = "36", backup_dir: Path | None = None
) -> Database:
    """The SQLite or the PostgreSQL database, as `url` says (a file path, or `postgresql://…`
    where `province`'s schema holds the bot's tables, copied into `backup_dir` before it is
    migrated); not yet open."""
    if is_postgres_url(url):
        from storage.engines.postgres import PostgresDatabase  # asyncpg is loaded only where it is used

        return PostgresDatabase(url, province=province, backup_dir=backup_dir)
    from storage.engines.sqlite import SqliteDatabase

    return SqliteDatabase(url, busy_timeout_ms)
