"""/kpmbaru: an admin registers one household step by step; every step survives wrong input."""

from __future__ import annotations

import json

import pytest

from bot.domain import NewHousehold, Role
from storage.bot_state import StateChanges
from tests.support.harness import OTHER_KINDS, BotHarness, BotResponse, FakeUser

STEPS = (
    "ID DTKS",
    "No. KK",
    "nama kepala keluarga",
    "NIK kepala keluarga",
    "alamat",
    "kabupaten/kota",
    "kecamatan",
    "desa/kelurahan",
    "koordinat rumah",
    "pendamping",
    "Periksa data",
)


async def walk_to(admin: FakeUser, step: int) -> BotResponse:
    """Answer the steps before `step` (0-based) correctly; return the last answer."""
    answer = await admin.command("kpmbaru")
    inputs: list[object] = [
        "3604000000000123",
        "3604011203150012",
        "Siti Aminah",
        "3604015505800012",
        "Kp. Pejaten RT 002/RW 003",
        "button:Kabupaten Serang",
        "Kramatwatu",
        "Pejaten",
        "-6,0512, 106,1107",
        "button:Budi",
    ]
    for value in inputs[:step]:
        if isinstance(value, str) and value.startswith("button:"):
            answer = await admin.press(answer.button(value.removeprefix("button:")))
        else:
            answer = await admin.send_text(str(value))
    assert STEPS[step] in answer.text, answer.text
    return answer


