"""Hostile and odd import files: each is refused with one clear line and saves nothing, or, when
it is a real spreadsheet under a wrong name or encoding, read like any other. The caps are set
low here so the bombs stay small; bench/import_bombs.py measures memory at full size."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.domain import Role
from tests.support.harness import BotHarness, BotResponse, FakeUser

HEADER = "id_dtks,nama_kepala,kode_wilayah"
SHEET = "xl/worksheets/sheet1.xml"
CAPS = {
    "import_max_rows": 50,
    "import_max_columns": 40,
    "import_max_cell_chars": 200,
    "import_max_shared_strings": 100,
    "import_max_unpacked_mb": 2,
}


@pytest.fixture
async def capped(tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with BotHarness(tmp_path, config={"registry": CAPS}) as bot:
        yield bot


def xlsx(rows: Iterable[Iterable[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_member(content: bytes, name: str, replacement: bytes) -> bytes:
    """The XLSX `content` with its member `name` replaced (a hand-made sheet or bomb)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replacement if item.filename == name else source.read(item.filename))
        if name not in source.namelist():
            target.writestr(name, replacement)
    return buffer.getvalue()


def sheet_xml(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


async def refused(bot: BotHarness, admin: FakeUser, content: bytes, name: str) -> BotResponse:
    answer = await admin.send_document(content, name, "application/octet-stream")
    [checking, verdict] = answer.texts
    assert "Memeriksa" in checking or "diperiksa" in checking.lower(), checking
    assert "\n" not in verdict.strip(), f"one line: {verdict}"
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM import_batches WHERE status = 'pending'") == 0
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM import_rows") == 0
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM households") == 0
    assert not answer.buttons
    return answer


async def test_garbage_empty_and_header_only_files_are_refused(capped: BotHarness) -> None:
    admin = await capped.register(Role.ADMIN)
    assert "bukan CSV" in (await refused(capped, admin, bytes(range(256)) * 40, "kpm.csv")).text
    assert "tidak bisa dibuka" in (await refused(capped, admin, b"PK\x03\x04" + bytes(500), "kpm.xlsx")).text
    assert "hanya berisi judul" in (await refused(capped, admin, f"{HEADER}\n".encode(), "kpm.csv")).text
    assert "hanya berisi judul" in (await refused(capped, admin, xlsx([HEADER.split(",")]), "kpm.xlsx")).text
    empty = await admin.send_document(b"", "kpm.csv", "text/csv")
    assert "kosong" in empty.text


async def test_wide_long_and_bulky_files_stop_at_their_caps(capped: BotHarness) -> None:
    admin = await capped.register(Role.ADMIN)
    wide_csv = ",".join(["id_dtks", "nama_kepala", "kode_wilayah", *(f"c{n}" for n in range(10_000))])
    assert "lebih dari 40 kolom" in (await refused(capped, admin, f"{wide_csv}\n1,2,3\n".encode(), "kpm.csv")).text
    wide_xlsx = with_member(xlsx([["x"]]), SHEET, sheet_xml('<row r="1"><c r="XFD1"><v>1</v></c></row>'))
    assert "lebih dari 40 kolom" in (await refused(capped, admin, wide_xlsx, "kpm.xlsx")).text
    rows = "\n".join(f"36040000000{n:05d},Siti,3604" for n in range(1, 60))
    assert "lebih dari 50 baris" in (await refused(capped, admin, f"{HEADER}\n{rows}\n".encode(), "kpm.csv")).text
    long_cell = f"{HEADER}\n3604000000000001,{'x' * 500},3604\n".encode()
    assert "lebih panjang dari 200 karakter" in (await refused(capped, admin, long_cell, "kpm.csv")).text


async def test_xlsx_bombs_are_refused_before_they_fill_memory(capped: BotHarness) -> None:
    admin = await capped.register(Role.ADMIN)
    # 30 MB of XML that deflates to a few dozen kilobytes.
    padded = sheet_xml("").replace(b"<sheetData>", b"<sheetData>" + b" " * (30 * 2**20))
    bomb = with_member(xlsx([HEADER.split(",")]), SHEET, padded)
    assert len(bomb) < 200_000
    assert "terlalu besar setelah dibuka" in (await refused(capped, admin, bomb, "kpm.xlsx")).text
    strings = "".join(f"<si><t>nama {n}</t></si>" for n in range(500))
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>'
    ).encode()
    many = with_member(xlsx([HEADER.split(","), ["3604000000000001", "Siti", "3604"]]), "xl/sharedStrings.xml", shared)
    assert "terlalu banyak teks" in (await refused(capped, admin, many, "kpm.xlsx")).text
    entities = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">]><worksheet>&a;</worksheet>'
    laughs = with_member(xlsx([["x"]]), SHEET, entities)
    assert "tidak bisa dibuka" in (await refused(capped, admin, laughs, "kpm.xlsx")).text


async def test_an_xlsx_named_csv_and_a_utf16_csv_are_read(capped: BotHarness) -> None:
    admin = await capped.register(Role.ADMIN)
    disguised = xlsx([HEADER.split(","), ["3604000000000001", "Siti Aminah", "3604"]])
    assert "KPM baru: 1" in (await admin.send_document(disguised, "kpm.csv", "text/csv")).text
    utf16 = f"{HEADER}\n3604000000000002,Ujang Sukmawijaya,3604\n".encode("utf-16")
    answer = await admin.send_document(utf16, "kpm.csv", "text/csv")
    assert "KPM baru: 1" in answer.text, answer.texts
    applied = await admin.press(answer.button("Terapkan"))
    assert "1 KPM baru" in applied.text
    assert await capped.services.db.fetch_value("SELECT head_name FROM households") == "Ujang Sukmawijaya"


async def test_xlsx_cells_read_like_openpyxl_showed_them(capped: BotHarness) -> None:
    admin = await capped.register(Role.ADMIN)
    header = "id_dtks,nama_kepala,kode_wilayah,lintang,bujur"
    content = xlsx([header.split(","), [3604000000000003, "Siti", 3604, -6.05, 106.11]])
    answer = await admin.send_document(content, "kpm.xlsx", "application/octet-stream")
    assert "KPM baru: 1" in answer.text, answer.texts
    await admin.press(answer.button("Terapkan"))
    row = await capped.services.db.fetch_one("SELECT dtks_id, region_code, latitude FROM households")
    assert row is not None and tuple(row) == ("3604000000000003", "3604", -6.05)
