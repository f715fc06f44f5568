"""A visit counts on the day and in the week it happened: its time is the date of its location
message, not when the report was stored. A report finished after midnight, or a backlog the bot
handled late after downtime, lands in the digest, /ringkasan, /ekspor and /peta of the visit's week."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from bot.domain import Role
from handlers.scheduled.jobs import WEEKLY_DIGEST, run_due
from tests.support.harness import BotHarness, FakeClock
from tests.support.office import wib
from tests.support.report import HOME, Reporter, add_household

SUNDAY_2355 = wib(2026, 11, 29, 23, 55)  # last day of week 48 (23–29 Nov 2026)
MIDNIGHT = wib(2026, 11, 30)
MONDAY_09 = wib(2026, 11, 30, 9, 0)


async def report_across_midnight(bot: BotHarness, reporter: Reporter, household: str) -> None:
    """Location shared on Sunday 23:55; the rest, and Send, after midnight."""
    await reporter.start()
    listed = await reporter.share(HOME)
    bot.clock.set(wib(2026, 11, 30, 0, 20))
    await reporter.choose(listed, household)
    await reporter.photo(seed=3)
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    await reporter.user.press("rep:skip")
    assert "Nomor laporan" in (await reporter.user.press("rep:send")).text


async def report_from_a_backlog(bot: BotHarness, reporter: Reporter, household: str) -> None:
    """/lapor and the location sent on Sunday 23:57 and 23:58 while the bot was down, handled
    on Monday at 01:00 (each message keeps the date Telegram gave it)."""
    bot.clock.set(wib(2026, 11, 30, 1, 0))
    user = reporter.user
    command = user.message(text="/lapor", entities=[{"type": "bot_command", "offset": 0, "length": 6}])
    await user.send_message({**command, "date": wib(2026, 11, 29, 23, 57)})
    location = user.location_message(*HOME, live_period=3600, accuracy=10, date=wib(2026, 11, 29, 23, 58))
    listed = await user.send_message(location)
    await reporter.choose(listed, household)
    await reporter.photo(seed=4)
    await user.press("rep:pd")
    await reporter.conditions()
    await user.press("rep:skip")
    assert "Nomor laporan" in (await user.press("rep:send")).text


async def test_visits_count_in_the_week_they_happened_not_the_week_they_were_stored(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, clock=FakeClock(SUNDAY_2355)) as bot:
        rina = Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))
        asep = Reporter(bot, await bot.register(Role.COMPANION, first_name="Asep"))
        await add_household(bot, rina.user, "Siti Aminah")
        await add_household(bot, asep.user, "Ujang Sopandi", dtks_id="3604000000000777")
        coordinator = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Bambang")
        await report_across_midnight(bot, rina, "Siti Aminah")
        await report_from_a_backlog(bot, asep, "Ujang Sopandi")
        stored = await bot.services.db.fetch_all("SELECT started_at, reported_at FROM visits ORDER BY id")
        assert [(row[0] < MIDNIGHT, row[1] >= MIDNIGHT) for row in stored] == [(True, True)] * 2

        bot.clock.set(MONDAY_09)
        await run_due(bot.app, WEEKLY_DIGEST)
        [digest] = [call for call in bot.api.calls_to("sendMessage") if call.chat_id == coordinator.id]
        assert "Ringkasan kunjungan 23/11/2026–29/11/2026" in digest.text
        assert "Kunjungan: <b>2</b>" in digest.text, digest.text

        this_week = await coordinator.command("ringkasan", "30/11/2026", "30/11/2026")
        assert "Kunjungan: <b>0</b>" in this_week.text, this_week.text
        last_week = await coordinator.command("ringkasan", "23/11/2026", "29/11/2026")
        assert "Kunjungan: <b>2</b>" in last_week.text

        exported = dict((await coordinator.command("ekspor", "29/11/2026", "29/11/2026")).documents())
        rows = list(csv.DictReader(io.StringIO(exported["kunjungan-20261129-20261129.csv"].decode("utf-8-sig"))))
        assert sorted(row["Kepala keluarga"] for row in rows) == ["Siti Aminah", "Ujang Sopandi"]
        assert "0 kunjungan" in (await coordinator.command("ekspor", "30/11/2026", "30/11/2026")).text

        history = await asep.user.send_text("🗂 Riwayat laporan")
        assert "29/11/2026 23:58 WIB" in history.text, "the companion's history shows when the visit was"

        mapped = dict((await coordinator.command("peta", "29/11/2026", "29/11/2026")).documents())
        features = json.loads(mapped["peta-20261129-20261129.geojson"])["features"]
        visits = [feature["properties"] for feature in features if feature["properties"]["kind"] == "visit"]
        assert sorted(visit["visited_at"] for visit in visits) == ["2026-11-29 23:55", "2026-11-29 23:58"]
