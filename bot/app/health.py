"""Is the bot well? The database answers, Telegram answers, updates are being handled, scheduled
sends and queued replies are not piling up, nor refused by Telegram. Served as `/healthz` in
webhook mode and printed by `python -m bot status`."""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.error import TelegramError

from bot.config import Settings
from storage.health import HealthQueries

OK = "ok"
TELEGRAM_TIMEOUT_S = 10
# A probe every few seconds must not become a getMe every few seconds.
TELEGRAM_CACHE_S = 30


@dataclass(frozen=True)
class HealthReport:
    database: str  # "ok" or what went wrong
    telegram: str
    last_update_at: int | None
    sends_pending: int
    sends_failed: int
    # Refused by Telegram for good (400, 403): set aside with their reason, never sent again.
    sends_refused: int
    # Queued replies (the outbox: receipts, confirmations, notices).
    replies_pending: int
    replies_refused: int

    @property
    def ok(self) -> bool:
        return self.database == OK and self.telegram == OK

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, **asdict(self)}


class HealthCheck:
    def __init__(self, queries: HealthQueries, bot: Bot) -> None:
        self._queries = queries
        self._bot = bot
        self._telegram: tuple[float, str] | None = None

    async def report(self) -> HealthReport:
        try:
            await self._queries.reachable()
            backlog = await self._queries.backlog()
            database = OK
        except Exception as exc:  # noqa: BLE001 - any failure of the database is the answer
            database, backlog = f"unreachable ({type(exc).__name__}: {exc})", None
        return HealthReport(
            database=database,
            telegram=await self._telegram_state(),
            last_update_at=backlog.last_update_at if backlog else None,
            sends_pending=backlog.sends_pending if backlog else 0,
            sends_failed=backlog.sends_failed if backlog else 0,
            sends_refused=backlog.sends_refused if backlog else 0,
            replies_pending=backlog.replies_pending if backlog else 0,
            replies_refused=backlog.replies_refused if backlog else 0,
        )

    async def _telegram_state(self) -> str:
        now = time.monotonic()
        if self._telegram is not None and now - self._telegram[0] < TELEGRAM_CACHE_S:
            return self._telegram[1]
        try:
            await asyncio.wait_for(self._bot.get_me(), TELEGRAM_TIMEOUT_S)
            state = OK
        except (TelegramError, TimeoutError) as exc:
            state = f"unreachable ({type(exc).__name__}: {exc})"
        self._telegram = (now, state)
        return state


async def webhook_line(bot: Bot, tz: ZoneInfo) -> str:
    """What Telegram says of the webhook: where it posts (not set while polling), how many updates
    wait, and its last delivery error, which shows nowhere else."""
    try:
        info = await asyncio.wait_for(bot.get_webhook_info(), TELEGRAM_TIMEOUT_S)
    except (TelegramError, TimeoutError) as exc:
        return f"webhook: unknown ({type(exc).__name__}: {exc})"
    error = (
        f"last error {info.last_error_message!r} at {info.last_error_date.astimezone(tz):%Y-%m-%d %H:%M:%S %Z}"
        if info.last_error_date
        else "no delivery error"
    )
    return f"webhook: {info.url or 'not set'}, {info.pending_update_count} updates waiting, {error}"


def status_lines(report: HealthReport, settings: Settings, schema_version: int) -> list[str]:
    """`python -m bot status` for an operator: one line per check."""
    tz = settings.locale.tz
    last = (
        datetime.fromtimestamp(report.last_update_at, tz).strftime("%Y-%m-%d %H:%M:%S %Z")
        if report.last_update_at
        else "none yet"
    )
    return [
        f"database: {report.database} ({settings.database.path}, schema version {schema_version})",
        f"telegram: {report.telegram}",
        f"last update handled: {last}",
        f"scheduled sends: {report.sends_pending} pending, {report.sends_failed} failed,"
        f" {report.sends_refused} refused by Telegram",
        f"queued replies: {report.replies_pending} pending, {report.replies_refused} refused by Telegram",
        f"mode: {settings.telegram.mode}, province {settings.province.code}",
    ]
