"""The report holds at every step: wrong input gets a hint and stays, /batal cancels, a
restart or crash resumes, duplicates store nothing twice, idle reports expire."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

import pytest

from bot.domain import Household, Role
from handlers.report import photos as report_photos
from storage.bot_state import StateChanges
from tests.support.harness import OTHER_KINDS, BotHarness, BotResponse
from tests.support.report import HOME, Reporter, add_household, north_of, picture

STEPS = ("location", "household", "verdict", "photos", "conditions", "note", "confirm")
HINTS = {
    "location": "menunggu lokasi langsung Anda",
    "household": "Pilih KPM dengan tombol",
    "verdict": "Tekan salah satu tombol",
    "photos": "menunggu foto kunjungan",
    "conditions": "Tandai syarat dengan tombol",
    "note": "Kirim catatan berupa teks",
    "confirm": "Tekan Kirim",
}
# Outside the radius, so that the verdict step is asked.
SPOT = north_of(HOME, 500)


@pytest.fixture
async def reporter(bot: BotHarness) -> Reporter:
    return Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))


@pytest.fixture
async def household(bot: BotHarness, reporter: Reporter) -> Household:
    return await add_household(bot, reporter.user, "Siti Aminah")


async def advance_to(reporter: Reporter, household: Household, step: str) -> None:
    order = STEPS.index(step)
    await reporter.start()
    if order >= 1:
        await reporter.share(SPOT)
    if order >= 2:
        await reporter.user.press(f"rep:h:{household.id}")
    if order >= 3:
        await reporter.user.press("rep:go")
    if order >= 4:
        await reporter.photo(seed=11)
        await reporter.user.press("rep:pd")
    if order >= 5:
        await reporter.conditions()
    if order >= 6:
        await reporter.user.press("rep:skip")


async def finish_from(reporter: Reporter, household: Household, step: str) -> BotResponse:
    order = STEPS.index(step)
    if order <= 0:
        await reporter.share(SPOT)
    if order <= 1:
        await reporter.user.press(f"rep:h:{household.id}")
    if order <= 2:
        await reporter.user.press("rep:go")
    if order <= 3:
        await reporter.photo(seed=11)
        await reporter.user.press("rep:pd")
    if order <= 4:
        await reporter.conditions()
    if order <= 5:
        await reporter.user.press("rep:skip")
    return await reporter.user.press("rep:send")


async def stored(bot: BotHarness) -> int:
    return int(await bot.services.db.fetch_value("SELECT COUNT(*) FROM visits"))


@pytest.mark.parametrize("step", STEPS)
async def test_wrong_input_at_each_step_gets_a_hint_and_stays(
    bot: BotHarness, reporter: Reporter, household: Household, step: str
) -> None:
    await advance_to(reporter, household, step)
    user = reporter.user
    wrong = [
        user.send_sticker(),
        user.send_contact(),
        user.send_document(b"%PDF-1.4", "surat.pdf", "application/pdf"),
        user.send_document(b"id_dtks,nama_kepala\n1,Siti\n", "kpm.csv", "text/csv"),
        user.send_text("Siti Aminah", forwarded=True),
        user.press("rep:go" if step == "conditions" else "rep:c:0"),
    ]
    if step != "note":
        wrong.append(user.send_voice())
    if step not in ("household", "note"):
        wrong += [user.send_text("halo"), user.send_text("x" * 4096)]
    wrong += [user.send_message(user.message(**content)) for content in OTHER_KINDS]
    wrong.append(user.command("kpm", "Siti"))
    if step not in ("household", "note"):
        wrong.append(user.send_message(user.message(text="halo lagi"), edited=True))
    draft = bot.app.user_data[user.id]["report_draft"]
    for attempt in wrong:
        answer = await attempt
        assert HINTS[step] in answer.text, (step, answer.calls)
    # A position no household of the province can be visited from: refused, then the step's hint.
    for position, refusal in (((0.0, 0.0), "GPS ponsel belum mendapat posisi"), ((-7.8, 110.36), "di luar Provinsi")):
        answer = await user.send_location(*position, live_period=600)
        assert refusal in answer.text and (step == "location" or HINTS[step] in answer.text), (step, answer.texts)
    if step == "note":  # a text is the note there: one this long is refused
        assert "paling banyak 1000" in (await user.send_text("x" * 4096)).text
    assert bot.app.user_data[user.id]["report_draft"] == draft, "the draft is kept as it was"
    if step == "household":  # a text is a search there: one this long finds nothing and the list stays
        assert "Tidak ada KPM" in (await user.send_text("x" * 4096)).text
    venue = await user.send_venue(-6.1, 106.1)
    assert "bukan posisi Anda" in venue.text, "a place picked from a list is explained, the step stays"
    if step not in ("location", "household"):
        # The report has its live location already: another one is explained and changes nothing.
        again = await user.send_location(*HOME, live_period=600)
        assert "sudah punya lokasi" in again.text and again.buttons == []
    receipt = await finish_from(reporter, household, step)
    assert "Nomor laporan" in receipt.text
    assert await stored(bot) == 1


async def test_an_old_button_is_answered_as_no_longer_valid(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await advance_to(reporter, household, "photos")
    answer = await reporter.user.press("rep:send")
    assert answer.calls[0].method == "answerCallbackQuery"
    assert answer.calls[0].params["text"] == "Tombol ini sudah tidak berlaku."


async def test_the_buttons_of_earlier_steps_change_nothing(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    """Each step's buttons carry their own data: one still on screen from an earlier step (the
    household list, the verdict, the photos, the conditions) does not act on the note step."""
    await advance_to(reporter, household, "note")
    before = bot.app.user_data[reporter.user.id]["report_draft"]
    for old in (f"rep:h:{household.id}", "rep:p:1", "rep:near", "rep:go", "rep:prop", "rep:pd", "rep:c:0:2", "rep:cd"):
        answer = await reporter.user.press(old)
        assert answer.toast == "Tombol ini sudah tidak berlaku." and HINTS["note"] in answer.text, old
    assert bot.app.user_data[reporter.user.id]["report_draft"] == before


@pytest.mark.parametrize("step", STEPS)
async def test_batal_cancels_at_each_step_and_keeps_nothing(
    bot: BotHarness, reporter: Reporter, household: Household, step: str
) -> None:
    await advance_to(reporter, household, step)
    answer = await reporter.user.command("batal")
    assert "Laporan dibatalkan" in answer.text
    assert await stored(bot) == 0
    assert "report_draft" not in bot.app.user_data[reporter.user.id]
    kept = [path for path in bot.settings.storage.photo_dir.rglob("*") if path.is_file()]
    assert kept == [], "photos of a report never sent are not kept"
    assert "Tidak ada yang perlu dibatalkan" in (await reporter.user.command("batal")).text


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("how", ["restart", "crash_and_restart"])
async def test_a_restart_at_each_step_resumes_the_report(
    bot: BotHarness, reporter: Reporter, household: Household, step: str, how: str
) -> None:
    await advance_to(reporter, household, step)
    await getattr(bot, how)()
    receipt = await finish_from(reporter, household, step)
    assert "Nomor laporan" in receipt.text
    assert await stored(bot) == 1
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM photos") == 1


async def test_a_redelivered_photo_update_is_stored_once(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await advance_to(reporter, household, "photos")
    reporter.bot.api.add_file("same-photo", picture(3))
    message = reporter.user.message(
        photo=[{"file_id": "same-photo", "file_unique_id": "u-same", "width": 128, "height": 128}]
    )
    update = {"update_id": bot.next_update_id(), "message": message}
    first = await bot.process(update)
    assert "Foto 1 diterima" in first.text
    await bot.crash_and_restart()
    again = await bot.process(update)
    assert again.calls == []
    resent = await reporter.user.send_message(message)  # the same message in a new update
    assert "sudah diterima" in resent.text
    await reporter.user.press("rep:pd")
    await finish_from(reporter, household, "conditions")
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM photos") == 1


async def test_pressing_send_twice_stores_one_report(bot: BotHarness, reporter: Reporter, household: Household) -> None:
    await advance_to(reporter, household, "confirm")
    first = await reporter.user.press("rep:send")
    second = await reporter.user.press("rep:send")
    assert "Nomor laporan: <b>#1</b>" in first.text
    assert second.calls[-1].params["text"] == "Tombol ini sudah tidak berlaku."
    assert await stored(bot) == 1


async def test_the_draft_of_a_stored_report_is_never_restored_after_a_crash(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await advance_to(reporter, household, "confirm")
    draft = bot.app.user_data[reporter.user.id]["report_draft"]
    await reporter.user.press("rep:send")
    # The visit was stored, but the bot died before the end of the conversation was saved.
    await bot.state_written()
    await bot.services.bot_state.save(
        StateChanges(
            conversations={("visit_report", f"[{reporter.user.id}, {reporter.user.id}]"): "6"},
            user_data={reporter.user.id: json.dumps({"report_draft": draft})},
        )
    )
    await bot.crash_and_restart()
    assert "report_draft" not in bot.app.user_data[reporter.user.id]
    again = await reporter.user.press("rep:send")
    assert again.toast == "Tombol ini sudah tidak berlaku." and not again.messages
    bot.clock.advance(31 * 60)
    [sweep] = bot.app.job_queue.get_jobs_by_name("idle-drafts")
    await sweep.run(bot.app)
    receipts = [call for call in bot.api.calls_to("sendMessage") if "Nomor laporan" in call.text]
    assert len(receipts) == 1, "the receipt went out once, before the crash"
    assert not [call for call in bot.api.calls_to("sendMessage") if "tidak ada kegiatan" in call.text]
    assert await stored(bot) == 1


async def test_an_idle_report_expires_even_across_a_restart(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await advance_to(reporter, household, "photos")
    bot.clock.advance(31 * 60)
    await bot.restart()
    answer = await reporter.photo(seed=5)
    assert "tidak ada kegiatan selama 30 menit" in answer.text
    assert "Foto" not in answer.text
    assert await stored(bot) == 0
    assert "report_draft" not in bot.app.user_data[reporter.user.id]
    assert "belum mengerti" in (await reporter.photo(seed=5)).text  # the conversation is over


async def test_activity_keeps_the_report_alive(bot: BotHarness, reporter: Reporter, household: Household) -> None:
    await advance_to(reporter, household, "photos")
    bot.clock.advance(20 * 60)
    await reporter.photo(seed=5)
    bot.clock.advance(20 * 60)
    answer = await reporter.user.press("rep:pd")
    assert "Tandai setiap syarat" in answer.text


async def test_idle_limit_is_configurable(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, config={"report": {"idle_minutes": 5}}) as bot:
        reporter = Reporter(bot, await bot.register(Role.COMPANION))
        await add_household(bot, reporter.user, "Siti Aminah")
        await reporter.start()
        bot.clock.advance(6 * 60)
        answer = await reporter.share(HOME)
        assert "selama 5 menit" in answer.text


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
async def test_other_roles_cannot_start_a_report(bot: BotHarness, role: Role) -> None:
    user = await bot.register(role)
    for attempt in (
        user.command("lapor"),
        user.command("riwayat"),
        user.command("kpmsaya"),
        user.send_text("📍 Lapor kunjungan"),
    ):
        answer = await attempt
        assert "Perintah tidak dikenal" in answer.text or "belum mengerti" in answer.text
    pressed = await user.press("rep:start")
    assert pressed.toast == "Tombol ini tidak tersedia untuk Anda." and not pressed.messages
    assert "report_draft" not in bot.app.user_data.get(user.id, {})


async def test_strangers_and_deactivated_companions_cannot_report(bot: BotHarness) -> None:
    stranger = bot.user()
    assert "Perintah tidak dikenal" in (await stranger.command("lapor")).text
    companion = await bot.register(Role.COMPANION)
    await add_household(bot, companion, "Siti Aminah")
    assert companion.person is not None
    await bot.services.db.execute("UPDATE people SET active = 0 WHERE id = ?", (companion.person.id,))
    bot.services.people.forget_cached()  # written by hand, not through the repository
    assert "Perintah tidak dikenal" in (await companion.command("lapor")).text


async def test_a_companion_deactivated_mid_report_cannot_finish_it(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await advance_to(reporter, household, "confirm")
    assert reporter.user.person is not None
    await bot.services.db.execute("UPDATE people SET active = 0 WHERE id = ?", (reporter.user.person.id,))
    bot.services.people.forget_cached()  # written by hand, not through the repository
    answer = await reporter.user.press("rep:send")
    assert "belum terdaftar" in answer.text
    assert await stored(bot) == 0


async def test_a_companion_deactivated_mid_report_cannot_start_it_again(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await advance_to(reporter, household, "photos")
    offer = await reporter.user.command("lapor")
    assert [b["callback_data"] for b in offer.buttons] == ["rep:resume", "rep:restart"]
    assert reporter.user.person is not None
    await bot.services.db.execute("UPDATE people SET active = 0 WHERE id = ?", (reporter.user.person.id,))
    bot.services.people.forget_cached()  # written by hand, not through the repository
    answer = await reporter.user.press("rep:restart")
    assert "belum terdaftar" in answer.text and "Maaf, terjadi kesalahan" not in answer.text
    assert "report_draft" not in bot.app.user_data[reporter.user.id]
    assert [path for path in bot.settings.storage.photo_dir.rglob("*") if path.is_file()] == []


async def test_a_report_cannot_be_started_in_a_group(bot: BotHarness, reporter: Reporter, household: Household) -> None:
    message = reporter.user.message(text="/lapor", entities=[{"type": "bot_command", "offset": 0, "length": 6}])
    message["chat"] = {"id": -100777, "type": "supergroup", "title": "Pendamping Serang"}
    answer = await reporter.user.send_message(message)
    assert "Kirim lokasi" not in answer.text
    assert "report_draft" not in bot.app.user_data.get(reporter.user.id, {})


async def test_a_household_reassigned_during_the_report_is_not_reported(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await advance_to(reporter, household, "confirm")
    await bot.services.db.execute("UPDATE households SET active = 0 WHERE id = ?", (household.id,))
    answer = await reporter.user.press("rep:send")
    assert "dialihkan atau dinonaktifkan" in answer.text
    assert await stored(bot) == 0
    assert "report_draft" not in bot.app.user_data[reporter.user.id]


async def test_an_abandoned_report_keeps_a_photo_that_a_stored_report_also_uses(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await advance_to(reporter, household, "photos")
    await reporter.user.send_photo(picture(1), file_id="same-photo")
    await finish_from(reporter, household, "photos")
    files = [path for path in bot.settings.storage.photo_dir.rglob("*") if path.is_file()]
    assert len(files) == 2 and await stored(bot) == 1

    await advance_to(reporter, household, "photos")
    await reporter.user.send_photo(picture(1), file_id="same-photo")  # reused: the same stored file
    await reporter.user.command("batal")
    left = [path for path in bot.settings.storage.photo_dir.rglob("*") if path.is_file()]
    assert sorted(left) == sorted(files), "the stored report's photos are all still there"


async def test_an_idle_report_ends_with_a_message_from_the_idle_job(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await advance_to(reporter, household, "photos")
    [sweep] = bot.app.job_queue.get_jobs_by_name("idle-drafts")
    await sweep.run(bot.app)
    assert "report_draft" in bot.app.user_data[reporter.user.id], "29 minutes idle is not too long"
    bot.clock.advance(31 * 60)
    before = len(bot.api.calls)
    await sweep.run(bot.app)
    told = bot.api.calls[before:]
    assert [call.chat_id for call in told] == [reporter.user.id]
    assert "tidak ada kegiatan selama 30 menit" in told[0].text
    assert "report_draft" not in bot.app.user_data[reporter.user.id]
    assert "belum mengerti" in (await reporter.photo(seed=9)).text, "the conversation has ended"
    assert "belum mengirim laporan" in (await reporter.user.command("riwayat")).text, "commands work again"
    assert "Tidak ada yang perlu dibatalkan" in (await reporter.user.command("batal")).text
    assert (await reporter.user.press("rep:c:1")).toast == "Tombol ini sudah tidak berlaku."
    assert "Bagikan <b>lokasi langsung" in (await reporter.user.command("lapor")).text, "a new report can start"
    assert await stored(bot) == 0


async def test_the_idle_job_leaves_a_report_whose_step_is_under_way(
    bot: BotHarness, reporter: Reporter, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    await advance_to(reporter, household, "photos")
    release = threading.Event()
    analyse = report_photos.analyse

    def slow_analyse(*args: object) -> object:
        release.wait(5)  # the photo is still being looked at
        return analyse(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(report_photos, "analyse", slow_analyse)
    bot.clock.advance(29 * 60 + 59)
    step = asyncio.create_task(reporter.photo(seed=4))
    await bot.wait_for(lambda: any(call.method == "getFile" for call in bot.api.calls[-2:]))
    bot.clock.advance(2)
    [sweep] = bot.app.job_queue.get_jobs_by_name("idle-drafts")
    before = len(bot.api.calls)
    await sweep.run(bot.app)
    assert bot.api.calls[before:] == [], "no 'report ended' for a report in use"
    release.set()
    assert "Foto 1 diterima" in (await step).text
    assert "report_draft" in bot.app.user_data[reporter.user.id]
    assert "Tandai setiap syarat" in (await reporter.user.press("rep:pd")).text


async def test_a_draft_left_idle_across_a_restart_is_swept_with_its_photos(
    bot: BotHarness, reporter: Reporter, household: Household
) -> None:
    await advance_to(reporter, household, "conditions")
    assert [path for path in bot.settings.storage.photo_dir.rglob("*") if path.is_file()]
    await bot.restart()  # the idle timer is gone; the companion never writes again
    bot.clock.advance(31 * 60)
    [sweep] = bot.app.job_queue.get_jobs_by_name("idle-drafts")
    await sweep.run(bot.app)
    assert [path for path in bot.settings.storage.photo_dir.rglob("*") if path.is_file()] == []
    await bot.restart()
    assert "report_draft" not in bot.app.user_data.get(reporter.user.id, {}), "the sweep was saved"
