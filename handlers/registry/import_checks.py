"""Import files checked in the background. Reading and checking a big file takes minutes; run
in the admin's update, it would hold the admin's chat that long (their updates wait for each
other) and SIGTERM could not stop it. So the check is a task of its own: the admin keeps using
the bot (a second file is answered with how far the first has come, /batal stops it), and a
stop cancels it between two chunks of the file (the unit's TimeoutStopSec is 30 s). A check
cut short by a stop or a crash leaves its dry run unread; the next start discards it and tells
the admin (`spreadsheet_import.tell_interrupted_reads`)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from bot.files.household_import import Progress
from handlers.plumbing.outbox import AnyApplication

_KEY = "import_checks"


@dataclass(frozen=True)
class ImportCheck:
    file_name: str
    progress: Progress
    task: asyncio.Task[None]


class ImportChecks:
    """The running checks, one per admin (by person id)."""

    def __init__(self) -> None:
        self._running: dict[int, ImportCheck] = {}

    def of(self, admin_id: int) -> ImportCheck | None:
        return self._running.get(admin_id)

    def start(self, admin_id: int, file_name: str, progress: Progress, check: Coroutine[Any, Any, None]) -> ImportCheck:
        running = ImportCheck(file_name, progress, asyncio.create_task(check, name=f"import-check-{admin_id}"))
        self._running[admin_id] = running
        running.task.add_done_callback(lambda _: self._forget(admin_id, running))
        return running

    async def stop(self, admin_id: int) -> ImportCheck | None:
        """Stop the admin's check (its reading thread stops at its next chunk); None if none ran."""
        running = self._running.get(admin_id)
        if running is not None:
            running.task.cancel()
            await asyncio.wait([running.task])
        return running

    async def stop_all(self) -> None:
        for admin_id in list(self._running):
            await self.stop(admin_id)

    def tasks(self) -> set[asyncio.Task[None]]:
        return {running.task for running in self._running.values()}

    def _forget(self, admin_id: int, running: ImportCheck) -> None:
        if self._running.get(admin_id) is running:
            del self._running[admin_id]


def import_checks(app: AnyApplication) -> ImportChecks:
    """The running checks of an application."""
    checks = app.bot_data.get(_KEY)
    if checks is None:
        checks = app.bot_data[_KEY] = ImportChecks()
    assert isinstance(checks, ImportChecks)
    return checks
