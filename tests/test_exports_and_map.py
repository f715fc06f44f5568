"""/ekspor and /peta: the files coordinators and admins get, their regions only, NIK/KK masked
for everyone but admins; and which role may use each of the office's commands."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.domain import Role, Verdict
from bot.rules.households import mask_number
from tests.support.harness import BotHarness, FakeClock, FakeUser
from tests.support.office import add_household, add_visit, wib

NOW = wib(2026, 12, 2, 10, 0)
UNKNOWN = "Perintah tidak dikenal. Ketik /bantuan untuk melihat perintah yang tersedia."
NIK = "3604014508800012"
KK = "3604010101090007"


@dataclass
class Office:
    bot: BotHarness
    serang: FakeUser
    admin: FakeUser
    companion: FakeUser
    visit_id: int


@pytest.fixture
async def office(tmp_path: Path) -> AsyncIterator[Office]:
    async with BotHarness(tmp_path, clock=FakeClock(NOW)) as bot:
        companion = await bot.register(Role.COMPANION, first_name="Rina")
        siti = await add_household(bot, companion, "Siti <Aminah>", nik=NIK, kk=KK, desa="Cibadak")
        await add_household(bot, companion, "Lama Sekali", latitude=-6.2, longitude=106.2)
        await add_household(bot, companion, "Tanpa Titik", latitude=None, longitude=None)
        visit_id = await add_visit(
            bot,
            siti,
            companion,
            wib(2026, 11, 20, 10),
            verdict=Verdict.OUTSIDE,
            flags=("outside",),
            distance_m=432.14,
            conditions={"school": "checked", "elderly_care": "not_applicable"},
            note="Rumah tertutup, bertemu tetangga.",
            voice_note_path="2026/11/20/x/voice-1.ogg",
        )
        await add_visit(bot, siti, companion, wib(2026, 10, 31, 23, 59))  # before the period
        pandeglang = await bot.register(Role.COMPANION, regions=("3601",), first_name="Pandi")
        far = await add_household(bot, pandeglang, "Ujang Pandeglang", region="3601")
        await add_visit(bot, far, pandeglang, wib(2026, 11, 21, 9))
        serang = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Serang")
        assert serang.person is not None
        await bot.services.reviews.review(
            visit_id, status="accepted", reason=None, reviewer_id=serang.person.id, at=wib(2026, 11, 21, 8)
        )
        yield Office(bot, serang, await bot.register(Role.ADMIN, first_name="Dinsos"), companion, visit_id)


class ExternalResources(HTMLParser):
    """Collects the scripts and stylesheets a page loads from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            if values.get("src"):
                self.urls.append(str(values["src"]))
            else:
                self.inline_scripts += 1
        if tag == "link" and values.get("rel") == "stylesheet":
            self.urls.append(str(values["href"]))


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_masking_keeps_the_region_and_the_serial() -> None:
    assert mask_number(NIK) == "3604********0012"
    assert mask_number(None) is None


async def test_coordinator_export_has_their_region_with_numbers_masked(office: Office) -> None:
    answer = await office.serang.command("ekspor", "2026-11-01", "2026-11-30")
    assert "Ekspor kunjungan 01/11/2026–30/11/2026: 1 kunjungan" in answer.text
    files = dict(answer.documents())
    assert set(files) == {"kunjungan-20261101-20261130.csv", "kunjungan-20261101-20261130.xlsx"}
    [row] = read_csv(files["kunjungan-20261101-20261130.csv"])
    assert row["No. laporan"] == str(office.visit_id)
    assert row["NIK kepala keluarga"] == "3604********0012" and row["No. KK"] == "3604********0007"
    assert row["Kepala keluarga"] == "Siti <Aminah>" and row["Wilayah"] == "Kabupaten Serang"
    assert row["Pendamping"] == "Rina"
    assert row["Dilaporkan (WIB)"] == "2026-11-20 10:00:00" and row["Mulai (WIB)"] == "2026-11-20 09:55:00"
    assert row["Jarak ke rumah (m)"] == "432.1" and row["Hasil"] == "di luar radius"
    assert row["Tanda"] == "di luar radius"
    # The words the companion saw, in the configured order, never the stored keys.
    assert row["Komitmen"] == "Kehadiran sekolah anak: sesuai; Perawatan lansia: tidak berlaku"
    assert row["Catatan pendamping"] == "Rumah tertutup, bertemu tetangga." and row["Pesan suara"] == "ada"
    assert row["Tinjauan"] == "diterima" and row["Peninjau"] == "Serang"
    assert row["Ditinjau (WIB)"] == "2026-11-21 08:00:00"

    sheet = load_workbook(io.BytesIO(files["kunjungan-20261101-20261130.xlsx"])).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "No. laporan" and len(rows) == 2
    assert rows[1][3] == "3604********0012"
    assert "Rumah tertutup, bertemu tetangga." in rows[1]
    assert "Kehadiran sekolah anak: sesuai; Perawatan lansia: tidak berlaku" in rows[1]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:V2"


