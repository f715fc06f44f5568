"""Figures for the health check (`/healthz`, `python -m bot status`) and the activity log line."""

from __future__ import annotations

from dataclasses import dataclass

from storage.database import Database


@dataclass(frozen=True)
class Backlog:
    """When the last update was handled, and the messages not (yet) delivered: scheduled sends
    waiting, failed (to be tried again) or refused by Telegram for good (400, or 403: the
    recipient blocked the bot); queued replies (the outbox: receipts, confirmations, notices)
    waiting or refused for good."""

    last_update_at: int | None
    sends_pending: int
    sends_failed: int
    sends_refused: int
    replies_pending: int
    replies_refused: int


@dataclass(frozen=True)
class Activity:
    """What happened in a span of time: reports sent, flags they raised, sends that failed."""

    reports: int
    flags: int
    failed_sends: int


class HealthQueries:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def reachable(self) -> None:
        """Raise when the database cannot be read."""
        await self._db.fetch_value("SELECT COUNT(*) FROM schema_migrations")

    async def backlog(self) -> Backlog:
        row = await self._db.fetch_one(
            "SELECT (SELECT MAX(received_at) FROM processed_updates),"
            " (SELECT COUNT(*) FROM dispatch_log WHERE status = 'pending'),"
            " (SELECT COUNT(*) FROM dispatch_log WHERE status = 'failed'),"
            " (SELECT COUNT(*) FROM dispatch_log WHERE status IN ('refused', 'blocked')),"
            " (SELECT COUNT(*) FROM outbox WHERE status = 'pending'),"
            " (SELECT COUNT(*) FROM outbox WHERE status = 'failed')"
        )
        assert row is not None
        return Backlog(row[0], int(row[1]), int(row[2]), int(row[3]), int(row[4]), int(row[5]))

    async def activity(self, start: int, end: int) -> Activity:
        """Reports sent, their flags, and sends that failed, in [start, end)."""
        row = await self._db.fetch_one(
            "SELECT (SELECT COUNT(*) FROM visits WHERE reported_at >= :start AND reported_at < :end),"
            " (SELECT COUNT(DISTINCT f.visit_id || ':' || f.flag) FROM visit_flags f JOIN visits v ON v.id = f.visit_id"
            "  WHERE v.reported_at >= :start AND v.reported_at < :end),"
            " (SELECT COUNT(*) FROM dispatch_log WHERE status = 'failed'"
            "  AND updated_at >= :start AND updated_at < :end)",
            {"start": start, "end": end},
        )
        assert row is not None
        return Activity(int(row[0]), int(row[1]), int(row[2]))
