"""Flagged reports reach the region's coordinators in batches, who look at the photos and the
location and accept, reject (with a reason) or send them back for a revisit; coordinate
proposals reach the admins."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.domain import Household, NewPhoto, Role, Verdict
from handlers.review.alerts import send_alerts, send_proposals
from handlers.scheduled.jobs import REMINDERS, run_due
from storage.dispatch import DispatchStatus
from tests.support.harness import OTHER_KINDS, BotHarness, FakeClock, FakeUser, SimulatedCrash
from tests.support.office import add_household, add_visit, wib
from tests.support.report import picture

NOW = wib(2026, 11, 27, 10, 0)
NOT_YOURS = "Tombol ini tidak tersedia untuk Anda."


@dataclass
class Field:
    bot: BotHarness
    companion: FakeUser
    serang: FakeUser  # coordinator of Kabupaten Serang (3604)
    province: FakeUser  # coordinator of the whole province
    pandeglang: FakeUser  # coordinator of another kabupaten
    household: Household


@pytest.fixture
async def field(tmp_path: Path) -> AsyncIterator[Field]:
    async with BotHarness(tmp_path, clock=FakeClock(NOW), config={"delivery": {"retry_backoff_s": [0]}}) as bot:
        companion = await bot.register(Role.COMPANION, first_name="Rina")
        yield Field(
            bot=bot,
            companion=companion,
            serang=await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Serang"),
            province=await bot.register(Role.COORDINATOR, regions=("36",), first_name="Prov"),
            pandeglang=await bot.register(Role.COORDINATOR, regions=("3601",), first_name="Pandeglang"),
            household=await add_household(bot, companion, "Siti Aminah", desa="Cibadak"),
        )


def to(bot: BotHarness, user: FakeUser, method: str = "sendMessage") -> list:  # type: ignore[type-arg]
    return [call for call in bot.api.calls_to(method) if call.chat_id == user.id]


async def flagged(field: Field, *flags: str, photos: tuple[NewPhoto, ...] = ()) -> int:
    return await add_visit(
        field.bot,
        field.household,
        field.companion,
        NOW - 60,
        verdict=Verdict.OUTSIDE,
        distance_m=850.0,
        flags=flags or ("outside",),
        photos=photos,
    )


async def review_of(bot: BotHarness, visit_id: int) -> tuple:  # type: ignore[type-arg]
    row = await bot.services.db.fetch_one(
        "SELECT review_status, review_reason, reviewed_by, reviewed_at, alerted_at FROM visits WHERE id = ?",
        (visit_id,),
    )
    assert row is not None
    return tuple(row)


async def test_flagged_report_reaches_the_region_and_province_coordinators_once(field: Field) -> None:
    bot = field.bot
    visit_id = await flagged(field, "outside", "static")
    clean = await add_visit(bot, field.household, field.companion, NOW - 30)

    assert await send_alerts(bot.app) == 1

    [alert] = to(bot, field.serang)
    assert f"#{visit_id}" in alert.text and "Siti Aminah (Cibadak)" in alert.text
    assert "di luar radius, lokasi statis" in alert.text and "850 m, 0 foto" in alert.text
    assert {button["callback_data"] for button in alert.buttons} == {f"rev:{action}:{visit_id}" for action in "plarv"}
    assert len(to(bot, field.province)) == 1
    assert to(bot, field.pandeglang) == []
    assert (await review_of(bot, visit_id))[4] == NOW
    assert (await review_of(bot, clean))[4] is None  # nothing to alert about

    assert await send_alerts(bot.app) == 0
    assert len(to(bot, field.serang)) == 1


async def test_many_flagged_reports_are_batched(field: Field) -> None:
    for _ in range(10):
        await flagged(field)
    await send_alerts(field.bot.app)
    batches = to(field.bot, field.serang)
    assert len(batches) == 2
    assert "8 laporan ditandai" in batches[0].text and "2 laporan ditandai" in batches[1].text


async def test_region_without_coordinator_alerts_the_admins(field: Field) -> None:
    bot = field.bot
    admin = await bot.register(Role.ADMIN)
    assert field.province.person is not None
    await bot.services.db.execute("UPDATE people SET active = 0 WHERE id = ?", (field.province.person.id,))
    bot.services.people.forget_cached()  # written by hand, not through the repository
    lebak_companion = await bot.register(Role.COMPANION, regions=("3602",))
    household = await add_household(bot, lebak_companion, "Oding", region="3602")
    await add_visit(bot, household, lebak_companion, NOW - 10, flags=("impossible_travel",))
    await send_alerts(bot.app)
    assert len(to(bot, admin)) == 1 and "perpindahan terlalu cepat" in to(bot, admin)[0].text
    assert to(bot, field.serang) == [] and to(bot, field.province) == []


async def test_crash_while_alerting_alerts_nobody_twice(field: Field) -> None:
    bot = field.bot
    visit_id = await flagged(field)
    bot.api.crash_after("sendMessage", chat_id=field.serang.id)
    with pytest.raises(SimulatedCrash):
        await send_alerts(bot.app)
    await bot.crash_and_restart()

    await send_alerts(bot.app)
    await send_alerts(bot.app)

    assert len(to(bot, field.serang)) == 1
    assert len(to(bot, field.province)) == 1
    assert (await review_of(bot, visit_id))[4] is not None


async def test_blocked_coordinator_is_reported_and_the_others_still_alerted(field: Field) -> None:
    bot = field.bot
    admin = await bot.register(Role.ADMIN)
    bot.api.block(field.serang.id)
    visit_id = await flagged(field)
    await send_alerts(bot.app)
    assert len(to(bot, field.province)) == 1
    assert "Serang (Koordinator)" in to(bot, admin)[0].text
    assert (await review_of(bot, visit_id))[4] is not None  # settled: nobody is waiting for it


async def test_photos_are_sent_back_from_storage_or_by_file_id(field: Field) -> None:
    bot = field.bot
    stored = Path(bot.settings.storage.photo_dir) / "2026/11/1.jpg"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"\xff\xd8jpeg-bytes")
    photos = (
        NewPhoto("file-on-disk", "u1", "2026/11/1.jpg", "a" * 64, 12),
        NewPhoto("file-only-at-telegram", "u2", "2026/11/missing.jpg", "b" * 64, 12),
    )
    visit_id = await flagged(field, photos=photos)

    answer = await field.serang.press(f"rev:p:{visit_id}")

    sent = [call for call in answer.calls if call.method == "sendPhoto"]
    assert len(sent) == 2
    assert next(iter(sent[0].files.values()))[1] == b"\xff\xd8jpeg-bytes"
    assert sent[1].params["photo"] == "file-only-at-telegram"
    assert "(1/2)" in sent[0].text


async def test_location_is_sent_back(field: Field) -> None:
    visit_id = await flagged(field)
    answer = await field.serang.press(f"rev:l:{visit_id}")
    [location] = [call for call in answer.calls if call.method == "sendLocation"]
    assert float(location.params["latitude"]) == pytest.approx(field.household.latitude + 0.0002)
    assert "850 m" in answer.text


async def test_accept_is_stored_once_with_who_and_when(field: Field) -> None:
    bot = field.bot
    visit_id = await flagged(field)
    answer = await field.serang.press(f"rev:a:{visit_id}")
    assert f"Laporan #{visit_id} diterima" in answer.text
    assert field.serang.person is not None
    assert (await review_of(bot, visit_id))[:4] == ("accepted", None, field.serang.person.id, NOW)

    again = await field.province.press(f"rev:v:{visit_id}")
    assert "sudah ditinjau (diterima) oleh Serang" in again.text
    assert (await review_of(bot, visit_id))[0] == "accepted"


async def test_revisit_tells_the_companion_and_tops_their_reminders(field: Field) -> None:
    bot = field.bot
    await add_household(bot, field.companion, "Never Visited")
    visit_id = await flagged(field)
    answer = await field.province.press(f"rev:v:{visit_id}")
    assert "diminta berkunjung ulang" in answer.text
    [told] = to(bot, field.companion)
    assert "mengunjungi ulang <b>Siti Aminah</b>" in told.text

    await run_due(bot.app, REMINDERS)
    reminder = to(bot, field.companion)[-1].text.splitlines()
    assert "🔁 Siti Aminah" in reminder[1] and "Never Visited" in reminder[2]


async def test_reject_asks_for_a_reason_which_survives_a_restart(field: Field) -> None:
    bot = field.bot
    visit_id = await flagged(field)
    asked = await field.serang.press(f"rev:r:{visit_id}")
    assert "Tulis alasan penolakan laporan" in asked.text
    assert asked.messages[-1].params["reply_markup"]["force_reply"] is True
    prompt_message_id = _sent_message_id(bot, field.serang.id)

    # Neither a sticker nor an overlong text is a reason; the rejection still waits for one.
    for stray in (field.serang.reply_sticker(prompt_message_id), field.serang.send_text("x" * 501)):
        assert f"Tulis alasan penolakan laporan #{visit_id} sebagai pesan teks biasa" in (await stray).text
    # Another command does its own work and is not the reason.
    assert "ditolak" not in (await field.serang.command("bantuan")).text
    await bot.restart()

    # The next message is the reason, whether or not it replies to the prompt.
    answer = await field.serang.send_text("Foto buram, lokasi di pasar")
    assert f"Laporan #{visit_id} ditolak" in answer.text
    assert (await review_of(bot, visit_id))[:2] == ("rejected", "Foto buram, lokasi di pasar")
    assert "Alasan: Foto buram, lokasi di pasar" in to(bot, field.companion)[-1].text
    assert "ditolak" not in (await field.serang.reply_text(prompt_message_id, "lagi")).text


async def test_the_reason_hint_asks_for_a_message_not_a_reply(field: Field) -> None:
    """Any next text message is the reason now: the hint no longer sends the coordinator looking
    for the prompt to reply to, and names the report and the way out."""
    visit_id = await flagged(field)
    await field.serang.press(f"rev:r:{visit_id}")
    hint = (await field.serang.send_sticker()).text
    assert hint == (
        f"Tulis alasan penolakan laporan #{visit_id} sebagai pesan teks biasa (paling banyak 500 huruf); "
        "stiker, foto, pesan terusan atau pesan yang diedit tidak dihitung. /batal bila tidak jadi menolak."
    )
    assert "Balas" not in hint


async def test_a_reason_given_as_a_reply_to_the_prompt_works_too(field: Field) -> None:
    bot = field.bot
    visit_id = await flagged(field)
    await field.serang.press(f"rev:r:{visit_id}")
    answer = await field.serang.reply_text(_sent_message_id(bot, field.serang.id), "Lokasi di pasar")
    assert f"Laporan #{visit_id} ditolak" in answer.text
    assert (await review_of(bot, visit_id))[:2] == ("rejected", "Lokasi di pasar")


async def test_a_reason_prompt_lapses_after_the_idle_time(field: Field) -> None:
    bot = field.bot
    visit_id = await flagged(field)
    await field.serang.press(f"rev:r:{visit_id}")
    prompt_message_id = _sent_message_id(bot, field.serang.id)
    bot.clock.advance(31 * 60)
    answer = await field.serang.reply_text(prompt_message_id, "terlambat")
    assert "sudah kedaluwarsa" in answer.text
    assert (await review_of(bot, visit_id))[0] is None


async def test_batal_cancels_the_rejection_waiting_for_its_reason(field: Field) -> None:
    bot = field.bot
    visit_id = await flagged(field)
    await field.serang.press(f"rev:r:{visit_id}")
    answer = await field.serang.command("batal")
    assert "Penolakan dibatalkan" in answer.text
    assert (await review_of(bot, visit_id))[0] is None
    assert "ditolak" not in (await field.serang.send_text("Foto buram")).text
    assert "Tidak ada yang perlu dibatalkan" in (await field.serang.command("batal")).text


def _sent_message_id(bot: BotHarness, chat_id: int) -> int:
    """The message id the fake Bot API gave the last message sent to `chat_id`."""
    return bot.api.sent[chat_id][-1]


async def test_only_coordinators_of_the_region_and_admins_review(field: Field) -> None:
    visit_id = await flagged(field)
    outsider = await field.pandeglang.press(f"rev:a:{visit_id}")
    assert "bukan wilayah Anda" in outsider.text
    assert (await field.companion.press(f"rev:a:{visit_id}")).toast == NOT_YOURS
    assert (await review_of(field.bot, visit_id))[0] is None
    admin = await field.bot.register(Role.ADMIN)
    assert "diterima" in (await admin.press(f"rev:a:{visit_id}")).text


async def test_coordinate_proposals_reach_admins_who_decide(field: Field) -> None:
    bot = field.bot
    admin = await bot.register(Role.ADMIN, first_name="Dinsos")
    assert field.companion.person is not None
    proposal_id = await bot.services.proposals.add(
        household_id=field.household.id,
        proposed_by=field.companion.person.id,
        latitude=-6.12,
        longitude=106.16,
        accuracy_m=9.0,
        reason="repeatedly_far",
    )

    assert await send_proposals(bot.app) == 1
    assert await send_proposals(bot.app) == 0
    [notice] = to(bot, admin)
    assert "Siti Aminah" in notice.text and "-6.120000, 106.160000" in notice.text
    assert len(to(bot, admin, "sendLocation")) == 1
    assert to(bot, field.serang) == []

    assert (await field.serang.press(f"prop:a:{proposal_id}")).toast == NOT_YOURS
    answer = await admin.press(notice.buttons[0])
    assert "Koordinat KPM Siti Aminah diperbarui" in answer.text
    household = await bot.services.households.by_id(field.household.id)
    assert household is not None
    assert (household.latitude, household.longitude, household.coordinates_source) == (-6.12, 106.16, "companion")
    assert "sudah diputuskan" in (await admin.press(f"prop:r:{proposal_id}")).text


async def test_review_is_stored_even_if_the_companion_blocked_the_bot(field: Field) -> None:
    bot = field.bot
    visit_id = await flagged(field)
    bot.api.block(field.companion.id)
    answer = await field.serang.press(f"rev:v:{visit_id}")
    assert "diminta berkunjung ulang" in answer.text
    assert (await review_of(bot, visit_id))[0] == "revisit"
    assert field.companion.person is not None
    statuses = await bot.services.dispatch.statuses("review_notice", str(visit_id))
    assert statuses == {field.companion.person.id: DispatchStatus.BLOCKED}


async def test_every_kind_of_message_at_the_reason_prompt_gets_the_hint_and_the_rejection_waits(field: Field) -> None:
    bot, user = field.bot, field.serang
    visit_id = await flagged(field)
    await user.press(f"rev:r:{visit_id}")
    strays = [
        user.send_sticker(),
        user.send_voice(),
        user.send_contact(),
        user.send_photo(picture(7)),
        user.send_document(b"%PDF-1.4", "surat.pdf", "application/pdf"),
        user.send_location(-6.1, 106.1),
        user.send_venue(-6.1, 106.1),
        user.send_text("Foto buram", forwarded=True),
        user.send_text("x" * 4096),
        *(user.send_message(user.message(**content)) for content in OTHER_KINDS),
        user.send_message(user.message(text="Foto buram"), edited=True),
    ]
    for stray in strays:
        answer = await stray
        assert f"Tulis alasan penolakan laporan #{visit_id} sebagai pesan teks biasa" in answer.text, answer.calls
    assert (await review_of(bot, visit_id))[0] is None, "nothing above is the reason"
    assert f"Laporan #{visit_id} ditolak" in (await user.send_text("Lokasi di pasar")).text
    assert (await review_of(bot, visit_id))[:2] == ("rejected", "Lokasi di pasar")