async def test_admin_export_covers_the_province_unmasked(office: Office) -> None:
    answer = await office.admin.command("ekspor", "01/11/2026", "30/11/2026")
    rows = read_csv(dict(answer.documents())["kunjungan-20261101-20261130.csv"])
    assert [row["Kepala keluarga"] for row in rows] == ["Siti <Aminah>", "Ujang Pandeglang"]
    assert rows[0]["NIK kepala keluarga"] == NIK and rows[0]["No. KK"] == KK


@pytest.mark.parametrize("args", [("2026-11-01",), ("2026-11-30", "2026-11-01"), ("kemarin", "besok")])
async def test_export_explains_how_to_give_dates(office: Office, args: tuple[str, ...]) -> None:
    answer = await office.serang.command("ekspor", *args)
    assert "Gunakan: /ekspor" in answer.text and answer.documents() == []


async def test_export_without_dates_picks_the_last_30_days_as_the_map_does(office: Office) -> None:
    """As /ringkasan and /peta, /ekspor alone answers with files, names the period it took and
    how to ask for another."""
    answer = await office.serang.command("ekspor")
    assert "Ekspor kunjungan 03/11/2026–02/12/2026: 1 kunjungan" in answer.text
    assert "Ini 30 hari terakhir. Periode lain: /ekspor minggu, /ekspor bulan" in answer.text
    assert [name for name, _ in answer.documents()] == [
        "kunjungan-20261103-20261202.csv",
        "kunjungan-20261103-20261202.xlsx",
    ]
    month = await office.admin.command("ekspor", "bulan")
    assert "Ekspor kunjungan 01/11/2026–30/11/2026: 2 kunjungan" in month.text
    assert "Periode lain" not in month.text
    week = await office.admin.command("peta", "minggu")
    assert "Peta 23/11/2026–29/11/2026" in week.text