async def test_admin_registers_a_household_step_by_step(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    budi = await bot.register(Role.COMPANION, regions=("3604",), first_name="Budi")
    await bot.register(Role.COMPANION, regions=("3601",), first_name="Asep")
    companion_step = await walk_to(admin, 9)
    labels = [b["text"] for b in companion_step.buttons]
    assert "Budi" in labels and "Asep" not in labels, "only companions of the household's region"
    confirm = await admin.press(companion_step.button("Budi"))
    assert "3604000000000123" in confirm.text and "-6.051200, 106.110700" in confirm.text
    saved = await admin.press(confirm.button("Simpan"))
    assert "KPM Siti Aminah tersimpan" in saved.text
    household = await bot.services.households.by_dtks_id("3604000000000123")
    assert household is not None and household.companion_id == budi.person.id  # type: ignore[union-attr]
    assert (household.latitude, household.longitude, household.coordinates_source) == (-6.0512, 106.1107, "admin")
    assert household.kk_number == "3604011203150012" and household.desa == "Pejaten"
    assert household.head_nik == "3604015505800012"
    audit = await bot.services.db.fetch_one("SELECT * FROM audit_log WHERE entity = 'household'")
    assert audit is not None and audit["actor_id"] == admin.person.id  # type: ignore[union-attr]
    assert json.loads(audit["new_value"])["dtks_id"] == "3604000000000123"
    assert "Tidak ada yang perlu dibatalkan" in (await admin.command("batal")).text


async def wrong_messages(admin: FakeUser, step: int) -> list[BotResponse]:
    old_button = "reg:new:save" if step == 5 else "reg:new:r:3601"
    return [
        await admin.send_sticker(),
        await admin.send_voice(),
        await admin.send_contact(),
        await admin.send_photo(b"\xff\xd8jpeg"),
        await admin.send_document(b"%PDF", "surat.pdf", "application/pdf"),
        await admin.send_document(b"id_dtks\n", "kpm.csv", "text/csv"),
        await admin.send_text("3604000000000999", forwarded=True),
        await admin.send_venue(-6.05, 106.11),
        await admin.command("kpm", "Siti"),
        await admin.press(old_button),
        *[await admin.send_message(admin.message(**content)) for content in OTHER_KINDS],
        await admin.send_message(admin.message(text="Siti Aminah"), edited=True),
    ]


@pytest.mark.parametrize("step", range(11))
async def test_every_step_answers_wrong_messages_and_stays(bot: BotHarness, step: int) -> None:
    admin = await bot.register(Role.ADMIN)
    await bot.register(Role.COMPANION, regions=("3604",), first_name="Budi")
    await walk_to(admin, step)
    draft = bot.app.user_data[admin.id]["kpm_draft"]
    for answer in await wrong_messages(admin, step):
        assert answer.texts, "every message gets an answer"
        assert STEPS[step] in answer.text, f"step {step} asked again: {answer.text}"
    # Positions no household of the province has: at the coordinates step refused as such.
    for position, refusal in (((0.0, 0.0), "GPS belum mendapat posisi"), ((-7.8, 110.36), "di luar Provinsi Banten")):
        answer = await admin.send_location(*position)
        assert (refusal if step == 8 else STEPS[step]) in answer.text, answer.texts
    # A text longer than any value: refused with the reason where a text is the answer.
    answer = await admin.send_text("x" * 4096)
    expected = {5: STEPS[5], 8: "tidak terbaca", 9: STEPS[9], 10: STEPS[10]}.get(step, "Coba lagi")
    assert expected in answer.text, answer.texts
    assert bot.app.user_data[admin.id]["kpm_draft"] == draft, "the draft is kept as it was"
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM households") == 0
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM import_batches") == 0


@pytest.mark.parametrize(
    ("step", "value", "hint"),
    [
        (0, "ab", "ID DTKS harus 4–32 huruf/angka"),
        (0, "=1+1", "rumus"),
        (1, "36040112", "16 angka"),
        (1, "3204011203150012", "diawali kode provinsi 36"),
        (2, "12345", "tanpa huruf"),
        (3, "36040155058", "16 angka"),
        (3, "=1+1", "rumus"),
        (4, "   ", "Wajib diisi"),
        (8, "0, 0", "GPS belum mendapat posisi"),
        (8, "106.1107, -6.0512", "tertukar"),
        (8, "-7.8, 110.36", "di luar Provinsi Banten"),
        (8, "https://maps.app.goo.gl/xyz", "Tautan pendek"),
        (8, "rumah pak RT", "tidak terbaca"),
    ],
)
async def test_invalid_values_are_explained_and_the_step_stays(
    bot: BotHarness, step: int, value: str, hint: str
) -> None:
    admin = await bot.register(Role.ADMIN)
    await walk_to(admin, step)
    answer = await admin.send_text(value)
    assert hint in answer.text
    assert STEPS[step + 1] not in answer.text
    assert (
        STEPS[step + 1]
        in (
            await admin.send_text(
                [
                    "3604000000000123",
                    "3604011203150012",
                    "Siti",
                    "3604015505800012",
                    "Kp. X",
                    "",
                    "",
                    "",
                    "-6.05, 106.11",
                ][step]
            )
        ).text
    )


async def test_coordinates_by_shared_location_or_map_link(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    await walk_to(admin, 8)
    assert "tertukar" in (await admin.send_location(106.11, -6.05)).text
    assert "diteruskan tidak dipakai" in (await admin.send_location(-6.05, 106.11, forwarded=True)).text
    answer = await admin.send_location(-6.0601, 106.1202)
    assert "belum ada pendamping aktif" in answer.text
    confirm = await admin.press(answer.button("Tanpa pendamping"))
    assert "-6.060100, 106.120200" in confirm.text
    await admin.press(confirm.button("Simpan"))
    household = await bot.services.households.by_dtks_id("3604000000000123")
    assert household is not None and household.companion_id is None and household.latitude == -6.0601

    await walk_to(admin, 0)
    await admin.send_text("3604000000000124")
    for value in ("3604011203150013", "Dewi", "3604015505800013", "Kp. Y"):
        answer = await admin.send_text(value)
    answer = await admin.press(answer.button("Kabupaten Serang"))
    await admin.send_text("Kramatwatu")
    await admin.send_text("Pejaten")
    link = "https://www.google.com/maps/place/Rumah/@-6.0512,106.1107,17z"
    assert "-6.051200, 106.110700" in (await admin.press((await admin.send_text(link)).button("Tanpa"))).text


async def test_coordinates_can_be_skipped(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    answer = await walk_to(admin, 8)
    answer = await admin.press(answer.button("Lewati"))
    confirm = await admin.press(answer.button("Tanpa pendamping"))
    assert "Koordinat: belum ada" in confirm.text
    await admin.press(confirm.button("Simpan"))
    household = await bot.services.households.by_dtks_id("3604000000000123")
    assert household is not None and household.latitude is None and household.coordinates_source is None


async def test_known_dtks_id_is_refused_at_the_first_step(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    await bot.services.households.add(NewHousehold("3604000000000123", "Siti Aminah", "3604"), None)
    await admin.command("kpmbaru")
    answer = await admin.send_text("3604000000000123")
    assert "sudah terdaftar (KPM Siti Aminah)" in answer.text
    assert "No. KK" not in answer.text


async def test_conversation_resumes_after_a_restart_and_crash(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    await walk_to(admin, 4)
    await bot.restart()
    answer = await admin.send_text("Kp. Pejaten")
    assert "kabupaten/kota" in answer.text
    await bot.crash_and_restart()
    answer = await admin.press(answer.button("Kabupaten Serang"))
    assert "kecamatan" in answer.text
    for value in ("Kramatwatu", "Pejaten", "-6.05, 106.11"):
        answer = await admin.send_text(value)
    confirm = await admin.press(answer.button("Tanpa pendamping"))
    assert "Siti Aminah" in confirm.text and "Kp. Pejaten" in confirm.text
    await admin.press(confirm.button("Simpan"))
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM households") == 1


async def test_cancel_drops_the_draft(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    await walk_to(admin, 6)
    assert "dibatalkan" in (await admin.command("batal")).text
    assert "Perintah tidak dikenal" not in (await admin.command("kpm", "x")).text
    confirm_cancel = await walk_to(admin, 8)
    answer = await admin.press(confirm_cancel.button("Lewati"))
    answer = await admin.press(answer.button("Tanpa pendamping"))
    assert "dibatalkan" in (await admin.press(answer.button("Batal"))).text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM households") == 0


async def test_an_admin_deactivated_mid_entry_is_a_stranger_from_the_next_step(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    await admin.command("kpmbaru")
    assert admin.person is not None
    await bot.services.db.execute("UPDATE people SET active = 0 WHERE id = ?", (admin.person.id,))
    bot.services.people.forget_cached()  # written by hand, not through the repository
    answer = await admin.send_text("3604000000000001")
    assert "belum terdaftar" in answer.text
    assert "kpm_draft" not in bot.app.user_data.get(admin.id, {})


async def test_another_journeys_button_mid_entry_gets_a_hint(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    await admin.command("kpmbaru")
    answer = await admin.press("rev:a:1")
    assert answer.toast and "DTKS" in answer.text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM visits WHERE review_status IS NOT NULL") == 0


async def test_kk_and_nik_are_optional_and_checked_like_an_import(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    asked_kk = await walk_to(admin, 1)
    assert "Lewati" in [b["text"] for b in asked_kk.buttons]
    asked_name = await admin.press(asked_kk.button("Lewati"))
    assert "nama kepala keluarga" in asked_name.text
    asked_nik = await admin.send_text("Siti Aminah")
    assert "NIK kepala keluarga" in asked_nik.text and "16 angka" in asked_nik.text
    assert "16 angka" in (await admin.send_text("3604 0155 0580")).text
    answer = await admin.send_text("3601015505800012")  # issued in Pandeglang
    assert "alamat" in answer.text
    answer = await admin.send_text("Kp. Pejaten")
    warned = await admin.press(answer.button("Kabupaten Serang"))
    assert "NIK diawali kode 3601" in warned.text and "kecamatan" in warned.text
    for value in ("Kramatwatu", "Pejaten"):
        answer = await admin.send_text(value)
    answer = await admin.press(answer.button("Lewati"))
    confirm = await admin.press(answer.button("Tanpa pendamping"))
    assert "No. KK: belum ada" in confirm.text and "NIK: 3601015505800012" in confirm.text
    await admin.press(confirm.button("Simpan"))
    household = await bot.services.households.by_dtks_id("3604000000000123")
    assert household is not None and household.kk_number is None and household.head_nik == "3601015505800012"


async def test_a_skip_button_of_an_earlier_step_skips_nothing(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    kk_skip = (await walk_to(admin, 1)).button("Lewati")
    await admin.send_text("3604011203150012")
    nik_skip = (await admin.send_text("Siti Aminah")).button("Lewati")
    assert kk_skip["callback_data"] != nik_skip["callback_data"]

    def draft() -> dict[str, object]:
        return dict(json.loads(bot.app.user_data[admin.id]["kpm_draft"]))

    pressed = await admin.press(kk_skip)
    assert pressed.toast == "Tombol itu sudah tidak berlaku." and "NIK kepala keluarga" in pressed.text
    assert draft()["kk_number"] == "3604011203150012" and draft()["head_nik"] is None
    answer = await admin.send_text("3604015505800012")
    answer = await admin.press((await admin.send_text("Kp. Pejaten")).button("Kabupaten Serang"))
    for value in ("Kramatwatu", "Pejaten"):
        answer = await admin.send_text(value)
    coordinates_skip = answer.button("Lewati")
    for old in (kk_skip, nik_skip, "reg:new:skip"):  # the last: a button from before skips were bound
        pressed = await admin.press(old)
        assert pressed.toast == "Tombol itu sudah tidak berlaku." and "koordinat rumah" in pressed.text
        await bot.state_written()
        assert await bot.services.bot_state.conversations("kpm_new") == [(f"[{admin.id}, {admin.id}]", '"coordinates"')]
        assert draft()["latitude"] is None
    assert draft()["head_nik"] == "3604015505800012"
    assert "pendamping" in (await admin.press(coordinates_skip)).text


async def test_an_entry_left_idle_ends_with_a_message_from_the_idle_job(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    await walk_to(admin, 2)
    [sweep] = bot.app.job_queue.get_jobs_by_name("idle-drafts")
    bot.clock.advance(119 * 60)
    await sweep.run(bot.app)
    assert "kpm_draft" in bot.app.user_data[admin.id], "119 minutes idle is not too long"
    bot.clock.advance(2 * 60)
    before = len(bot.api.calls)
    await sweep.run(bot.app)
    told = bot.api.calls[before:]
    assert [call.chat_id for call in told] == [admin.id]
    assert "tidak ada kegiatan selama 120 menit" in told[0].text
    assert "kpm_draft" not in bot.app.user_data[admin.id]
    assert "belum mengerti" in (await admin.send_text("Siti Aminah")).text, "the entry has ended"
    assert "ID DTKS" in (await admin.command("kpmbaru")).text, "a new entry can start"
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM households") == 0


async def test_a_step_taken_after_the_idle_limit_ends_the_entry(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    await walk_to(admin, 2)
    bot.clock.advance(121 * 60)
    answer = await admin.send_text("Siti Aminah")
    assert "tidak ada kegiatan selama 120 menit" in answer.text
    assert "kpm_draft" not in bot.app.user_data[admin.id]


async def test_batal_cancels_a_draft_a_crash_separated_from_its_conversation(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    await walk_to(admin, 2)
    await bot.state_written()
    # The crash saved the draft but not its step: the conversation reads as ended.
    await bot.services.bot_state.save(StateChanges(conversations={("kpm_new", f"[{admin.id}, {admin.id}]"): None}))
    await bot.crash_and_restart(state_written=False)
    assert "kpm_draft" in bot.app.user_data[admin.id]
    assert "Pendaftaran KPM dibatalkan" in (await admin.command("batal")).text
    assert "kpm_draft" not in bot.app.user_data[admin.id]
    assert "Tidak ada yang perlu dibatalkan" in (await admin.command("batal")).text
