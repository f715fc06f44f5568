"""Stopping within the unit's TimeoutStopSec (30 s) whatever the bot is doing: a reminder round
while Telegram fails ends at the recipient in hand instead of retrying every recipient through
the whole backoff; the next start sends the rest. (A running import check: test_large_imports.)"""

from __future__ import annotations

import asyncio
from pathlib import Path

from handlers.scheduled.jobs import REMINDERS, run_due
from storage.dispatch import DispatchStatus
from storage.models import Role
from tests.harness import BotHarness, FakeClock
from tests.office import add_household, wib

FRIDAY_10 = wib(2026, 11, 27, 10, 0)
HOUR_BACKOFF = {"delivery": {"retry_backoff_s": [3600, 3600]}}


async def test_a_reminder_round_while_telegram_fails_ends_at_the_stop_and_resumes_at_start(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, config=HOUR_BACKOFF, clock=FakeClock(FRIDAY_10)) as bot:
        companions = []
        for name in ("Ani", "Budi", "Cici"):
            companions.append(companion := await bot.register(Role.COMPANION, first_name=name))
            await add_household(bot, companion, f"KPM {name}")
        bot.api.fail("sendMessage", status=502, description="Bad Gateway", times=100)
        round_ = asyncio.create_task(run_due(bot.app, REMINDERS))
        await bot.wait_for(lambda: any(not call.ok for call in bot.api.calls_to("sendMessage")))
        # The first recipient's retry waits an hour: the stop must not.
        await asyncio.wait_for(bot.stop(), 10)
        await asyncio.wait_for(round_, 10)
        tried = {call.chat_id for call in bot.api.calls_to("sendMessage")}
        assert tried == {companions[0].id}, "the round ended at the recipient in hand"

        bot.api.heal()
        await bot.start()  # the catch-up sends the round to everyone not reached
        reached = [call.chat_id for call in bot.api.calls_to("sendMessage") if call.ok]
        assert sorted(reached) == sorted(companion.id for companion in companions)
        statuses = await bot.services.dispatch.statuses(REMINDERS, "2026-11-27")
        assert set(statuses.values()) == {DispatchStatus.SENT}
