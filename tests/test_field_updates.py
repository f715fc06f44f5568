"""FieldScene updates through the real Application: a companion proposes each status and each field
from the household card or right after a report, an admin approves or rejects them from the
batch, and the register changes (or the companion learns why not)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.domain import HouseholdStatus, Role, Verdict
from bot.texts import t
from handlers.updates.review import send_not_found_flags
from tests.support.field_updates import NEW_HOME, FieldScene, batches_to, field_scene, sent_to
from tests.support.harness import OTHER_KINDS, BotHarness, BotResponse, FakeClock
from tests.support.office import add_visit
from tests.support.report import Reporter

pytestmark = pytest.mark.both_backends

MENU = "Perubahan data KPM"


@pytest.fixture
async def scene(bot: BotHarness) -> FieldScene:
    return await field_scene(bot)


async def propose(scene: FieldScene, steps: list[str]) -> BotResponse:
    """Walk the steps from the card, then press Kirim."""
    answer = await scene.walk(steps)
    assert "Dicatat" in answer.text, answer.texts
    return await scene.companion.press(answer.button("Kirim"))


async def approve_all(scene: FieldScene) -> BotResponse:
    """The admin's batch arrives; every ✅ in it is pressed. The last press's answer."""
    [batch] = await batches_to(scene.bot, scene.admin)
    answer = None
    for button in batch.buttons:
        if button["text"].startswith("✅ Setujui"):
            answer = await scene.admin.press(button)
    assert answer is not None
    return answer


STATUSES = {
    "moved_away": (
        ["btn:Status keluarga", "btn:Pindah", "txt:Kp. Cibeber RT 03/RW 01, Cilegon", "btn:luar wilayah", "live"],
        {
            "status": HouseholdStatus.MOVED,
            "active": False,
            "address": "Kp. Cibeber RT 03/RW 01, Cilegon",
            "latitude": NEW_HOME[0],
        },
    ),
    "moved_nearby": (
        ["btn:Status keluarga", "btn:Pindah", "txt:Kp. Sebelah RT 02", "btn:Masih di wilayah", "btn:Lewati"],
        {"status": None, "active": True, "address": "Kp. Sebelah RT 02", "latitude": -6.1},
    ),
    "deceased_succeeded": (
        [
            "btn:Status keluarga",
            "btn:meninggal",
            "btn:Ada kepala keluarga baru",
            "txt:Rahmat Hidayat",
            "txt:3604 0112 0390 0007",
            "txt:3604011203159999",
        ],
        {
            "status": None,
            "active": True,
            "head_name": "Rahmat Hidayat",
            "head_nik": "3604011203900007",
            "kk_number": "3604011203159999",
        },
    ),
    "deceased_alone": (
        ["btn:Status keluarga", "btn:meninggal", "btn:Tidak ada penerus"],
        {"status": HouseholdStatus.DECEASED, "active": False, "head_name": "Siti"},
    ),
    "graduated": (
        ["btn:Status keluarga", "btn:Mampu", "txt:Anak sulung bekerja tetap di pabrik"],
        {"status": HouseholdStatus.GRADUATED, "active": False},
    ),
    "not_found": (
        ["btn:Status keluarga", "btn:Tidak ditemukan"],
        {"status": HouseholdStatus.NOT_FOUND, "active": True},
    ),
    "refuses": (["btn:Status keluarga", "btn:Menolak"], {"status": HouseholdStatus.REFUSES, "active": True}),
}


@pytest.mark.parametrize("name", STATUSES)
async def test_each_status_is_proposed_approved_and_changes_the_register(scene: FieldScene, name: str) -> None:
    steps, expected = STATUSES[name]
    sent = await propose(scene, steps)
    assert "Terkirim: 1 usulan perubahan untuk KPM Siti" in sent.text
    [update] = await scene.bot.services.db.fetch_all("SELECT * FROM field_updates")
    assert (update["field"], update["status"], update["visit_id"]) == ("status", "pending", None)

    approved = await approve_all(scene)
    assert "Usulan #1 disetujui: Status keluarga KPM Siti diperbarui" in approved.text
    [notice] = sent_to(approved, scene.companion)
    assert "Usulan perubahan #1 untuk KPM Siti disetujui" in notice
    after = await scene.household(scene.siti)
    assert {key: getattr(after, key) for key in expected} == expected
    audit = await scene.bot.services.db.fetch_one("SELECT * FROM audit_log WHERE action = 'field_update'")
    assert audit is not None and audit["actor_id"] == scene.admin.person.id  # type: ignore[union-attr]


async def test_the_admins_batch_shows_the_change_its_evidence_and_full_numbers(scene: FieldScene) -> None:
    await propose(
        scene,
        [
            "btn:Status keluarga",
            "btn:meninggal",
            "btn:Ada kepala keluarga baru",
            "txt:Rahmat",
            "txt:3604011203900007",
            "btn:tetap sama",
        ],
    )
    [batch] = await batches_to(scene.bot, scene.admin)
    assert "1 usulan perubahan data KPM" in batch.text
    assert "Kepala keluarga meninggal — kepala keluarga baru: Rahmat, NIK 3604011203900007" in batch.text
    assert "Oleh Asep" in batch.text and "tanpa laporan kunjungan (dari kartu KPM)" in batch.text
    assert [b["callback_data"] for b in batch.buttons] == ["chg:a:1", "chg:r:1"]
    assert await batches_to(scene.bot, scene.admin) == [], "told once"


FIELDS = {
    "phone": (["btn:Telepon", "txt:0812-3456-7890"], "phone", "+6281234567890"),
    "phone_contact": (["btn:Telepon", "contact"], "phone", "+6281234567890"),
    "members": (["btn:Jumlah anggota", "txt:6"], "members", 6),
    "under_five": (["btn:Komponen", "btn:balita", "txt:1"], "under_five", 1),
    "school_sd": (["btn:Komponen", "btn:SD", "txt:2"], "school_sd", 2),
    "school_smp": (["btn:Komponen", "btn:SMP", "txt:1"], "school_smp", 1),
    "school_sma": (["btn:Komponen", "btn:SMA", "txt:0"], "school_sma", 0),
    "pregnant": (["btn:Komponen", "btn:hamil", "txt:1"], "pregnant", 1),
    "elderly": (["btn:Komponen", "btn:Lansia", "txt:2"], "elderly", 2),
    "disabled": (["btn:Komponen", "btn:disabilitas", "txt:1"], "disabled", 1),
    "note": (["btn:Catatan", "txt:Ibu sedang dirawat di RSUD"], "note", "Ibu sedang dirawat di RSUD"),
}


@pytest.mark.parametrize("name", FIELDS)
async def test_each_field_is_proposed_approved_and_kept_in_the_field_profile(scene: FieldScene, name: str) -> None:
    steps, field_name, value = FIELDS[name]
    await propose(scene, steps)
    stored = await scene.bot.services.db.fetch_one("SELECT field, value FROM field_updates")
    assert stored is not None and (stored[0], json.loads(stored[1])) == (field_name, value)
    await approve_all(scene)
    profile = await scene.bot.services.field_updates.profile(scene.siti.id)
    assert profile is not None and getattr(profile, field_name) == value
    card = await scene.companion.command("kpm", "Siti")
    assert str(value) in card.text


async def test_the_address_and_several_changes_at_once(scene: FieldScene) -> None:
    answer = await scene.walk(["btn:Alamat", "txt:Jl. Melati No. 3, RT 01", "btn:Jumlah anggota", "txt:4"])
    assert "Alamat: Jl. Melati No. 3, RT 01" in answer.text and "Jumlah anggota keluarga: 4" in answer.text
    sent = await scene.companion.press(answer.button("Kirim (2)"))
    assert "Terkirim: 2 usulan" in sent.text
    await approve_all(scene)
    assert (await scene.household(scene.siti)).address == "Jl. Melati No. 3, RT 01"


BAD_INPUT = [
    (["btn:Telepon"], "12345", "bukan nomor telepon Indonesia"),
    (["btn:Telepon"], '=HYPERLINK("x")', "bukan nomor telepon Indonesia"),
    (["btn:Jumlah anggota"], "-3", "tidak bisa negatif"),
    (["btn:Jumlah anggota"], "31", "tidak masuk akal"),
    (["btn:Jumlah anggota"], "empat", "satu angka bulat"),
    (["btn:Jumlah anggota", "txt:3", "btn:Komponen", "btn:SD"], "4", "lebih banyak dari jumlah anggota keluarga (3)"),
    (["btn:Komponen", "btn:balita", "txt:3", "btn:Jumlah anggota"], "2", "lebih sedikit dari komponen"),
    (["btn:Alamat"], "=1+1", "rumus"),
    (["btn:Catatan"], "x" * 501, "paling banyak 500"),
    (["btn:Status keluarga", "btn:meninggal", "btn:Ada kepala keluarga baru"], "12345", "tanpa huruf"),
    (["btn:Status keluarga", "btn:meninggal", "btn:Ada kepala keluarga baru", "txt:Rahmat"], "36040112039", "16 angka"),
    (
        ["btn:Status keluarga", "btn:meninggal", "btn:Ada kepala keluarga baru", "txt:Rahmat", "txt:3604011203900007"],
        "3204011203150012",
        "diawali kode provinsi 36",
    ),
    (["btn:Status keluarga", "btn:Mampu"], "   ", "Wajib diisi"),
]


@pytest.mark.parametrize(("steps", "value", "hint"), BAD_INPUT)
async def test_bad_values_are_explained_and_the_step_and_draft_stay(
    scene: FieldScene, steps: list[str], value: str, hint: str
) -> None:
    await scene.walk(steps)
    draft = await scene.draft()
    answer = await scene.companion.send_text(value)
    assert hint.lower() in answer.text.lower(), answer.texts
    assert "Dicatat" not in answer.text
    assert await scene.draft() == draft
    assert await scene.bot.services.db.fetch_value("SELECT COUNT(*) FROM field_updates") == 0


# Each state, the steps that reach it from the menu, and a word of its question.
STATES = {
    "choose": ([], MENU),
    "phone": (["btn:Telepon"], "nomor telepon"),
    "address": (["btn:Alamat"], "alamat keluarga"),
    "count": (["btn:Jumlah anggota"], "Ketik angka 0–30"),
    "note": (["btn:Catatan"], "catatan untuk admin"),
    "moved_address": (["btn:Status keluarga", "btn:Pindah"], "Ke mana keluarga pindah"),
    "moved_away": (["btn:Status keluarga", "btn:Pindah", "txt:Kp. Baru"], "masih di wilayah dampingan"),
    "moved_location": (
        ["btn:Status keluarga", "btn:Pindah", "txt:Kp. Baru", "btn:luar wilayah"],
        "lokasi langsung",
    ),
    "successor": (["btn:Status keluarga", "btn:meninggal"], "kepala keluarga pengganti"),
    "successor_name": (["btn:Status keluarga", "btn:meninggal", "btn:Ada kepala"], "nama kepala keluarga yang baru"),
    "successor_nik": (
        ["btn:Status keluarga", "btn:meninggal", "btn:Ada kepala", "txt:Rahmat"],
        "NIK kepala keluarga yang baru",
    ),
    "successor_kk": (
        ["btn:Status keluarga", "btn:meninggal", "btn:Ada kepala", "txt:Rahmat", "txt:3604011203900007"],
        "No. KK berubah",
    ),
    "graduated_reason": (["btn:Status keluarga", "btn:Mampu"], "sudah mampu"),
}
TYPED_STATES = {
    "phone",
    "address",
    "count",
    "note",
    "moved_address",
    "successor_name",
    "successor_nik",
    "successor_kk",
    "graduated_reason",
}


async def wrong_messages(scene: FieldScene, state: str) -> list[BotResponse]:
    user = scene.companion
    answers = [
        await user.send_sticker(),
        await user.send_voice(),
        await user.send_photo(b"\xff\xd8jpeg"),
        await user.send_document(b"%PDF", "surat.pdf", "application/pdf"),
        await user.send_document(b"id_dtks\n", "kpm.csv", "text/csv"),
        await user.send_text("Kp. Lain", forwarded=True),
        await user.send_venue(-6.05, 106.11),
        await user.command("kpm", "Siti"),
        await user.command("lapor"),
        await user.press("upd:send" if state != "choose" else "upd:heir:yes"),
        await user.press("rep:start"),
        *[await user.send_message(user.message(**content)) for content in OTHER_KINDS],
        await user.send_message(user.message(text="Kp. Lain"), edited=True),
        await user.send_location(*NEW_HOME, accuracy=8),  # static: no state takes it
    ]
    if state != "phone":
        answers.append(await user.send_contact())
    if state not in TYPED_STATES:
        answers.append(await user.send_text("Kp. Lain"))
    return answers


@pytest.mark.parametrize("state", STATES)
async def test_every_state_answers_every_kind_of_wrong_message_with_its_hint_and_keeps_the_draft(
    scene: FieldScene, state: str
) -> None:
    steps, question = STATES[state]
    reached = await scene.walk(steps)
    assert question in reached.text, reached.texts
    draft = await scene.draft()
    for answer in await wrong_messages(scene, state):
        assert answer.texts, "every message gets an answer"
        assert question in answer.text, f"{state}: {answer.texts}"
        assert "/batal" in answer.text or state == "choose", answer.texts
        assert not any("kesalahan" in text for text in answer.texts)
    assert await scene.draft() == draft, "the draft is kept as it was"
    assert await scene.bot.services.db.fetch_value("SELECT COUNT(*) FROM field_updates") == 0
    assert await scene.bot.services.db.fetch_value("SELECT COUNT(*) FROM visits") == 0


async def test_back_returns_to_the_list_without_the_value_and_batal_cancels(scene: FieldScene) -> None:
    answer = await scene.walk(["btn:Jumlah anggota", "txt:4", "btn:Telepon"])
    back = await scene.companion.press(answer.button("Kembali"))
    assert MENU in back.text and "Jumlah anggota keluarga: 4" in back.text and "Telepon:" not in back.text
    cancelled = await scene.companion.command("batal")
    assert "Usulan perubahan dibatalkan" in cancelled.text
    assert await scene.draft() is None
    assert await scene.bot.services.db.fetch_value("SELECT COUNT(*) FROM field_updates") == 0


async def test_kirim_without_changes_and_kirim_pressed_twice(scene: FieldScene) -> None:
    menu = await scene.open_menu()
    empty = await scene.companion.press(menu.button("Kirim (0)"))
    assert empty.toast == "Belum ada perubahan yang dicatat."
    answer = await scene.walk(["btn:Catatan", "txt:Rumah dijual"], menu)
    first = await scene.companion.press(answer.button("Kirim"))
    second = await scene.companion.press(answer.button("Kirim"))
    assert "Terkirim" in first.text and "Terkirim" not in second.text
    assert await scene.bot.services.db.fetch_value("SELECT COUNT(*) FROM field_updates") == 1


async def test_a_static_location_at_the_new_home_is_not_taken(scene: FieldScene) -> None:
    steps = ["btn:Status keluarga", "btn:Pindah", "txt:Kp. Baru", "btn:luar wilayah"]
    answer = await scene.walk([*steps, "static"])
    assert "lokasi langsung dari rumah baru" in answer.text
    outside = await scene.companion.send_location(-7.8, 110.36, live_period=900, accuracy=8)
    assert "di luar Provinsi" in outside.text
    noted = await scene.companion.send_location(*NEW_HOME, live_period=900, accuracy=8)
    assert "Dicatat" in noted.text and f"{NEW_HOME[0]:.6f}" in noted.text


async def test_a_household_the_companion_does_not_hold_is_refused(scene: FieldScene) -> None:
    other = await scene.bot.register(Role.COMPANION, first_name="Lain")
    answer = await other.press(f"upd:new:{scene.siti.id}")
    assert "tidak (lagi) Anda dampingi" in answer.text
    assert scene.bot.app.user_data.get(other.id, {}).get("update_draft") is None
    card = await other.command("kpm", "Siti")
    assert not card.buttons, "no button on a household one does not accompany"


async def test_a_household_reassigned_mid_way_is_refused_at_kirim(scene: FieldScene) -> None:
    answer = await scene.walk(["btn:Catatan", "txt:Pindah ke rumah anak"])
    other = await scene.bot.register(Role.COMPANION, first_name="Lain")
    assert other.person is not None and scene.admin.person is not None
    await scene.bot.services.households.reassign(scene.siti, other.person.id, scene.admin.person.id)
    refused = await scene.companion.press(answer.button("Kirim"))
    assert "tidak (lagi) Anda dampingi" in refused.text
    assert await scene.bot.services.db.fetch_value("SELECT COUNT(*) FROM field_updates") == 0


async def test_one_journey_at_a_time(scene: FieldScene) -> None:
    card = await scene.companion.command("kpm", "Siti")
    reporter = Reporter(scene.bot, scene.companion)
    await reporter.start()
    during_report = await scene.companion.press(card.button("Laporkan perubahan"))
    assert "Langkah ini menunggu lokasi langsung Anda" in during_report.text, "the report's step answers"
    assert "report_draft" in scene.bot.app.user_data[scene.companion.id]
    assert await scene.draft() is None
    await scene.companion.command("batal")
    menu = await scene.companion.press(card.button("Laporkan perubahan"))
    assert MENU in menu.text
    during = await scene.companion.command("lapor")
    assert MENU in during.text and "report_draft" not in scene.bot.app.user_data[scene.companion.id]


async def test_after_a_report_the_offer_is_skipped_in_one_tap_or_taken_with_the_report_as_evidence(
    scene: FieldScene,
) -> None:
    reporter = Reporter(scene.bot, scene.companion)
    receipt = await reporter.report("Siti", (-6.1, 106.15))
    assert "Nomor laporan: <b>#1</b>" in receipt.text and "Ada perubahan data keluarga Siti?" in receipt.text
    skipped = await scene.companion.press(receipt.button("Tidak ada"))
    assert skipped.toast == "Baik, tidak ada perubahan."
    assert [call.method for call in skipped.calls] == ["answerCallbackQuery", "editMessageReplyMarkup"]

    menu = await scene.companion.press(receipt.button("Laporkan perubahan"))
    answer = await scene.walk(["btn:Status keluarga", "btn:Tidak ditemukan"], menu)
    await scene.companion.press(answer.button("Kirim"))
    [batch] = await batches_to(scene.bot, scene.admin)
    assert "laporan #1 (terverifikasi" in batch.text
    assert await scene.bot.services.db.fetch_value("SELECT visit_id FROM field_updates") == 1


async def test_rejection_asks_a_reason_hints_at_anything_else_and_tells_the_companion(scene: FieldScene) -> None:
    await propose(scene, ["btn:Status keluarga", "btn:Mampu", "txt:Sudah punya warung"])
    [batch] = await batches_to(scene.bot, scene.admin)
    prompt = await scene.admin.press(batch.buttons[1])
    assert "Tulis alasan penolakan usulan #1" in prompt.text
    admin = scene.admin
    wrongs = [
        await admin.send_sticker(),
        await admin.send_photo(b"\xff\xd8jpeg"),
        await admin.send_voice(),
        await admin.send_text("x", forwarded=True),
        await admin.send_message(admin.message(text="Alasan lama"), edited=True),
        *[await admin.send_message(admin.message(**content)) for content in OTHER_KINDS],
    ]
    for wrong in wrongs:
        assert "Tulis alasan penolakan usulan #1 sebagai pesan teks biasa" in wrong.text, wrong.texts
    assert await scene.bot.services.db.fetch_value("SELECT status FROM field_updates") == "pending"
    rejected = await scene.admin.send_text("Warungnya kecil, masih layak dibantu")
    assert "Usulan #1 ditolak" in rejected.text
    [notice] = sent_to(rejected, scene.companion)
    assert "ditolak. Alasan: Warungnya kecil, masih layak dibantu" in notice
    after = await scene.household(scene.siti)
    assert (after.status, after.active) == (None, True)
    again = await scene.admin.press(batch.buttons[0])
    assert "Usulan #1 sudah ditolak oleh Rina" in again.text


async def test_batal_drops_a_rejection_waiting_for_its_reason(scene: FieldScene) -> None:
    await propose(scene, ["btn:Catatan", "txt:Rumah kosong"])
    [batch] = await batches_to(scene.bot, scene.admin)
    await scene.admin.press(batch.buttons[1])
    dropped = await scene.admin.command("batal")
    assert "Penolakan dibatalkan; usulan #1 masih menunggu" in dropped.text
    assert await scene.bot.services.db.fetch_value("SELECT status FROM field_updates") == "pending"


async def test_a_replaced_proposal_says_so_to_the_reviewer(scene: FieldScene) -> None:
    await propose(scene, ["btn:Telepon", "txt:081234567890"])
    [first] = await batches_to(scene.bot, scene.admin)
    sent = await propose(scene, ["btn:Telepon", "txt:081299998888"])
    assert "sebelumnya untuk kolom yang sama diganti" in sent.text
    pressed = await scene.admin.press(first.buttons[0])
    assert "Usulan #1 sudah diganti usulan #2" in pressed.text
    profile = await scene.bot.services.field_updates.profile(scene.siti.id)
    assert profile is None


async def test_coordinators_review_only_where_allowed(tmp_path: Path) -> None:
    for allowed in (False, True):
        async with BotHarness(tmp_path / str(allowed), {"updates": {"coordinators_approve": allowed}}) as bot:
            scene = await field_scene(bot)
            await propose(scene, ["btn:Jumlah anggota", "txt:5"])
            batches = await batches_to(bot, scene.coordinator)
            pressed = await scene.coordinator.press("chg:a:1")
            status = await bot.services.db.fetch_value("SELECT status FROM field_updates")
            if allowed:
                assert len(batches) == 1 and "disetujui" in pressed.text and status == "approved"
            else:
                assert batches == [] and "bukan wewenang Anda" in pressed.text and status == "pending"


async def test_a_household_not_found_twice_is_flagged_to_its_coordinator_once(scene: FieldScene) -> None:
    """Whoever runs the round (the alert job a proposal wakes, or this test), it tells once."""
    steps = ["btn:Status keluarga", "btn:Tidak ditemukan"]

    async def told() -> list[str]:
        for _ in range(2):
            await send_not_found_flags(scene.bot.app)
        await scene.bot.wait_for(lambda: _all_counted(scene))
        calls = scene.bot.api.calls
        return [c.text for c in calls if c.chat_id in (scene.coordinator.id, scene.admin.id) and "2 kali" in c.text]

    await propose(scene, steps)
    assert await told() == []
    scene.bot.clock.advance(7 * 86400)
    await propose(scene, steps)
    [notice] = await told()
    assert "KPM tidak ditemukan 2 kali</b>: Siti" in notice and "Asep" in notice
    assert [c.chat_id for c in scene.bot.api.calls if "2 kali" in c.text] == [scene.coordinator.id]


async def _all_counted(scene: FieldScene) -> bool:
    uncounted = "SELECT COUNT(*) FROM field_updates WHERE field = 'status' AND counted_at IS NULL"
    return not await scene.bot.services.db.fetch_value(uncounted)


async def test_the_journey_resumes_after_a_crash_and_ends_when_left_idle(tmp_path: Path) -> None:
    clock = FakeClock()
    async with BotHarness(tmp_path, clock=clock) as bot:
        scene = await field_scene(bot)
        await scene.walk(["btn:Jumlah anggota"])
        await bot.crash_and_restart()
        noted = await scene.companion.send_text("7")
        assert "Dicatat" in noted.text and "Jumlah anggota keluarga: 7" in noted.text
        clock.advance(31 * 60)
        late = await scene.companion.press("upd:menu:status")
        assert t("upd.expired", minutes=30) in late.text
        assert await scene.draft() is None


@pytest.mark.parametrize("last", ["report", "proposal"])
async def test_the_reason_goes_to_the_rejection_pressed_last(tmp_path: Path, last: str) -> None:
    """A reviewer who presses Tolak on a field update and on a report, in either order, is asked
    one reason: the one pressed last; the other stays undecided."""
    async with BotHarness(tmp_path, {"updates": {"coordinators_approve": True}}) as bot:
        scene = await field_scene(bot)
        await propose(scene, ["btn:Jumlah anggota", "txt:5"])
        await batches_to(bot, scene.coordinator)
        visit_id = await add_visit(
            bot, scene.siti, scene.companion, bot.clock.now() - 60, verdict=Verdict.OUTSIDE, flags=("outside",)
        )
        presses = ["chg:r:1", f"rev:r:{visit_id}"]
        for data in presses if last == "report" else presses[::-1]:
            asked = await scene.coordinator.press(data)
        assert ("Tulis alasan penolakan usulan #1" in asked.text) == (last == "proposal")
        await scene.coordinator.send_text("Alasan yang terakhir")
        await scene.coordinator.send_text("Terima kasih")  # no reason waits any more: not one
        proposal = await bot.services.db.fetch_value("SELECT status FROM field_updates")
        report = await bot.services.db.fetch_value("SELECT review_status FROM visits WHERE id = ?", (visit_id,))
        assert (proposal, report) == (("pending", "rejected") if last == "report" else ("rejected", None))
