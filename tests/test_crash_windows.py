"""Issue 12's crash windows and late deliveries: a backlog judged at its own dates, a report
started over for the same visit, unreadable updates, getUpdates failing, a crash right after a
report was stored, orphan photo files, an import whose Terapkan a crash interrupted."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from pathlib import Path

import httpx
import pytest
from telegram import Update

from bot.app.health import HealthCheck
from bot.app.webhook import SECRET_HEADER, WebhookServer
from bot.domain import Household, Role
from handlers.plumbing.outbox import outbox_of
from handlers.report.recovery import sweep_orphan_files
from storage.bot_state import StateChanges
from storage.database import IntegrityError
from tests.support import backends
from tests.support.harness import BotHarness
from tests.support.report import HOME, Reporter, add_household, picture
from tests.support.spreadsheets import csv_bytes, row, send_csv

pytestmark = pytest.mark.both_backends

BACKLOG_S = 30 * 60


@pytest.fixture
async def reporter(bot: BotHarness) -> Reporter:
    return Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))


@pytest.fixture
async def household(bot: BotHarness, reporter: Reporter) -> Household:
    return await add_household(bot, reporter.user, "Siti Aminah")


async def stored(bot: BotHarness) -> int:
    return int(await bot.services.db.fetch_value("SELECT COUNT(*) FROM visits"))


async def test_a_backlog_delivered_30_minutes_late_is_judged_at_its_own_dates(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    visited_at = bot.clock.now()
    user = reporter.user
    # The bot is down: the companion's steps wait at Telegram with their dates.
    backlog = [
        user.message(text="/lapor", entities=[{"type": "bot_command", "offset": 0, "length": 6}]),
        user.location_message(*HOME, live_period=3600, accuracy=10, date=visited_at + 20),
    ]
    bot.clock.advance(BACKLOG_S)
    answers = [await user.send_message(message) for message in backlog]
    assert "lokasi langsung" in answers[0].text
    assert "Siti Aminah" in str(answers[1].buttons), "the late location is accepted"
    await user.press(f"rep:h:{household.id}")
    await reporter.photo(seed=3)
    await user.press("rep:pd")
    await reporter.conditions()
    await user.press("rep:skip")
    receipt = await user.press("rep:send")
    assert "Nomor laporan" in receipt.text and "ditandai" not in receipt.text, "nothing flagged for the delay"
    visit = await bot.services.db.fetch_one("SELECT started_at, location_delay_s FROM visits")
    assert visit is not None
    assert (visit["started_at"], visit["location_delay_s"]) == (visited_at + 20, BACKLOG_S - 20)


async def test_a_location_shared_long_before_its_report_began_is_still_stale(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await reporter.start()
    refused = await reporter.user.send_location(*HOME, live_period=3600, accuracy=10, date=bot.clock.now() - 900)
    assert "sebelum laporan dimulai" in refused.text


async def test_starting_over_the_same_visit_does_not_double_it(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    first = await reporter.report("Siti Aminah", seed=1)
    assert "Nomor laporan: <b>#1</b>" in first.text
    bot.clock.advance(10 * 60)
    await reporter.to_confirm("Siti Aminah", seed=2)  # no receipt seen: the companion starts over
    asked = await reporter.user.press("rep:send")
    assert "#1" in asked.text and "kunjungan yang sama" in asked.text.lower()
    same = await reporter.user.press("rep:same")
    assert "Tidak ada laporan baru" in same.text and "1 foto baru" in same.text
    assert await stored(bot) == 1
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM photos WHERE visit_id = 1") == 2
    assert "report_draft" not in bot.app.user_data[reporter.user.id]

    bot.clock.advance(5 * 60)
    await reporter.to_confirm("Siti Aminah", seed=3)
    await reporter.user.press("rep:send")
    new = await reporter.user.press("rep:new")
    assert "Nomor laporan: <b>#2</b>" in new.text
    assert await stored(bot) == 2


async def test_a_report_outside_the_window_is_not_asked_about(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await reporter.report("Siti Aminah", seed=1)
    bot.clock.advance(31 * 60)
    await reporter.to_confirm("Siti Aminah", seed=2)
    assert "Nomor laporan: <b>#2</b>" in (await reporter.user.press("rep:send")).text


async def test_a_receipt_a_crash_kept_from_leaving_is_sent_at_start(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await reporter.to_confirm("Siti Aminah")
    draft = bot.app.user_data[reporter.user.id]["report_draft"]
    # The bot dies as the receipt is about to leave: the report is stored, its receipt not queued.
    bot.api.fail("sendMessage", status=502, chat_id=reporter.user.id)
    await reporter.user.press("rep:send")
    await bot.services.db.execute("DELETE FROM outbox")
    await bot.state_written()
    await bot.services.bot_state.save(
        StateChanges(
            conversations={("visit_report", f"[{reporter.user.id}, {reporter.user.id}]"): "6"},
            user_data={reporter.user.id: json.dumps({"report_draft": draft})},
        )
    )
    await bot.crash_and_restart()
    await bot.wait_for(lambda: any("Nomor laporan" in call.text for call in bot.api.calls if call.ok))
    assert "report_draft" not in bot.app.user_data[reporter.user.id]
    assert await stored(bot) == 1


async def test_a_sustained_502_answers_every_action_once_telegram_is_back(bot: BotHarness) -> None:
    companions = [await bot.register(Role.COMPANION, first_name=f"P{index}") for index in range(3)]
    for index, companion in enumerate(companions):
        await add_household(bot, companion, f"KPM {index}", dtks_id=f"3604{index:012d}")
    bot.api.fail("sendMessage", status=502, description="Bad Gateway", times=10**9)
    for companion in companions:
        for _ in range(3):  # no answer: the companion tries again
            await companion.command("lapor")
    assert not [call for call in bot.api.calls if call.ok and call.method == "sendMessage"]
    bot.api.heal()
    bot.clock.advance(60)
    await outbox_of(bot.app).deliver_due()
    for companion in companions:
        told = [call for call in bot.api.calls if call.ok and call.chat_id == companion.id]
        assert len(told) == 1 and "Ulangi langkah terakhir" in told[0].text, "one notice, saying what to do"
        assert "lokasi langsung" in (await companion.command("lapor")).text


async def test_an_unreadable_update_is_skipped_and_everyone_else_served(
    bot: BotHarness, reporter: Reporter, caplog: pytest.LogCaptureFixture
) -> None:
    other = await bot.register(Role.COMPANION, first_name="Budi")
    poll = {"id": "1", "question": "Rahasia 3604123456780001?", "options": [], "total_voter_count": 0}
    poisoned = {"update_id": 5001, "message": {**reporter.user.message(), "poll": poll}}
    bot.api.queue_update({"update_id": 5000, "message": reporter.user.message(text="halo")})
    bot.api.queue_update(poisoned)
    bot.api.queue_update({"update_id": 5002, "message": other.message(text="/bantuan")})
    assert bot.app.updater is not None
    with caplog.at_level(logging.INFO):
        await bot.app.updater.start_polling(poll_interval=0, timeout=0, allowed_updates=Update.ALL_TYPES)
        try:
            await bot.wait_for(lambda: 5003 in bot.api.get_updates_offsets)
            await bot.wait_for(lambda: any(call.chat_id == other.id for call in bot.api.calls))
        finally:
            await bot.app.updater.stop()
    assert any(call.chat_id == reporter.user.id for call in bot.api.calls), "the update before it was served"
    skipped = [record for record in caplog.records if record.getMessage() == "update skipped: it cannot be read"]
    assert len(skipped) == 1 and skipped[0].update_id == 5001 and skipped[0].size_bytes > 100  # type: ignore[attr-defined]
    assert "3604123456780001" not in caplog.text, "the update's content is not logged"


async def test_get_updates_failing_then_healing_leaves_nothing_unanswered(bot: BotHarness) -> None:
    companions = [await bot.register(Role.COMPANION, first_name=f"P{index}") for index in range(5)]
    for index, companion in enumerate(companions):
        bot.api.queue_update({"update_id": 6000 + index, "message": companion.message(text="/bantuan")})
    bot.api.fail("getUpdates", status=429, description="Too Many Requests", retry_after=1, times=1)
    bot.api.fail("getUpdates", status=502, description="Bad Gateway", times=1)
    assert bot.app.updater is not None
    await bot.app.updater.start_polling(poll_interval=0, timeout=0, allowed_updates=Update.ALL_TYPES)
    try:
        await bot.wait_for(lambda: all(bot.api.sent.get(companion.id) for companion in companions), timeout_s=10)
    finally:
        await bot.app.updater.stop()


async def test_after_a_429_502_storm_the_bot_polls_again_within_5_s_of_telegram_healing(tmp_path: Path) -> None:
    """PTB's own loop waits 1.5 times longer after each failure up to 30 s (after a 429, its
    whole retry_after first): the bot stayed deaf long after Telegram was back (issue 20)."""
    waits: list[float] = []

    async def recorded(seconds: float) -> None:
        waits.append(seconds)

    async with BotHarness(tmp_path, polling_sleep=recorded) as bot:
        companion = await bot.register(Role.COMPANION)
        bot.api.queue_update({"update_id": 7000, "message": companion.message(text="/bantuan")})
        bot.api.time_scale = 1  # Telegram's retry_after as Telegram says it: 60 s
        bot.api.fail("getUpdates", status=429, description="Too Many Requests", retry_after=60)
        bot.api.fail("getUpdates", status=502, description="Bad Gateway", times=12)
        assert bot.app.updater is not None
        await bot.app.updater.start_polling(poll_interval=0, timeout=0, allowed_updates=Update.ALL_TYPES)
        try:
            await bot.wait_for(lambda: bool(bot.api.sent.get(companion.id)), timeout_s=20)
        finally:
            await bot.app.updater.stop()
    assert len(waits) == 13 and max(waits) == 5.0, waits
    assert waits[:4] == [5.0, 5.0, 5.0, 5.0], "a 429's wait is capped too, and the next ones stay capped"


async def test_an_update_delivered_twice_at_every_step_stores_one_report(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    process = bot.process

    async def twice(update: dict[str, object]):  # type: ignore[no-untyped-def]
        first = await process(update)
        again = await process(update)
        assert again.calls == [], "a redelivered update is not handled again"
        return first

    bot.process = twice  # type: ignore[method-assign]
    answer = await reporter.report("Siti Aminah")
    assert "Nomor laporan: <b>#1</b>" in answer.text
    assert await stored(bot) == 1


async def test_photo_files_no_report_uses_are_swept(bot: BotHarness, reporter: Reporter, household: Household) -> None:
    await reporter.report("Siti Aminah", seed=1)
    await reporter.to_confirm("Siti Aminah", seed=2)  # a draft in progress keeps its photo
    orphan = bot.settings.storage.photo_dir / "2025" / "11" / "27" / "x" / "lost.jpg"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(picture(9))
    before = time.time() - 60
    os.utime(orphan, (before, before))
    files = sorted(path for path in bot.settings.storage.photo_dir.rglob("*") if path.is_file())
    assert await sweep_orphan_files(bot.app, older_than=time.time() + 1) == 1
    left = sorted(path for path in bot.settings.storage.photo_dir.rglob("*") if path.is_file())
    assert left == [path for path in files if path != orphan]


async def test_an_admin_whose_terapkan_a_crash_interrupted_is_told_the_import_state(tmp_path: Path) -> None:
    async with BotHarness(tmp_path) as bot:
        admin = await bot.register(Role.ADMIN)
        checked = await send_csv(admin, csv_bytes(row(1), row(2)))
        apply = checked.button("Terapkan")["callback_data"]
        import_id = int(apply.rsplit(":", 1)[1])
        assert admin.person is not None
        # Pressed, then the bot died before applying.
        await bot.services.imports.press_apply(import_id, admin.person.id)
        await bot.crash_and_restart()
        await bot.wait_for(lambda: any(call.ok and "berhenti" in call.text for call in bot.api.calls))
        [told] = [call for call in bot.api.calls if "berhenti" in call.text]
        assert "belum diterapkan" in told.text and told.buttons[0]["callback_data"] == apply
        assert "diterapkan: 2 KPM baru" in (await admin.press(apply)).text

        # Pressed again: applied, then the bot died before answering.
        checked = await send_csv(admin, csv_bytes(row(3)))
        apply = checked.button("Terapkan")["callback_data"]
        bot.api.crash_after("sendMessage", chat_id=admin.id)
        with pytest.raises(BaseException, match="crashed after"):
            await admin.press(apply)
        await bot.crash_and_restart()
        await bot.wait_for(lambda: sum("diterapkan: 1 KPM baru" in call.text for call in bot.api.calls) == 2)


async def test_a_webhook_update_that_cannot_be_read_is_acknowledged_and_skipped(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    server = WebhookServer(bot.app, secret="s3cret", path="/tg", health=HealthCheck(bot.services.health, bot.app.bot))
    url = f"http://127.0.0.1:{await server.start('127.0.0.1', 0)}/tg"
    user = bot.user(5561, "Wulan")
    poll = {"id": "1", "question": "Rahasia 3604123456780001?", "options": [], "total_voter_count": 0}
    poisoned = {"update_id": 7001, "message": {**user.message(), "poll": poll}}
    good = {"update_id": 7002, "message": user.message(text="halo")}
    try:
        with caplog.at_level(logging.INFO):
            async with httpx.AsyncClient() as client:
                answers = [
                    await client.post(url, json=update, headers={SECRET_HEADER: "s3cret"})
                    for update in (poisoned, good)
                ]
            await bot.wait_for(lambda: any(call.chat_id == 5561 for call in bot.api.calls))
    finally:
        await server.stop()
    assert [answer.status_code for answer in answers] == [200, 200], "Telegram does not post it again"
    [skipped] = [record for record in caplog.records if record.getMessage() == "update skipped: it cannot be read"]
    assert skipped.update_id == 7001 and skipped.size_bytes > 100  # type: ignore[attr-defined]
    assert "3604123456780001" not in caplog.text


async def test_updates_delivered_twice_by_get_updates_are_answered_once(bot: BotHarness) -> None:
    companions = [await bot.register(Role.COMPANION, first_name=f"P{index}") for index in range(3)]
    for index, companion in enumerate(companions):
        bot.api.queue_update({"update_id": 8000 + index, "message": companion.message(text="/bantuan")})
    bot.api.duplicate_delivery = True
    assert bot.app.updater is not None
    await bot.app.updater.start_polling(poll_interval=0, timeout=0, allowed_updates=Update.ALL_TYPES)
    try:
        await bot.wait_for(lambda: all(bot.api.sent.get(companion.id) for companion in companions))
        await asyncio.sleep(0.1)  # the second copies, had they been handled, would have answered by now
    finally:
        await bot.app.updater.stop()
    assert [len(bot.api.sent.get(companion.id, [])) for companion in companions] == [1, 1, 1]


async def test_a_long_confirmation_and_its_file_are_queued_together(bot: BotHarness) -> None:
    user = await bot.register(Role.ADMIN)
    text = "\n".join(f"{number}. Siti Aminah binti Haji Abdul Rahman, Desa Cibadak Hilir" for number in range(200))
    sender = outbox_of(bot.app)
    # The file's row cannot be written (as if the bot died between the two): nothing is queued.
    await backends.refuse_inserts(bot.services.db, "outbox", when="NEW.file_name IS NOT NULL")
    with pytest.raises(IntegrityError):
        await sender.confirm("blocked:1", user.id, text, lang="id")
    assert await bot.services.outbox.by_key("blocked:1") is None, "no shortened notice without its file"
    assert not bot.api.calls_to("sendMessage")
    # The step runs again after the restart: the notice and the whole text both arrive.
    await backends.allow_inserts(bot.services.db, "outbox")
    await sender.confirm("blocked:1", user.id, text, lang="id")
    [notice] = bot.api.calls_to("sendMessage")
    [document] = bot.api.calls_to("sendDocument")
    assert "berkas terlampir" in notice.text
    assert [content.decode() for _, content in document.files.values()] == [text]


async def test_the_whole_text_file_follows_the_notice_that_announces_it(bot: BotHarness) -> None:
    user = await bot.register(Role.ADMIN)
    text = "\n".join(f"{number}. Siti Aminah binti Haji Abdul Rahman, Desa Cibadak Hilir" for number in range(200))
    before = len(bot.api.calls)
    bot.api.fail("sendMessage", status=502, description="Bad Gateway", chat_id=user.id)
    await outbox_of(bot.app).confirm("blocked:2", user.id, text, lang="id")
    bot.clock.advance(1)
    await outbox_of(bot.app).deliver_due()  # the file is due, its notice not yet
    assert [call.method for call in bot.api.calls[before:]] == ["sendMessage"], "no file before its notice"
    bot.api.heal()
    for _ in range(2):  # two rounds of the job: the notice, then its file
        bot.clock.advance(60)
        await outbox_of(bot.app).deliver_due()
    assert [call.method for call in bot.api.calls[before:] if call.ok] == ["sendMessage", "sendDocument"]
