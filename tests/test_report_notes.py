"""Reviewers see the whole story: the companion's note and voice note travel with the report to
the alert (a button plays the voice), the rejection prompt, /riwayat, /ekspor and the digest
workbook; a report's flags read as words that name the other report where there is one."""

from __future__ import annotations

import csv
import io

import pytest

from bot.domain import Role
from handlers.plumbing.replies import MESSAGE_LIMIT, telegram_length
from handlers.report.conversation import NOTE_LIMIT
from handlers.review.alerts import send_alerts
from tests.support.harness import BotHarness, FakeUser
from tests.support.report import HOME, Reporter, add_household, north_of

NOTE = "Rumah tertutup, bertemu tetangga."


@pytest.fixture
async def reporter(bot: BotHarness) -> Reporter:
    return Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))


@pytest.fixture
async def coordinator(bot: BotHarness) -> FakeUser:
    return await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Koordinator")


async def flagged_report(reporter: Reporter, *, note: str | None = None, voice: bytes | None = None) -> None:
    """A report from 500 m away (flagged outside) with a typed note or a voice note."""
    await reporter.start()
    listed = await reporter.share(north_of(HOME, 500))
    await reporter.choose(listed, "Siti Aminah")
    await reporter.user.press("rep:go")
    await reporter.photo(seed=21)
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    summary = await (reporter.user.send_voice(voice) if voice else reporter.user.send_text(note or ""))
    assert "Ringkasan laporan" in summary.text
    assert "Nomor laporan" in (await reporter.user.press("rep:send")).text


def sent_to(bot: BotHarness, person: FakeUser, method: str = "sendMessage") -> list[str]:
    return [call.text for call in bot.api.calls_to(method) if call.chat_id == person.id]


async def test_a_typed_note_reaches_the_alert_the_reject_prompt_riwayat_and_the_export(
    bot: BotHarness, reporter: Reporter, coordinator: FakeUser
) -> None:
    await add_household(bot, reporter.user, "Siti Aminah")
    await flagged_report(reporter, note=NOTE)

    assert await send_alerts(bot.app) == 1
    [alert] = [text for text in sent_to(bot, coordinator) if "#1" in text]
    assert f"Catatan pendamping: {NOTE}" in alert
    alert_call = [call for call in bot.api.calls_to("sendMessage") if call.chat_id == coordinator.id][-1]
    assert not any(button["callback_data"].startswith("rev:n:") for button in alert_call.buttons), "no voice note"

    asked = await coordinator.press("rev:r:1")
    assert "Tulis alasan penolakan" in asked.text and NOTE in asked.text

    history = await reporter.user.command("riwayat")
    assert f"📝 {NOTE}" in history.text

    export = await coordinator.command("ekspor", "2025-11-01", "2025-11-30")
    [row] = csv.DictReader(io.StringIO(dict(export.documents())["kunjungan-20251101-20251130.csv"].decode("utf-8-sig")))
    assert row["Catatan pendamping"] == NOTE and row["Pesan suara"] == ""
    assert row["Komitmen"].startswith("Pemeriksaan kesehatan ibu hamil/nifas: sesuai; Posyandu anak balita: sesuai")


async def test_a_voice_note_is_announced_and_played_from_the_alert(
    bot: BotHarness, reporter: Reporter, coordinator: FakeUser
) -> None:
    await add_household(bot, reporter.user, "Siti Aminah")
    await flagged_report(reporter, voice=b"OggS-suara-pendamping")

    await send_alerts(bot.app)
    [alert_call] = [call for call in bot.api.calls_to("sendMessage") if call.chat_id == coordinator.id]
    assert "mengirim pesan suara" in alert_call.text
    [play] = [button for button in alert_call.buttons if button["callback_data"].startswith("rev:n:")]
    assert play["text"] == "🔊 Pesan suara #1"

    played = await coordinator.press(play)
    [voice] = [call for call in played.calls if call.method == "sendVoice"]
    [(_, content)] = voice.files.values()
    assert content == b"OggS-suara-pendamping"
    assert "Pesan suara pendamping, laporan #1" in voice.text
    assert "🎙 pesan suara" in (await reporter.user.command("riwayat")).text

    outsider = await bot.register(Role.COORDINATOR, regions=("3601",))
    assert "sendVoice" not in [call.method for call in (await outsider.press(play)).calls]


async def test_impossible_travel_names_the_other_report_on_each_side(
    bot: BotHarness, reporter: Reporter, coordinator: FakeUser
) -> None:
    """Two reports 30 km apart within ten minutes: each is flagged, each in its own words."""
    await add_household(bot, reporter.user, "Siti Aminah")
    far = north_of(HOME, 30_000)
    await add_household(bot, reporter.user, "Ujang Saputra", far)
    await reporter.report("Siti Aminah", HOME, seed=1)
    bot.clock.advance(600)
    receipt = await reporter.report("Ujang Saputra", far, seed=2)
    assert "perpindahan terlalu cepat sejak laporan #1 sebelumnya" in receipt.text

    await send_alerts(bot.app)
    alerts = "\n".join(sent_to(bot, coordinator))
    later = alerts[alerts.index("<b>#2</b>") :]
    earlier = alerts[alerts.index("<b>#1</b>") :]
    assert "Alasan: perpindahan terlalu cepat sejak laporan #1 sebelumnya" in later
    assert "Alasan: perpindahan terlalu cepat ke laporan #2 sesudahnya" in earlier
    history = (await reporter.user.command("riwayat")).text
    assert "sejak laporan #1 sebelumnya" in history and "ke laporan #2 sesudahnya" in history


async def test_riwayat_of_reports_with_long_notes_fits_telegram(bot: BotHarness, reporter: Reporter) -> None:
    """Ten reports whose notes are as long as the report allows are more than one message holds."""
    await add_household(bot, reporter.user, "Siti Aminah")
    for seed in range(5):
        await reporter.report("Siti Aminah", HOME, seed=40 + seed)
        bot.clock.advance(3 * 3600)
    await bot.services.db.execute("UPDATE visits SET note = ?", (("Rumah tertutup. " * 70)[:NOTE_LIMIT],))

    history = await reporter.user.command("riwayat")
    assert history.texts and all(telegram_length(text) <= MESSAGE_LIMIT for text in history.texts)
    assert "#5 ·" in history.text and "berkas terlampir" in history.text
    [(_, content)] = history.documents()
    assert "#1 ·" in content.decode() and content.decode().count("Rumah tertutup.") == 5 * 62
