"""Stopping within the unit's TimeoutStopSec (30 s) whatever the bot is doing: a reminder round
while Telegram fails ends at the recipient in hand instead of retrying every recipient through
the whole backoff (the next start sends the rest); an import's Terapkan is rolled back (the
next start tells the admin, with the buttons). A running import check: test_large_imports."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from bot.domain import Role
from handlers.scheduled.jobs import REMINDERS, run_due
from storage.dispatch import DispatchStatus
from tests.support.harness import BotHarness, FakeClock
from tests.support.office import add_household, wib
from tests.support.spreadsheets import csv_bytes, row, send_csv

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


async def test_a_stop_during_terapkan_rolls_the_apply_back_and_the_admin_is_told_at_start(tmp_path: Path) -> None:
    async with BotHarness(tmp_path) as bot:
        admin = await bot.register(Role.ADMIN)
        checked = await send_csv(admin, csv_bytes(*(row(number) for number in range(1, 31))))
        apply = checked.button("Terapkan")["callback_data"]
        # The apply's insert is held at its first household until the stop interrupts it: an
        # apply of a million rows, stopped half-way.
        entered, release = threading.Event(), threading.Event()

        def hold() -> int:
            entered.set()
            release.wait(10)
            return 0

        writer = bot.services.db._writer  # the apply's connection
        assert writer is not None
        await writer.create_function("hold", 0, hold)
        await writer.execute("CREATE TEMP TRIGGER held AFTER INSERT ON households BEGIN SELECT hold(); END")
        interrupt = bot.services.db.interrupt_writes

        async def interrupt_then_release() -> None:
            await interrupt()
            release.set()

        bot.services.db.interrupt_writes = interrupt_then_release  # type: ignore[method-assign]
        pressing = asyncio.create_task(admin.press(apply))
        await bot.wait_for(entered.is_set)
        await asyncio.wait_for(bot.stop(), 10)
        await asyncio.wait_for(pressing, 10)

        await bot.start()
        assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM households") == 0, "rolled back"
        await bot.wait_for(lambda: any(call.ok and "Terapkan" in call.text for call in bot.api.calls[-3:]))
        [told] = [call for call in bot.api.calls if "saat Anda menekan Terapkan" in call.text]
        assert "belum diterapkan" in told.text and told.buttons[0]["callback_data"] == apply
        assert "diterapkan: 30 KPM baru" in (await admin.press(apply)).text