async def test_map_is_html_and_geojson_of_the_coordinators_households_and_visits(office: Office) -> None:
    answer = await office.serang.command("peta", "2026-11-01", "2026-11-30")
    assert "Peta 01/11/2026–30/11/2026: 2 KPM dan 1 kunjungan" in answer.text
    files = dict(answer.documents())
    geojson = json.loads(files["peta-20261101-20261130.geojson"])
    assert geojson["type"] == "FeatureCollection"
    households = [f for f in geojson["features"] if f["properties"]["kind"] == "household"]
    visits = [f for f in geojson["features"] if f["properties"]["kind"] == "visit"]
    assert {f["properties"]["name"] for f in households} == {"Siti <Aminah>", "Lama Sekali"}  # not Pandeglang
    by_name = {f["properties"]["name"]: f["properties"] for f in households}
    assert by_name["Siti <Aminah>"]["days_since_last_visit"] == 12
    assert by_name["Siti <Aminah>"]["category"] == "recent"
    assert by_name["Lama Sekali"]["category"] == "never"
    # GeoJSON properties are plain text: GIS tools show them as they are.
    assert by_name["Siti <Aminah>"]["label"] == "Siti <Aminah> — Cibadak\n12 hari sejak kunjungan terakhir"
    assert "<br>" not in files["peta-20261101-20261130.geojson"].decode()
    [visit] = visits
    assert visit["properties"]["label"].startswith("Laporan #1: Siti <Aminah>\nRina, ")
    assert visit["properties"]["verdict"] == "outside" and visit["geometry"]["coordinates"][0] == pytest.approx(106.15)
    assert (
        "NIK" not in files["peta-20261101-20261130.geojson"].decode()
        and NIK not in files["peta-20261101-20261130.geojson"].decode()
    )

    html = files["peta-20261101-20261130.html"].decode("utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    page = ExternalResources()
    page.feed(html)
    page.close()
    # Nothing is fetched but the background tiles: Leaflet and every point are inside the file.
    assert page.urls == []
    assert page.inline_scripts >= 2 and "L.map(" in html and "Leaflet" in html
    assert "Lama Sekali" in html and "Siti \\u0026lt;Aminah\\u0026gt;" in html  # data inside, escaped
    assert "<Aminah>" not in html
    assert "Siti \\u0026lt;Aminah\\u0026gt; \\u2014 Cibadak\\u003cbr\\u003e12 hari" in html, "the tooltip is markup"
    assert "new L.CircleMarker(latlng, opts)" in html


class MapLegend(HTMLParser):
    """The legend of the map as a coordinator reads it: each key's title and its colours."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: dict[str, dict[str, object]] = {}
        self._key: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("data-legend"):
            self._key = str(values["data-legend"])
            self.keys[self._key] = {"title": "", "colours": []}
        elif self._key and values.get("data-colour"):
            self.keys[self._key]["colours"].append(values["data-colour"])  # type: ignore[attr-defined]
        self._in_title = bool(self._key) and tag == "b"

    def handle_data(self, data: str) -> None:
        if self._in_title and self._key:
            self.keys[self._key]["title"] = data
            self._in_title = False


async def test_map_legend_gives_households_and_visits_colours_of_their_own(office: Office) -> None:
    """A green dot is never both "visited lately" and "verified": each key has its title and
    its own colours, and every point wears a colour of its own key."""
    answer = await office.serang.command("peta", "2026-11-01", "2026-11-30")
    files = dict(answer.documents())
    legend = MapLegend()
    legend.feed(files["peta-20261101-20261130.html"].decode("utf-8"))
    households, visits = legend.keys["households"], legend.keys["visits"]
    assert households["title"] == "KPM (titik penuh): hari sejak kunjungan terakhir"
    assert visits["title"] == "Kunjungan (lingkaran): hasil pemeriksaan lokasi"
    household_colours, visit_colours = set(households["colours"]), set(visits["colours"])  # type: ignore[call-overload]
    assert len(household_colours) == 5 and len(visit_colours) == 4  # the fifth: out of the programme
    assert not household_colours & visit_colours
    for feature in json.loads(files["peta-20261101-20261130.geojson"])["features"]:
        own = household_colours if feature["properties"]["kind"] == "household" else visit_colours
        assert feature["properties"]["colour"] in own


async def test_map_without_dates_shows_the_last_30_days(office: Office) -> None:
    answer = await office.admin.command("peta")
    assert "Peta 03/11/2026–02/12/2026: 3 KPM dan 2 kunjungan" in answer.text


COMMANDS = ("ringkasan", "ekspor", "peta")


@pytest.mark.parametrize("command", COMMANDS)
async def test_companions_and_strangers_cannot_use_office_commands(office: Office, command: str) -> None:
    assert (await office.companion.command(command)).text == UNKNOWN
    assert (await office.bot.user().command(command)).text == UNKNOWN


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
async def test_coordinators_and_admins_use_office_commands(office: Office, command: str, role: Role) -> None:
    user = office.serang if role is Role.COORDINATOR else office.admin
    answer = await user.command(command)
    assert answer.text and answer.text != UNKNOWN
    assert command in (await user.command("bantuan")).text


async def test_coordinator_without_regions_is_told(office: Office) -> None:
    lonely = await office.bot.register(Role.COORDINATOR, regions=("3601",))
    assert lonely.person is not None
    await office.bot.services.db.execute("DELETE FROM person_regions WHERE person_id = ?", (lonely.person.id,))
    office.bot.services.people.forget_cached()  # written by hand, not through the repository
    assert "belum ditugaskan" in (await lonely.command("ekspor", "2026-11-01", "2026-11-30")).text


async def test_export_too_large_for_telegram_is_explained(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("handlers.office.exports.UPLOAD_LIMIT_BYTES", 2000)
    answer = await office.admin.command("ekspor", "2026-11-01", "2026-11-30")
    names = [name for name, _ in answer.documents()]
    assert names == ["kunjungan-20261101-20261130.csv"]  # the workbook is over the (lowered) limit
    assert "kunjungan-20261101-20261130.xlsx terlalu besar untuk Telegram" in answer.text


async def test_map_says_when_it_is_cut_short(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("handlers.office.exports.MAP_MAX_POINTS", 1)
    answer = await office.admin.command("peta", "2026-11-01", "2026-11-30")
    assert "1 KPM dan 1 kunjungan" in answer.texts[0]
    assert "Peta hanya memuat 1 KPM dan 1 kunjungan pertama" in answer.text


async def test_every_export_is_audited_with_whether_it_carried_full_numbers(office: Office) -> None:
    await office.serang.command("ekspor", "2026-11-01", "2026-11-30")
    await office.admin.command("ekspor", "2026-11-01", "2026-11-30")
    await office.admin.command("ekspor", "kemarin", "besok")  # refused: nothing exported, nothing audited
    rows = await office.bot.services.db.fetch_all(
        "SELECT actor_id, new_value FROM audit_log WHERE action = 'export' ORDER BY id"
    )
    assert [(row["actor_id"], json.loads(row["new_value"])["full_numbers"]) for row in rows] == [
        (office.serang.person.id if office.serang.person else None, False),
        (office.admin.person.id if office.admin.person else None, True),
    ]
    assert json.loads(rows[1]["new_value"])["rows"] == 2
