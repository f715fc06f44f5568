"""The honest path is the easy path: a companion at the household who follows the bot's prompts
raises no alert, whatever kind of location they share first; a point picked on the map does.
During a report the keyboard shows only what the step accepts; /lapor offers to go on or
start again; a condition takes any of its three values in one tap."""

from __future__ import annotations

import pytest

from bot.domain import Role
from handlers.review.alerts import send_alerts
from tests.support.harness import BotHarness, FakeUser
from tests.support.report import HOME, Reporter, add_household, camera_exif, north_of, picture


@pytest.fixture
async def reporter(bot: BotHarness) -> Reporter:
    return Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))


@pytest.fixture
async def coordinator(bot: BotHarness) -> FakeUser:
    return await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Koordinator")


def alerts_to(bot: BotHarness, person: FakeUser) -> list[str]:
    return [call.text for call in bot.api.calls_to("sendMessage") if call.chat_id == person.id and "#" in call.text]


async def finish(reporter: Reporter, listed_household: str = "Siti Aminah") -> None:
    """Photos, conditions, no note, Send: the steps after the location and the household."""
    await reporter.photo(seed=3)
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    await reporter.user.press("rep:skip")
    receipt = await reporter.user.press("rep:send")
    assert "Nomor laporan" in receipt.text


async def test_a_live_location_makes_a_report_that_alerts_nobody(
    bot: BotHarness, reporter: Reporter, coordinator: FakeUser
) -> None:
    await add_household(bot, reporter.user, "Siti Aminah")
    asked = await reporter.start()
    assert "📎 Lampiran → Lokasi → <b>Bagikan lokasi langsung</b>" in asked.text
    assert asked.keyboard == ["✖ Batal"], "the bot offers no location button whose point proves nothing"
    listed = await reporter.share(north_of(HOME, 10), live=True)
    [message] = listed.messages  # what was received and the households, in one message
    assert "Lokasi langsung diterima" in message.text and "Siti Aminah" in str(message.buttons)
    await reporter.choose(listed, "Siti Aminah")
    await finish(reporter)

    assert await send_alerts(bot.app) == 0
    assert alerts_to(bot, coordinator) == []


@pytest.mark.parametrize("accuracy", [12.0, None], ids=["with-accuracy", "without-accuracy"])
async def test_a_static_fix_followed_by_the_live_location_the_bot_asks_for_alerts_nobody(
    bot: BotHarness, reporter: Reporter, coordinator: FakeUser, accuracy: float | None
) -> None:
    """A device fix (what Telegram's one-tap "send my current location" sends, with or without
    its accuracy) is taken, the bot asks for the live location, and the live one replaces it."""
    await add_household(bot, reporter.user, "Siti Aminah")
    await reporter.start()
    listed = await reporter.share(north_of(HOME, 10), live=False, accuracy=accuracy)
    [message] = listed.messages
    assert "tidak bisa dibedakan dari titik yang dipilih di peta" in message.text
    assert "Bagikan lokasi langsung" in listed.text
    await reporter.choose(listed, "Siti Aminah")
    await reporter.photo(seed=3)
    live = reporter.user.location_message(*north_of(HOME, 8), live_period=900, accuracy=9)
    upgraded = await reporter.user.send_message(live)
    assert "kini memakai lokasi langsung" in upgraded.text
    # The live location keeps running: its updates are the report's track.
    bot.clock.advance(120)
    await reporter.user.move_live_location(live, *north_of(HOME, 6))
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    summary = await reporter.user.press("rep:skip")
    assert "Lokasi: lokasi langsung" in summary.text and "Akan ditandai" not in summary.text
    await reporter.user.press("rep:send")

    [visit] = await bot.services.visits.latest_of_companion(reporter.user.person.id)  # type: ignore[union-attr]
    assert visit.live and visit.flags == ()
    dwell = await bot.services.db.fetch_value("SELECT dwell_s FROM visits WHERE id = ?", (visit.id,))
    assert dwell == 120
    assert await send_alerts(bot.app) == 0
    assert alerts_to(bot, coordinator) == []


async def test_a_point_picked_on_the_map_is_flagged_and_alerted(
    bot: BotHarness, reporter: Reporter, coordinator: FakeUser
) -> None:
    await add_household(bot, reporter.user, "Siti Aminah")
    await reporter.start()
    listed = await reporter.share(HOME, live=False, accuracy=None)
    await reporter.choose(listed, "Siti Aminah")
    await reporter.photo(seed=3)
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    summary = await reporter.user.press("rep:skip")
    assert "Akan ditandai: lokasi statis" in summary.text
    await reporter.user.press("rep:send")

    assert await send_alerts(bot.app) == 1
    [alert] = alerts_to(bot, coordinator)
    assert "Siti Aminah" in alert and "lokasi statis" in alert


