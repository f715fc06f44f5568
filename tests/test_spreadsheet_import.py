"""An admin imports households from CSV or XLSX: dry run first, then one all-or-nothing apply."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import Workbook

from bot.domain import Role
from tests.support.harness import BotHarness, BotResponse
from tests.support.spreadsheets import HEADER, csv_bytes, row, send_csv


def invalid_file(answer: BotResponse) -> list[list[str]]:
    """The file of invalid rows, header first."""
    documents = answer.documents()
    assert documents, "a file of the invalid rows is sent"
    return list(csv.reader(io.StringIO(documents[0][1].decode("utf-8-sig"))))


def invalid_rows(answer: BotResponse) -> list[list[str]]:
    """Row, column and reason of each problem in the file of invalid rows."""
    return [[line[0], line[3], line[4]] for line in invalid_file(answer)[1:]]


async def household_count(bot: BotHarness) -> int:
    return int(await bot.services.db.fetch_value("SELECT COUNT(*) FROM households"))


async def test_valid_file_is_checked_then_applied_in_one_go(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    companion = await bot.register(Role.COMPANION, regions=("3604",))
    answer = await send_csv(admin, csv_bytes(*(row(n, companion.id) for n in range(1, 4))))
    assert "KPM baru: 3" in answer.text and "baris tidak valid: 0" in answer.text
    assert not answer.documents()
    assert await household_count(bot) == 0, "a dry run stores no household"
    applied = await admin.press(answer.button("Terapkan"))
    assert "3 KPM baru, 0 diperbarui" in applied.text
    rows = await bot.services.db.fetch_all("SELECT * FROM households ORDER BY id")
    assert [r["dtks_id"] for r in rows] == ["3604000000000001", "3604000000000002", "3604000000000003"]
    assert rows[0]["companion_id"] == companion.person.id  # type: ignore[union-attr]
    assert rows[0]["latitude"] == -6.05 and rows[0]["coordinates_source"] == "import"
    assert "sudah diterapkan" in (await admin.press(answer.button("Terapkan"))).text
    assert await household_count(bot) == 3


async def test_reimport_changes_nothing_and_updates_are_audited(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    content = csv_bytes(row(1), row(2))
    await admin.press((await send_csv(admin, content)).button("Terapkan"))
    again = await send_csv(admin, content)
    assert "tidak berubah: 2" in again.text and "Tidak ada yang perlu diterapkan" in again.text
    assert not again.buttons
    changed = await send_csv(admin, csv_bytes(row(1, name="Siti Rohmah"), row(2), row(3)))
    assert "KPM baru: 1" in changed.text and "diperbarui: 1" in changed.text and "tidak berubah: 1" in changed.text
    await admin.press(changed.button("Terapkan"))
    assert (
        await bot.services.db.fetch_value("SELECT head_name FROM households WHERE dtks_id = '3604000000000001'")
        == "Siti Rohmah"
    )
    audit = await bot.services.db.fetch_all("SELECT * FROM audit_log WHERE action = 'import_update'")
    assert len(audit) == 1
    assert json.loads(audit[0]["old_value"])["head_name"] == "Siti Aminah"
    assert json.loads(audit[0]["new_value"])["head_name"] == "Siti Rohmah"
    assert audit[0]["actor_id"] == admin.person.id  # type: ignore[union-attr]
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM audit_log WHERE action = 'apply'") == 2


async def test_mixed_file_reports_each_invalid_row_and_applies_only_the_valid(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    other_region = await bot.register(Role.COMPANION, regions=("3601",))
    bad_kk = row(2).replace("36040112031", "32040112031")
    answer = await send_csv(
        admin,
        csv_bytes(
            row(1),
            bad_kk,
            row(3, lat="106.11", lon="-6.05"),
            row(4, lat="0", lon="0"),
            row(1),
            row(5, other_region.id),
            row(6, 123456),
            row(7, region="3299"),
            row(8, lat='"-6,05"', lon='"106,11"'),
        ),
    )
    assert "KPM baru: 2" in answer.text and "baris tidak valid: 7" in answer.text
    problems = {(r[0], r[1]): r[2] for r in invalid_rows(answer)}
    assert "diawali kode provinsi 36" in problems[("3", "no_kk")]
    assert "tertukar" in problems[("4", "lintang")]
    assert "0, 0" in problems[("5", "lintang")]
    assert problems[("6", "id_dtks")] == "ID DTKS sama dengan baris 2"
    assert "kabupaten/kota lain" in problems[("7", "pendamping")]
    assert "tidak dikenal" in problems[("8", "pendamping")]
    assert "kode kabupaten/kota tidak dikenal" in problems[("9", "kode_wilayah")]
    await admin.press(answer.button("Terapkan"))
    dtks = [r[0] for r in await bot.services.db.fetch_all("SELECT dtks_id FROM households ORDER BY id")]
    assert dtks == ["3604000000000001", "3604000000000008"]
    assert (
        await bot.services.db.fetch_value("SELECT latitude FROM households WHERE dtks_id = '3604000000000008'") == -6.05
    )


async def test_each_invalid_row_names_its_household_by_dtks_id_and_name(bot: BotHarness) -> None:
    """An admin who sorts or filters the file still knows which household each line is about."""
    admin = await bot.register(Role.ADMIN)
    answer = await send_csv(
        admin,
        csv_bytes(row(1), row(2, name="Ujang Saputra", lat="0", lon="0"), row(1, name="Siti Lain"), "x,,,,,3604"),
    )
    table = invalid_file(answer)
    assert table[0] == ["baris", "id_dtks", "nama_kepala", "kolom", "alasan"]
    lines = {line[0]: line[:4] for line in table[1:]}
    assert lines["3"] == ["3", "3604000000000002", "Ujang Saputra", "lintang"]
    assert lines["4"] == ["4", "3604000000000001", "Siti Lain", "id_dtks"]
    assert lines["5"][:3] == ["5", "x", ""], "as the file has them, also when they are what is wrong"


async def test_formula_cells_are_refused(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    answer = await send_csv(
        admin,
        csv_bytes(
            row(1, name="=HYPERLINK(A1)"),
            row(2, name="@SUM(A1)"),
            row(3, name="+6281234"),
            row(4, lat="=1+1"),
            row(5).replace("Kp. Pejaten", "-Kp. Pejaten"),
            row(6),
        ),
    )
    assert "baris tidak valid: 5" in answer.text and "KPM baru: 1" in answer.text
    reasons = invalid_rows(answer)
    assert len(reasons) == 5 and all("rumus" in reason for _, _, reason in reasons)


async def test_columns_are_matched_in_either_language_and_case(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    companion = await bot.register(Role.COMPANION, regions=("3604",))
    await bot.services.db.execute("UPDATE people SET username = 'budi_p' WHERE id = ?", (companion.person.id,))  # type: ignore[union-attr]
    bot.services.people.forget_cached()  # written by hand, not through the repository
    header = "DTKS_ID;Head Name;REGION_CODE;Latitude;Longitude;Companion;Catatan"
    content = csv_bytes("3604000000000001;Siti Aminah;36.04;-6,05;106,11;@Budi_P;x", header=header)
    answer = await send_csv(admin, content)
    assert "KPM baru: 1" in answer.text and "Kolom yang diabaikan: Catatan" in answer.text
    await admin.press(answer.button("Terapkan"))
    stored = await bot.services.db.fetch_one("SELECT * FROM households")
    assert stored is not None and stored["companion_id"] == companion.person.id  # type: ignore[union-attr]
    assert (stored["latitude"], stored["longitude"]) == (-6.05, 106.11)


async def test_encodings_bom_and_windows_1252_are_read(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    await send_csv(admin, b"\xef\xbb\xbf" + csv_bytes(row(1, name="Siti Aminah")))
    answer = await send_csv(admin, csv_bytes(row(2, name="Dédé Sumarni"), encoding="cp1252"))
    assert "KPM baru: 1" in answer.text
    await admin.press(answer.button("Terapkan"))
    assert await bot.services.db.fetch_value("SELECT head_name FROM households") == "Dédé Sumarni"


async def test_xlsx_is_imported_like_csv(bot: BotHarness, tmp_path: Path) -> None:
    admin = await bot.register(Role.ADMIN)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "3604000000000001",
            "3604011203150012",
            None,
            "Siti Aminah",
            "Kp. Pejaten",
            3604,
            "Kramatwatu",
            "Pejaten",
            -6.05,
            106.11,
            None,
        ]
    )
    sheet.append(["3604000000000002", None, None, '=CONCAT("a","b")', None, "3604", None, None, None, None, None])
    path = tmp_path / "kpm.xlsx"
    workbook.save(path)
    answer = await admin.send_document(
        path.read_bytes(), "kpm.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "KPM baru: 1" in answer.text and "baris tidak valid: 1" in answer.text
    assert invalid_rows(answer)[0][:2] == ["3", "nama_kepala"]
    await admin.press(answer.button("Terapkan"))
    stored = await bot.services.db.fetch_one("SELECT * FROM households")
    assert stored is not None and stored["region_code"] == "3604" and stored["longitude"] == 106.11


async def test_malformed_files_get_clear_answers(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    assert "kosong" in (await send_csv(admin, b"")).text
    assert "hanya berisi judul" in (await send_csv(admin, csv_bytes())).text
    missing = await send_csv(admin, b"nama,alamat\nSiti,Kp. X\n")
    assert "Kolom wajib tidak ditemukan: id_dtks, kode_wilayah" in missing.text
    assert "bukan CSV" in (await send_csv(admin, b"\x00\x01\x02binary\x00" * 20)).text
    assert "tidak bisa dibuka" in (await admin.send_document(b"PK\x03\x04broken", "kpm.xlsx", "application/zip")).text
    old_excel = await admin.send_document(b"\xd0\xcf\x11\xe0", "kpm.xls", "application/vnd.ms-excel")
    assert "CSV atau XLSX" in old_excel.text
    broken = await send_csv(admin, csv_bytes(row(1), row(2), f'3604000000000003,"{"x" * 140_000}"'))
    assert "rusak sekitar baris 4" in broken.text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM import_rows") == 0
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM import_batches WHERE status = 'pending'") == 0


async def test_files_over_the_limit_are_not_downloaded(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, config={"registry": {"import_max_mb": 0.001}}) as bot:
        admin = await bot.register(Role.ADMIN)
        answer = await send_csv(admin, csv_bytes(*(row(n) for n in range(1, 40))))
        assert "terlalu besar" in answer.text and "batasnya 0.001 MB" in answer.text
        assert not bot.api.calls_to("getFile")


async def test_apply_works_after_a_restart_and_discard_drops_the_dry_run(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    first = await send_csv(admin, csv_bytes(row(1)))
    await bot.restart()
    assert "1 KPM baru" in (await admin.press(first.button("Terapkan"))).text
    second = await send_csv(admin, csv_bytes(row(2)))
    assert "dibuang" in (await admin.press(second.button("Buang"))).text
    assert "sudah diterapkan, dibuang" in (await admin.press(second.button("Terapkan"))).text
    assert await household_count(bot) == 1
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM import_rows") == 0


async def test_template_file_has_every_column(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    answer = await admin.command("templat")
    name, content = answer.documents()[0]
    assert name == "templat-kpm.csv"
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header == HEADER
    assert "Kolom wajib" in answer.text


async def test_empty_cells_keep_the_registered_values(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    companion = await bot.register(Role.COMPANION, regions=("3604",))
    await admin.press((await send_csv(admin, csv_bytes(row(1, companion.id)))).button("Terapkan"))
    await bot.services.db.execute("UPDATE households SET coordinates_source = 'admin'")
    without = row(1).replace(",-6.05,106.11,", ",,,")
    answer = await send_csv(admin, csv_bytes(without))
    assert "tidak berubah: 1" in answer.text
    renamed = await send_csv(admin, csv_bytes(row(1, name="Siti Rohmah")))
    await admin.press(renamed.button("Terapkan"))
    stored = await bot.services.db.fetch_one("SELECT * FROM households")
    assert stored is not None and stored["head_name"] == "Siti Rohmah"
    assert stored["companion_id"] == companion.person.id  # type: ignore[union-attr]
    assert (stored["latitude"], stored["coordinates_source"]) == (-6.05, "admin")


async def test_a_household_moved_to_another_region_leaves_its_old_companion(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    companion = await bot.register(Role.COMPANION, regions=("3604",))
    await admin.press((await send_csv(admin, csv_bytes(row(1, companion.id)))).button("Terapkan"))
    moved = await send_csv(admin, csv_bytes(row(1, region="3601")))
    await admin.press(moved.button("Terapkan"))
    stored = await bot.services.db.fetch_one("SELECT region_code, companion_id FROM households")
    assert stored is not None and tuple(stored) == ("3601", None)


async def test_a_dry_run_is_applied_only_within_a_day_and_not_to_deactivated_companions(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    companion = await bot.register(Role.COMPANION, regions=("3604",))
    checked = await send_csv(admin, csv_bytes(row(1, companion.id)))
    await bot.services.db.execute("UPDATE people SET active = 0 WHERE id = ?", (companion.person.id,))  # type: ignore[union-attr]
    bot.services.people.forget_cached()  # written by hand, not through the repository
    await admin.press(checked.button("Terapkan"))
    assert await bot.services.db.fetch_value("SELECT companion_id FROM households") is None

    stale = await send_csv(admin, csv_bytes(row(2)))
    bot.clock.advance(25 * 3600)
    assert "kedaluwarsa" in (await admin.press(stale.button("Terapkan"))).text
    assert await household_count(bot) == 1
