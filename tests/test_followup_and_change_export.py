"""Programme follow-up and the export of approved changes through the real Application: a
condition a problem visit after visit reaches the coordinator (/tindaklanjut, the weekly
digest's section and sheet), the companion's reminder and the next report of the household;
approved changes go out as CSV/XLSX for the DTKS reconciliation, full numbers for admins only."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from bot.domain import Role
from bot.texts import t
from handlers.scheduled.jobs import REMINDERS, WEEKLY_DIGEST, run_due
from tests.support.field_updates import FieldScene, batches_to, field_scene
from tests.support.harness import BotHarness, FakeUser
from tests.support.office import DAY, add_visit
from tests.support.report import Reporter

UNKNOWN = t("unknown_command")
PROBLEM = {
    "health_check": "checked",
    "posyandu": "checked",
    "school": "problem",
    "elderly_care": "not_applicable",
    "disability_care": "not_applicable",
}
MET = {**PROBLEM, "school": "checked"}


@pytest.fixture
async def scene(bot: BotHarness) -> FieldScene:
    """Siti's last two visits found school attendance a problem; Ujang's last one only."""
    scene = await field_scene(bot)
    now = bot.clock.now()
    for household, marks in ((scene.siti, (PROBLEM, PROBLEM)), (scene.ujang, (PROBLEM, MET, PROBLEM))):
        for number, conditions in enumerate(marks):
            await add_visit(bot, household, scene.companion, now - (10 - 3 * number) * DAY, conditions=conditions)
    return scene


def sent(bot: BotHarness, user: FakeUser, since: int = 0, method: str = "sendMessage") -> list[str]:
    return [call.text for call in bot.api.calls[since:] if call.chat_id == user.id and call.method == method]


async def test_the_coordinator_lists_the_households_to_follow_up_now(scene: FieldScene) -> None:
    answer = await scene.coordinator.command("tindaklanjut")
    assert "1 KPM dengan syarat program yang bermasalah pada 2 kunjungan terakhir" in answer.text
    assert "• Siti (3604" in answer.text and "Kehadiran sekolah anak 2× (terakhir 20/11/2025) · Asep" in answer.text
    assert "Ujang" not in answer.text
    other = await scene.bot.register(Role.COORDINATOR, regions=("3602",))
    assert (
        "Tidak ada KPM yang perlu tindak lanjut program di Kabupaten Lebak"
        in (await other.command("tindaklanjut")).text
    )
    assert (await scene.companion.command("tindaklanjut")).text == UNKNOWN


async def test_a_visit_that_finds_the_condition_met_closes_the_follow_up(scene: FieldScene) -> None:
    await add_visit(scene.bot, scene.siti, scene.companion, scene.bot.clock.now() - 3600, conditions=MET)
    assert "Tidak ada KPM yang perlu tindak lanjut" in (await scene.admin.command("tindaklanjut")).text


async def test_the_weekly_digest_has_a_follow_up_section_and_sheet(scene: FieldScene) -> None:
    before = len(scene.bot.api.calls)
    await run_due(scene.bot.app, WEEKLY_DIGEST)
    [message] = sent(scene.bot, scene.coordinator, before)
    assert "🔁 Tindak lanjut program: 1 KPM dengan syarat bermasalah 2 kunjungan berturut-turut" in message
    assert "  – Siti (Sukamaju): Kehadiran sekolah anak 2×" in message
    [document] = [
        c for c in scene.bot.api.calls[before:] if c.chat_id == scene.coordinator.id and c.method == "sendDocument"
    ]
    [(_, content)] = document.files.values()
    sheet = load_workbook(io.BytesIO(content))["Tindak lanjut"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:7] == [
        "Wilayah",
        "ID DTKS",
        "Kepala keluarga",
        "Desa/kelurahan",
        "Pendamping",
        "Syarat bermasalah",
        "Kunjungan berturut-turut",
    ]
    assert rows[1][2:7] == ["Siti", "Sukamaju", "Asep", "Kehadiran sekolah anak", 2]


async def test_the_companions_reminder_names_the_open_problem_even_with_nothing_overdue(scene: FieldScene) -> None:
    before = len(scene.bot.api.calls)
    await run_due(scene.bot.app, REMINDERS)
    [reminder] = sent(scene.bot, scene.companion, before)
    assert "Perlu tindak lanjut" in reminder and "• Siti (Sukamaju): Kehadiran sekolah anak 2×" in reminder
    assert "perlu dikunjungi" not in reminder, "nothing is overdue: the visits are recent"


async def test_the_next_report_of_the_household_shows_the_conditions_last_answer(scene: FieldScene) -> None:
    reporter = Reporter(scene.bot, scene.companion)
    await reporter.start()
    listed = await reporter.share((-6.1, 106.15))
    await reporter.choose(listed, "Siti")
    await reporter.photo()
    conditions = await scene.companion.press("rep:pd")
    assert "Kunjungan terakhir: <b>Kehadiran sekolah anak</b> ⚠️ ada masalah, 2 kunjungan berturut-turut" in (
        conditions.text
    )
    await scene.companion.command("batal")
    await reporter.start()
    listed = await reporter.share((-6.1, 106.15))
    await reporter.choose(listed, "Ujang")
    await reporter.photo(2)
    assert "Kunjungan terakhir" not in (await scene.companion.press("rep:pd")).text


# ── The export of approved changes ────────────────────────────────────────


async def approved_changes(scene: FieldScene) -> None:
    """Siti's head died and her son took over; Ujang's note begins like a formula."""
    answer = await scene.walk(
        [
            "btn:Status keluarga",
            "btn:meninggal",
            "btn:Ada kepala",
            "txt:Rahmat",
            "txt:3604011203900007",
            "btn:tetap sama",
            "btn:Telepon",
            "txt:0812 3456 7890",
        ]
    )
    await scene.companion.press(answer.button("Kirim"))
    answer = await scene.walk(["btn:Catatan", 'txt:=HYPERLINK("http://x","klik")'], await scene.open_menu("Ujang"))
    await scene.companion.press(answer.button("Kirim"))
    for batch in await batches_to(scene.bot, scene.admin):
        for button in batch.buttons:
            if button["callback_data"].startswith("chg:a:"):
                await scene.admin.press(button)


def read_csv(answer_documents: list[tuple[str, bytes]]) -> list[dict[str, str]]:
    [content] = [content for name, content in answer_documents if name.endswith(".csv")]
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


async def test_admins_export_the_approved_changes_with_full_numbers_audited(scene: FieldScene) -> None:
    await approved_changes(scene)
    answer = await scene.admin.command("ekspor", "perubahan", "2025-11-01", "2025-11-30")
    assert "Perubahan data KPM yang disetujui 01/11/2025–30/11/2025: 3 perubahan" in answer.text
    names = [name for name, _ in answer.documents()]
    assert names == ["perubahan-kpm-20251101-20251130.csv", "perubahan-kpm-20251101-20251130.xlsx"]
    rows = read_csv(answer.documents())
    status = next(row for row in rows if row["Data"] == "Status keluarga")
    assert status["NIK kepala keluarga"] == "3604011203900007", "the record as it is now: the new head"
    assert "NIK 3604011203900007" in status["Menjadi"]
    assert status["Sebelumnya"] == "dalam program — kepala keluarga Siti, NIK 3604015505800012"
    assert status["Diusulkan oleh"] == "Asep" and status["Disetujui oleh"] == "Rina"
    phone = next(row for row in rows if row["Data"] == "Telepon")
    # "+62…" would start a formula: the CSV has it behind an apostrophe, as every export does.
    assert (phone["Sebelumnya"], phone["Menjadi"]) == ("–", "'+6281234567890")
    note = next(row for row in rows if row["Data"] == "Catatan")
    assert note["Menjadi"].startswith("'="), "a formula in a note is written as text"
    [(_, xlsx)] = [(name, content) for name, content in answer.documents() if name.endswith(".xlsx")]
    cells = [cell for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"], "no formula cell"
    audit = await scene.bot.services.db.fetch_one("SELECT * FROM audit_log WHERE entity = 'field_updates'")
    assert audit is not None and audit["action"] == "export" and audit["actor_id"] == scene.admin.person.id  # type: ignore[union-attr]
    assert json.loads(audit["new_value"])["full_numbers"] is True and json.loads(audit["new_value"])["rows"] == 3


async def test_coordinators_export_the_changes_with_numbers_masked(scene: FieldScene) -> None:
    await approved_changes(scene)
    answer = await scene.coordinator.command("ekspor", "perubahan", "2025-11-01", "2025-11-30")
    rows = read_csv(answer.documents())
    status = next(row for row in rows if row["Data"] == "Status keluarga")
    assert status["NIK kepala keluarga"] == "3604********0007" and "NIK 3604********0007" in status["Menjadi"]
    assert "3604011203900007" not in json.dumps(rows) and "3604015505800012" not in json.dumps(rows)
    audit = await scene.bot.services.db.fetch_one("SELECT new_value FROM audit_log WHERE entity = 'field_updates'")
    assert audit is not None and json.loads(audit[0])["full_numbers"] is False
    assert (await scene.companion.command("ekspor", "perubahan")).text == UNKNOWN
    assert "/ekspor perubahan" in (await scene.coordinator.command("ekspor", "perubahan", "kemarin")).text


async def test_a_household_that_moved_away_leaves_the_reminders_and_shows_as_such_on_the_map(scene: FieldScene) -> None:
    await scene.bot.services.db.execute("UPDATE households SET created_at = 0 WHERE id = ?", (scene.siti.id,))
    answer = await scene.walk(["btn:Status keluarga", "btn:Pindah", "txt:Kp. Jauh", "btn:luar wilayah", "btn:Lewati"])
    await scene.companion.press(answer.button("Kirim"))
    [batch] = await batches_to(scene.bot, scene.admin)
    await scene.admin.press(batch.buttons[0])

    scene.bot.clock.advance(60 * DAY)
    before = len(scene.bot.api.calls)
    await run_due(scene.bot.app, REMINDERS)
    [reminder] = sent(scene.bot, scene.companion, before)
    assert "Ujang" in reminder and "Siti" not in reminder
    assert (await scene.coordinator.command("tindaklanjut")).text.count("Siti") == 0
    card = await scene.companion.command("kpm", "Siti")
    assert "Status: <b>pindah, keluar program</b>" in card.text and not card.buttons
    shown = await scene.admin.command("peta")
    [geojson] = [content for name, content in shown.documents() if name.endswith(".geojson")]
    siti = next(f for f in json.loads(geojson)["features"] if f["properties"].get("name") == "Siti")
    assert (siti["properties"]["category"], siti["properties"]["status"]) == ("left", "moved")