async def test_a_static_point_supported_by_a_photo_file_taken_there_is_not_flagged(
    bot: BotHarness, reporter: Reporter, coordinator: FakeUser
) -> None:
    """A photo sent as a file keeps its EXIF: taken at the shared point during the visit, it
    supports the static location."""
    await add_household(bot, reporter.user, "Siti Aminah")
    await reporter.start()
    listed = await reporter.share(HOME, live=False, accuracy=None)
    await reporter.choose(listed, "Siti Aminah")
    content = picture(5, exif=camera_exif("2025:11:27 09:58:00", *north_of(HOME, 20)))
    await reporter.user.send_document(content, "IMG_0001.jpg", "image/jpeg")
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    summary = await reporter.user.press("rep:skip")
    assert "didukung data lokasi foto" in summary.text and "Akan ditandai" not in summary.text
    await reporter.user.press("rep:send")

    [visit] = await bot.services.visits.latest_of_companion(reporter.user.person.id)  # type: ignore[union-attr]
    assert not visit.live and visit.flags == ()
    assert await send_alerts(bot.app) == 0


async def test_former_menu_labels_mid_report_are_never_a_search_or_a_note(bot: BotHarness, reporter: Reporter) -> None:
    await add_household(bot, reporter.user, "Siti Aminah")
    await reporter.start()
    listed = await reporter.share(HOME)
    assert listed.keyboard == [], "the report's keyboard (Batal only) stays on screen"

    at_household = await reporter.user.send_text("🏠 KPM saya")
    assert "Pilih KPM dengan tombol" in at_household.text
    assert "Hasil pencarian" not in at_household.text
    await reporter.choose(listed, "Siti Aminah")
    await reporter.photo(seed=3)
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    at_note = await reporter.user.send_text("🗂 Riwayat laporan")
    assert "Kirim catatan berupa teks" in at_note.text
    summary = await reporter.user.send_text("Rumah tertutup, bertemu tetangga.")
    assert "Catatan: Rumah tertutup, bertemu tetangga." in summary.text
    await reporter.user.press("rep:send")

    [visit] = await bot.services.visits.latest_of_companion(reporter.user.person.id)  # type: ignore[union-attr]
    assert visit.note == "Rumah tertutup, bertemu tetangga."


async def test_the_batal_key_cancels_and_brings_the_menu_back(bot: BotHarness, reporter: Reporter) -> None:
    await add_household(bot, reporter.user, "Siti Aminah")
    await reporter.start()
    await reporter.share(HOME)
    cancelled = await reporter.user.send_text("✖ Batal")
    assert "Laporan dibatalkan" in cancelled.text
    assert cancelled.keyboard == ["📍 Lapor kunjungan", "🗂 Riwayat laporan", "🏠 KPM saya"]
    assert "report_draft" not in bot.app.user_data[reporter.user.id]


@pytest.mark.parametrize("ask", ["command", "menu", "reminder"])
async def test_lapor_mid_report_offers_to_go_on_or_start_again(bot: BotHarness, reporter: Reporter, ask: str) -> None:
    await add_household(bot, reporter.user, "Siti Aminah")
    await reporter.start()
    listed = await reporter.share(HOME)
    await reporter.choose(listed, "Siti Aminah")
    user = reporter.user
    asking = {
        "command": lambda: user.command("lapor"),
        "menu": lambda: user.send_text("📍 Lapor kunjungan"),
        "reminder": lambda: user.press("rep:start"),
    }
    offer = await asking[ask]()
    assert "Lanjutkan laporan ini atau mulai lagi" in offer.text
    assert [b["callback_data"] for b in offer.buttons] == ["rep:resume", "rep:restart"]

    resumed = await user.press("rep:resume")
    assert "menunggu foto kunjungan" in resumed.text
    assert "Foto 1 diterima" in (await reporter.photo(seed=3)).text, "the report went on where it was"

    restarted = await user.press("rep:restart")
    assert "Bagikan <b>lokasi langsung</b>" in restarted.text
    assert "Pilih KPM" in (await reporter.share(HOME)).text, "a new report from the first step"
    assert [p for p in bot.settings.storage.photo_dir.rglob("*") if p.is_file()] == [], "the old photos went"


async def test_a_condition_takes_any_value_in_one_tap(bot: BotHarness, reporter: Reporter) -> None:
    await add_household(bot, reporter.user, "Siti Aminah")
    await reporter.start()
    listed = await reporter.share(HOME)
    await reporter.choose(listed, "Siti Aminah")
    await reporter.photo(seed=3)
    shown = await reporter.user.press("rep:pd")
    assert "➖ tidak berlaku" in [b["text"] for b in shown.buttons]
    redrawn = await reporter.user.press("rep:c:3:2")  # elderly care: not applicable, in one tap
    assert "• ➖ tidak berlaku •" in [b["text"] for b in redrawn.buttons]
    assert "➖ Perawatan lansia" in [b["text"] for b in redrawn.buttons]
    for index in (0, 1, 2, 4):
        await reporter.user.press(f"rep:c:{index}:1")
    await reporter.user.press("rep:cd")
    await reporter.user.press("rep:skip")
    await reporter.user.press("rep:send")
    [visit] = await bot.services.visits.latest_of_companion(reporter.user.person.id)  # type: ignore[union-attr]
    assert visit.conditions["elderly_care"] == "not_applicable" and visit.conditions["school"] == "problem"
