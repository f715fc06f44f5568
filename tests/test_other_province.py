"""One bot per province: the same code configured for Nusa Tenggara Barat (52) instead of Banten,
end to end, and the region data it reads (every province, its kabupaten/kota and its box)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from bot.config import load_settings
from bot.domain import Region, Role
from bot.regions import UnknownProvince, province, regency_name
from bot.rules.coordinates import CoordinateError, CoordinateProblem, check_in_province
from bot.rules.households import foreign_region
from storage.database import Database
from storage.regions import ProvinceMismatch, RegionRepository
from tests.support.harness import TEST_TOKEN, BotHarness
from tests.support.invitations import token_of
from tests.support.report import Reporter

# Only the code: the zone (WITA) follows the province.
NTB = {"province": {"code": "52"}}
# A house in Gerung, Kabupaten Lombok Barat, and a point in Kabupaten Serang, Banten.
LOMBOK_HOUSE = (-8.6810, 116.1240)
SERANG = (-6.1200, 106.1500)
HEADER = "id_dtks,no_kk,nik_kepala,nama_kepala,alamat,kode_wilayah,kecamatan,desa,lintang,bujur,pendamping"


def test_every_province_has_its_regions_and_a_box_around_them() -> None:
    from lokal.provinces import PROVINCES

    assert len(PROVINCES) == 38  # Papua's four new provinces (2022) included
    for code in PROVINCES:
        data = province(code)
        assert data.regencies and all(r.code.startswith(code) and len(r.code) == 4 for r in data.regencies)
        assert data.box.min_lat < data.box.max_lat and data.box.min_lon < data.box.max_lon
    banten = province("36")
    assert banten.full_name == "Provinsi Banten"
    assert [r.code for r in banten.regencies] == ["3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674"]
    assert banten.box.contains(*SERANG) and not banten.box.contains(*LOMBOK_HOUSE)
    ntb = province("52")
    assert ntb.box.contains(*LOMBOK_HOUSE) and not ntb.box.contains(*SERANG)
    assert ("5271", "Kota Mataram", "kota") in [(r.code, r.name, r.kind) for r in ntb.regencies]
    assert province("96").name == "Papua Barat Daya"
    with pytest.raises(UnknownProvince):
        province("99")


def test_a_nik_from_another_regency_is_named_and_an_unknown_one_is_not() -> None:
    assert foreign_region("3201011508950001", "3601") == ("3201", "Kabupaten Bogor")
    assert foreign_region("3601011508950001", "3601") is None
    assert foreign_region("9999011508950001", "3601") is None, "digits the data do not know warn of nothing"
    assert foreign_region(None, "3601") is None
    assert regency_name("5201") == "Kabupaten Lombok Barat"


def test_the_province_code_may_be_written_as_a_number(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("province:\n  code: 36\n", encoding="utf-8")
    environ = {"TELEGRAM_BOT_TOKEN": TEST_TOKEN, "JAMSOSRATU__PROVINCE__CODE": "52"}
    assert load_settings(config, environ).province.code == "52"
    assert load_settings(config, {"TELEGRAM_BOT_TOKEN": TEST_TOKEN}).province.code == "36"


def test_the_box_refuses_a_banten_point_in_ntb() -> None:
    with pytest.raises(CoordinateError) as refused:
        check_in_province(*SERANG, province("52").box)
    assert refused.value.problem is CoordinateProblem.OUTSIDE


async def test_ntb_bot_invites_imports_refuses_banten_and_takes_a_report(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, config=NTB) as bot:
        names = await bot.services.registry.region_names()
        assert names["52"] == "Provinsi Nusa Tenggara Barat" and "5201" in names
        assert not [code for code in names if code.startswith("36")], "Banten's seeded rows are gone"
        admin = await bot.register(Role.ADMIN, regions=("52",))

        usage = await admin.command("undang")
        assert "52 (seluruh provinsi)" in usage.text and "5201…5272" in usage.text
        assert "bukan 52" in (await admin.command("undang", "pendamping", "52")).text
        assert "tidak dikenal" in (await admin.command("undang", "pendamping", "3604")).text
        invited = await admin.command("undang", "pendamping", "5201", "Baiq", "Nurul")
        assert "Kabupaten Lombok Barat (5201)" in invited.text
        assert "30/11/2025 11:00 WITA" in invited.text, "times read in NTB's own zone (WIB + 1)"
        token = token_of(invited)
        baiq = bot.user(first_name="Baiq", username="baiq_n")
        assert "Selamat datang" in (await baiq.command("start", token)).text
        companion = await bot.services.people.by_telegram_id(baiq.id)
        assert companion is not None and companion.region_codes == ("5201",)
        baiq.person = companion

        rows = [
            f"5201000000000001,5201011203150001,5201015507800001,Baiq Sumiati,Gerung,5201,Gerung,Gerung Utara,"
            f"{LOMBOK_HOUSE[0]},{LOMBOK_HOUSE[1]},@baiq_n",
            # Registered in Kota Mataram (5271) but living in Lombok Barat: a warning, imported all the same.
            "5201000000000002,5201011203150002,5271015507800002,Lalu Ahmad,Gerung,5201,Gerung,Dasan Geres,"
            "-8.6830,116.1250,@baiq_n",
            # A Banten point and a Banten region: refused.
            f"5201000000000003,,,Inaq Rahma,Gerung,5201,Gerung,Babussalam,{SERANG[0]},{SERANG[1]},",
            "3604000000000004,,,Siti Aminah,Kramatwatu,3604,Kramatwatu,Pejaten,,,",
        ]
        content = ("\n".join([HEADER, *rows]) + "\n").encode()
        checked = await admin.send_document(content, "kpm-ntb.csv", "text/csv")
        assert "KPM baru: 2" in checked.text and "baris tidak valid: 2" in checked.text
        assert "baris dengan peringatan (tetap diimpor): 1" in checked.text
        reasons = list(csv.reader(io.StringIO(checked.documents()[0][1].decode("utf-8-sig"))))[1:]
        by_row = {row[0]: row[4] for row in reasons}
        assert "di luar Provinsi Nusa Tenggara Barat" in by_row["4"] and "lintang -9,16…-8,03" in by_row["4"]
        assert "tidak dikenal (pakai 5201, 5202" in by_row["5"]
        assert "5271 (Kota Mataram)" in by_row["3"] and "tetap diimpor" in by_row["3"]
        applied = await admin.press(checked.button("Terapkan"))
        assert "2 KPM baru" in applied.text

        outside = await admin.command("koreksi", "5201000000000001", f"{SERANG[0]},", str(SERANG[1]))
        assert "di luar Provinsi Nusa Tenggara Barat" in outside.text
        swapped = await admin.command("koreksi", "5201000000000001", f"{LOMBOK_HOUSE[1]},", str(LOMBOK_HOUSE[0]))
        assert "tertukar" in swapped.text and "di Nusa Tenggara Barat" in swapped.text

        summary = await Reporter(bot, baiq).to_confirm("Baiq Sumiati", LOMBOK_HOUSE)
        assert "Waktu: 27/11/2025 11:00 WITA" in summary.text
        assert (await baiq.press("rep:send")).text
        visit = await bot.services.db.fetch_one("SELECT region_code, verdict FROM visits")
        assert visit is not None and tuple(visit) == ("5201", "verified")
        exported = dict((await admin.command("ekspor", "2025-11-01", "2025-11-30")).documents())
        header = next(csv.reader(io.StringIO(exported["kunjungan-20251101-20251130.csv"].decode("utf-8-sig"))))
        assert "Mulai (WITA)" in header and not [column for column in header if "WIB" in column]


async def test_a_stranger_reads_the_province_and_the_programme_it_is_configured_with(tmp_path: Path) -> None:
    programme = {"name": "Jaring Pengaman Sosial Nusa Tenggara Barat", "short_name": "JPS NTB"}
    async with BotHarness(tmp_path, config={**NTB, "programme": programme}) as bot:
        greeting = (await bot.user(first_name="Asing").command("start")).text
    assert (
        "program JPS NTB (Jaring Pengaman Sosial Nusa Tenggara Barat) Dinas Sosial Provinsi Nusa Tenggara" in greeting
    )
    assert "Jamsosratu" not in greeting and "Banten" not in greeting


@pytest.mark.parametrize(
    ("config", "region", "other"),
    [(None, "3604", "52"), (NTB, "5201", "36"), (NTB, "5201", "51"), (NTB, "5201", "53")],
    ids=["register below the configured province", "above it", "in the next province up", "in the next one down"],
)
async def test_a_database_of_another_province_is_refused(
    tmp_path: Path, config: dict[str, Any] | None, region: str, other: str
) -> None:
    async with BotHarness(tmp_path, config=config) as first:
        await first.register(Role.COMPANION, regions=(region,))
    db = Database(tmp_path / "bot.db")
    await db.open()
    try:
        data = province(other)
        with pytest.raises(ProvinceMismatch, match=rf"province\.code: .* another province .*{region}"):
            await RegionRepository(db).install(Region(other, data.full_name, "provinsi", None), [])
    finally:
        await db.close()
