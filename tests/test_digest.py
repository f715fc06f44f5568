"""Weekly digests and /ringkasan: numbers checked against a hand-counted week, the workbook and
the chart opened and read back."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

from bot.domain import Role, Verdict
from bot.files.digest_files import CHART_MAX_BARS, chart_bars, chart_caption, digest_chart, digest_figure
from bot.rules.digest import CompanionLine, Digest, RegionSummary, Scope, render_message
from bot.rules.periods import Period
from handlers.scheduled.jobs import WEEKLY_DIGEST, run_due
from tests.support.harness import BotHarness, FakeClock, FakeUser
from tests.support.office import WIB, add_household, add_visit, wib

MONDAY_09 = wib(2026, 11, 30, 9, 0)


@dataclass
class Week:
    """Week 48 (23–29 Nov 2026) in Kabupaten Serang and Lebak, counted by hand:

    Serang: Ani 4 visits (2 verified, 1 outside, 1 uncertain+static), Budi 2 visits (both
    verified, one with a reused photo, one at Sunday 23:59), Cici none (last report 10 Oct).
    Previous week: 2 verified visits. Lebak: Dedi 1 verified visit.
    """

    serang: FakeUser
    lebak: FakeUser
    province: FakeUser
    admin: FakeUser
    companion: FakeUser


@pytest.fixture
async def week(tmp_path: Path) -> AsyncIterator[tuple[BotHarness, Week]]:
    async with BotHarness(tmp_path, clock=FakeClock(MONDAY_09)) as bot:
        ani = await bot.register(Role.COMPANION, first_name="Ani")
        budi = await bot.register(Role.COMPANION, first_name="Budi")
        cici = await bot.register(Role.COMPANION, first_name="Cici")
        dedi = await bot.register(Role.COMPANION, first_name="Dedi", regions=("3602",))
        h1, h2, h3 = [await add_household(bot, ani, name) for name in ("Hasan", "Iwan", "Joko")]
        await add_household(bot, ani, "Nur Never")
        h4, h5 = [await add_household(bot, budi, name) for name in ("Kartini", "Lina")]
        h6 = await add_household(bot, cici, "Maman")
        h7 = await add_household(bot, dedi, "Oding", region="3602")

        await add_visit(bot, h1, ani, wib(2026, 11, 24, 10), dwell_s=600)
        await add_visit(bot, h1, ani, wib(2026, 11, 26, 10), dwell_s=1200)
        await add_visit(
            bot,
            h2,
            ani,
            wib(2026, 11, 25, 10),
            verdict=Verdict.OUTSIDE,
            flags=("outside",),
            distance_m=900,
            dwell_s=300,
        )
        await add_visit(
            bot, h3, ani, wib(2026, 11, 28, 10), verdict=Verdict.UNCERTAIN, flags=("uncertain", "static"), live=False
        )
        await add_visit(bot, h4, budi, wib(2026, 11, 23, 8), flags=("reused_photo",), dwell_s=900)
        await add_visit(bot, h5, budi, wib(2026, 11, 29, 23, 59))
        await add_visit(bot, h5, budi, wib(2026, 11, 30, 0, 5))  # visited Monday 00:00: next week, not counted
        await add_visit(bot, h1, ani, wib(2026, 11, 18, 10))  # previous week
        await add_visit(bot, h5, budi, wib(2026, 11, 22, 23, 59))  # previous week
        await add_visit(bot, h6, cici, wib(2026, 10, 10, 10))
        await add_visit(bot, h7, dedi, wib(2026, 11, 27, 10), dwell_s=1800)

        people = Week(
            serang=await bot.register(Role.COORDINATOR, regions=("3604",), first_name="KoorSerang"),
            lebak=await bot.register(Role.COORDINATOR, regions=("3602",), first_name="KoorLebak"),
            province=await bot.register(Role.COORDINATOR, regions=("36",), first_name="KoorProv"),
            admin=await bot.register(Role.ADMIN),
            companion=ani,
        )
        yield bot, people


def of(bot: BotHarness, user: FakeUser, method: str) -> list[object]:
    return [call for call in bot.api.calls_to(method) if call.chat_id == user.id]


async def test_weekly_digest_numbers_match_the_hand_count(week: tuple[BotHarness, Week]) -> None:
    bot, people = week
    await run_due(bot.app, WEEKLY_DIGEST)

    [message] = of(bot, people.serang, "sendMessage")
    text = message.text  # type: ignore[attr-defined]
    assert "Ringkasan kunjungan 23/11/2026–29/11/2026" in text
    assert "Wilayah: Kabupaten Serang" in text
    assert "Kunjungan: <b>6</b> (+4 dari periode sebelumnya: 2)" in text
    assert "KPM dikunjungi: 5" in text
    assert "Terverifikasi: 67% (sebelumnya 100%)" in text
    # Habits rather than one alert per report: 5 of 6 live; median of 300, 600, 900, 1200 s.
    assert "Lokasi langsung: 83% laporan; lama di rumah KPM (median): 12 menit" in text
    assert "jarang memakai lokasi langsung" not in text
    assert "Ditandai: 3 — " in text
    for reason in ("di luar radius 1", "jarak belum pasti 1", "lokasi statis 1", "foto pernah dipakai 1"):
        assert reason in text
    assert "1 pendamping tanpa laporan: Cici" in text
    assert "Nur Never (Sukamaju): belum pernah" in text
    assert "Maman (Sukamaju): 50 hari" in text
    assert "Per kabupaten/kota" not in text  # one region: no per-region lines


async def test_province_coordinator_gets_the_province_and_a_line_per_region(week: tuple[BotHarness, Week]) -> None:
    bot, people = week
    await run_due(bot.app, WEEKLY_DIGEST)

    [message] = of(bot, people.province, "sendMessage")
    text = message.text  # type: ignore[attr-defined]
    assert "Wilayah: Provinsi Banten" in text
    assert "Kunjungan: <b>7</b>" in text
    assert "Lokasi langsung: 86% laporan; lama di rumah KPM (median): 15 menit" in text
    assert "• Kabupaten Serang: 6 kunjungan, 67% terverifikasi, 83% lokasi langsung, 3 ditandai" in text
    assert "• Kabupaten Lebak: 1 kunjungan, 100% terverifikasi, 100% lokasi langsung, 0 ditandai" in text
    assert "• Kota Cilegon: 0 kunjungan, – terverifikasi, – lokasi langsung, 0 ditandai" in text
    [lebak] = of(bot, people.lebak, "sendMessage")
    assert "Kunjungan: <b>1</b>" in lebak.text  # type: ignore[attr-defined]
    assert of(bot, people.admin, "sendMessage") == []  # the weekly digest is for coordinators


async def test_digest_workbook_has_a_sheet_per_region_with_frozen_filtered_headers(
    week: tuple[BotHarness, Week],
) -> None:
    bot, people = week
    first_flagged = await bot.services.db.fetch_value(
        "SELECT MIN(visit_id) FROM visit_flags f JOIN visits v ON v.id = f.visit_id WHERE v.region_code = '3604'"
    )
    assert people.serang.person is not None
    await bot.services.reviews.review(
        first_flagged,
        status="rejected",
        reason="Foto buram",
        reviewer_id=people.serang.person.id,
        at=wib(2026, 11, 28, 9, 0),
    )
    await run_due(bot.app, WEEKLY_DIGEST)

    [document] = of(bot, people.serang, "sendDocument")
    [(file_name, content)] = document.files.values()  # type: ignore[attr-defined]
    assert file_name == "ringkasan-20261123-20261129.xlsx"
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [
        "Ringkasan",
        "Kabupaten Serang",
        "KPM terlama",
        "Tindak lanjut",
        "Laporan ditandai",
        "Tugas",
    ]
    flagged = list(workbook["Laporan ditandai"].iter_rows(values_only=True))
    assert flagged[0][7:10] == ("Hasil tinjauan", "Peninjau", "Ditinjau (WIB)") and len(flagged) == 1 + 3
    reviewed = next(row for row in flagged[1:] if row[0] == first_flagged)
    assert reviewed[7:11] == ("ditolak", people.serang.person.full_name, "2026-11-28 09:00", "Foto buram")
    assert all(row[7] is None for row in flagged[1:] if row[0] != first_flagged)
    sheet = workbook["Kabupaten Serang"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I4"
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Pendamping" and rows[0][7:] == ["Lokasi langsung (%)", "Lama di rumah, median (menit)"]
    assert rows[1:] == [
        ["Ani", 4, 2, 50.0, 2, 1, 1, 75.0, 10.0],
        ["Budi", 2, 2, 100.0, 1, 0, 0, 100.0, 15.0],
        ["Cici", 0, 0, None, 0, 1, 50, None, None],
    ]
    unvisited = list(workbook["KPM terlama"].iter_rows(values_only=True))
    assert unvisited[1][2] == "Nur Never" and unvisited[1][5] is None
    # The last visit's time is when its location was shared, 5 minutes before it was reported.
    assert unvisited[2][2] == "Maman" and unvisited[2][5] == "2026-10-10 09:55" and unvisited[2][6] == 50


async def test_digest_chart_is_a_png_per_companion(week: tuple[BotHarness, Week]) -> None:
    bot, people = week
    await run_due(bot.app, WEEKLY_DIGEST)

    [photo] = of(bot, people.serang, "sendPhoto")
    [(_, content)] = photo.files.values()  # type: ignore[attr-defined]
    image = Image.open(io.BytesIO(content))
    assert image.format == "PNG"
    assert image.width >= 600 and image.height >= 250


async def test_a_week_without_flags_says_so_in_words(week: tuple[BotHarness, Week]) -> None:
    bot, people = week
    await run_due(bot.app, WEEKLY_DIGEST)

    [message] = of(bot, people.lebak, "sendMessage")
    text = message.text  # type: ignore[attr-defined]
    assert "Ditandai: tidak ada laporan" in text
    assert "—" not in text and ": –" not in text


async def test_the_chart_caption_says_what_its_bars_are(week: tuple[BotHarness, Week]) -> None:
    bot, people = week
    await run_due(bot.app, WEEKLY_DIGEST)

    [photo] = of(bot, people.serang, "sendPhoto")
    assert photo.params["caption"] == "Kunjungan per pendamping"  # type: ignore[attr-defined]
    digest = _province_digest()
    assert chart_caption(digest, "id") == (
        "Kunjungan per kabupaten/kota: 35 pendamping terlalu banyak untuk satu batang per orang"
    )
    assert chart_caption(digest, "en") == "Visits per regency/city: 35 companions are too many for a bar each"


def test_the_chart_legend_covers_no_bar() -> None:
    """The longest bar at the bottom (where the legend used to sit) stays in sight."""
    lines = tuple(
        CompanionLine(i, f"Pendamping {i}", "3604", visits, visits, visits, 0, 0, 0)
        for i, visits in enumerate((2, 3, 5, 8, 13, 21))
    )
    serang = RegionSummary("3604", "Kabupaten Serang", 52, 52, 52, 0, 0, 0, companions=lines)
    digest = Digest(
        Period.of_days(date(2026, 11, 23), date(2026, 11, 29), WIB), Scope(("3604",), False), serang, (serang,)
    )
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = digest_figure(digest, "id")
    FigureCanvasAgg(figure).draw()
    legends = [*figure.legends, *(axes.get_legend() for axes in figure.axes if axes.get_legend())]
    bars = [bar for axes in figure.axes for bar in axes.patches if bar.get_width() > 0]
    assert legends and len(bars) == 6
    [axes] = figure.axes
    words = [axes.title, axes.xaxis.label, *axes.get_yticklabels()]
    for legend in legends:
        box = legend.get_window_extent()
        assert not any(box.overlaps(bar.get_window_extent()) for bar in bars)
        assert not any(box.overlaps(text.get_window_extent()) for text in words)


async def test_ringkasan_on_demand_for_the_coordinators_regions(week: tuple[BotHarness, Week]) -> None:
    _bot, people = week
    answer = await people.serang.command("ringkasan")
    assert "Kunjungan: <b>6</b>" in answer.texts[0]
    assert len(answer.documents()) == 1
    assert [call.method for call in answer.calls] == ["sendMessage", "sendDocument", "sendPhoto"]

    dates = await people.serang.command("ringkasan", "23/11/2026", "2026-11-29")
    assert "Kunjungan: <b>6</b>" in dates.texts[0]
    month = await people.lebak.command("ringkasan", "bulan")
    assert "01/10/2026–31/10/2026" in month.texts[0] and "Kabupaten Lebak" in month.texts[0]
    admin = await people.admin.command("ringkasan", "minggu")
    assert "Provinsi Banten" in admin.texts[0] and "Per kabupaten/kota" in admin.texts[0]
    assert "Gunakan: /ringkasan" in (await people.serang.command("ringkasan", "kemarin")).text


async def test_coordinator_of_two_regions_gets_both_and_their_sum(week: tuple[BotHarness, Week]) -> None:
    bot, _ = week
    both = await bot.register(Role.COORDINATOR, regions=("3602", "3604"), first_name="KoorDua")
    text = (await both.command("ringkasan")).texts[0]
    assert "Wilayah: Kabupaten Lebak, Kabupaten Serang" in text
    assert "Kunjungan: <b>7</b>" in text and "Per kabupaten/kota" in text
    assert "Kota Cilegon" not in text


async def test_digest_speaks_the_readers_language(week: tuple[BotHarness, Week]) -> None:
    bot, people = week
    assert people.serang.person is not None
    await bot.services.db.execute("UPDATE people SET language = 'en' WHERE id = ?", (people.serang.person.id,))
    bot.services.people.forget_cached()  # written by hand, not through the repository
    answer = await people.serang.command("ringkasan")
    assert "Visit digest 23/11/2026–29/11/2026" in answer.texts[0]
    assert "outside the radius 1" in answer.texts[0]
    [(name, content)] = answer.documents()
    assert name == "digest-20261123-20261129.xlsx"
    assert load_workbook(io.BytesIO(content)).sheetnames == [
        "Summary",
        "Kabupaten Serang",
        "Longest unvisited",
        "Follow-up",
        "Flagged reports",
        "Tasks",
    ]


async def test_companions_cannot_ask_for_a_digest(week: tuple[BotHarness, Week]) -> None:
    _, people = week
    answer = await people.companion.command("ringkasan")
    assert answer.text == "Perintah tidak dikenal. Ketik /bantuan untuk melihat perintah yang tersedia."


@pytest.mark.parametrize("limit", [1, 2, 5])
async def test_oldest_households_ranked_among_the_overdue_match_a_full_ranking(
    week: tuple[BotHarness, Week],
    limit: int,
) -> None:
    bot, people = week
    repo = bot.services.digests
    end = wib(2026, 11, 30)
    summary = await repo.overdue(("3604", "3602"), end, end - 30 * 24 * 3600, limit)
    for code in ("3604", "3602"):
        assert summary.longest[code] == await repo.longest_unvisited(code, end, limit)
    assert [household.head_name for household in summary.longest["3604"]] == [
        "Nur Never",
        "Maman",
        "Kartini",
        "Iwan",
        "Hasan",
    ][:limit]
    assert people.companion.person is not None
    assert summary.per_companion[people.companion.person.id] == 1  # Ani: Nur Never
    assert sum(summary.per_companion.values()) == 2  # and Cici: Maman


def _province_digest() -> Digest:
    """A province of 35 companions in two regions: more than one chart holds a bar each for."""

    def region(code: str, companions: int) -> RegionSummary:
        lines = tuple(CompanionLine(i, f"P{code}-{i}", code, 4, 3, 2, 1, 0, 1) for i in range(companions))
        return RegionSummary(
            code, f"Wilayah {code}", 4 * companions, companions, 3 * companions, companions, 0, 0, companions=lines
        )

    regions = (region("3601", CHART_MAX_BARS), region("3602", 5))
    total = RegionSummary(
        "36", "Provinsi Banten", 140, 35, 105, 35, 0, 0, companions=regions[0].companions + regions[1].companions
    )
    return Digest(
        Period.of_days(date(2026, 11, 23), date(2026, 11, 29), WIB), Scope(("3601", "3602"), True), total, regions
    )


def test_chart_of_a_province_shows_regions_instead_of_hundreds_of_companions() -> None:
    digest = _province_digest()
    assert chart_bars(digest) == [("Wilayah 3601", 60, 30, 30), ("Wilayah 3602", 10, 5, 5)]
    assert Image.open(io.BytesIO(digest_chart(digest, "en"))).format == "PNG"


def test_digest_names_the_companions_who_rarely_share_a_live_location() -> None:
    lines = (
        CompanionLine(1, "Ani", "3604", 4, 4, 4, 0, 0, 0, live=1, dwell_median_s=600),
        CompanionLine(2, "Budi", "3604", 2, 2, 2, 0, 0, 0, live=2, dwell_median_s=300),
        CompanionLine(3, "Cici", "3604", 5, 5, 5, 0, 0, 0, live=0),
    )
    serang = RegionSummary("3604", "Kabupaten Serang", 11, 11, 11, 0, 0, 0, companions=lines, live=3)
    digest = Digest(
        Period.of_days(date(2026, 11, 23), date(2026, 11, 29), WIB), Scope(("3604",), False), serang, (serang,)
    )
    text = render_message(digest, "id", WIB)
    assert "Lokasi langsung: 27% laporan; lama di rumah KPM (median): –" in text
    assert "• 2 pendamping jarang memakai lokasi langsung: Cici 0%, Ani 25%" in text
