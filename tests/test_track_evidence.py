"""What the whole live track proves, through the real Application: a mock location switched off
and on, a frozen track, one spot for several households, a still track, a replayed track and a
copy of another companion's photo are flagged in words wherever the report is read; an honest
walk between neighbours raises nothing; a weak first fix is outweighed by a good one."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image, ImageOps

from bot.domain import Role, Verdict, Visit
from handlers.review.alerts import send_alerts
from tests.support.harness import BotHarness, BotResponse, FakeUser
from tests.support.report import HOME, METRE, Reporter, add_household, north_of, picture

DAY = 86_400


def around(point: tuple[float, float], metres: float, degrees: float) -> tuple[float, float]:
    """The point `metres` from `point` on the bearing `degrees` (0 north, 90 east), to six decimals
    as Telegram sends it."""
    north = metres * math.cos(math.radians(degrees)) * METRE
    east = metres * math.sin(math.radians(degrees)) * METRE / math.cos(math.radians(point[0]))
    return round(point[0] + north, 6), round(point[1] + east, 6)


@dataclass(frozen=True)
class Move:
    """A live-location update `after` seconds after the previous step."""

    after: int
    position: tuple[float, float]
    accuracy: float


@pytest.fixture
async def reporter(bot: BotHarness) -> Reporter:
    return Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))


@pytest.fixture
async def coordinator(bot: BotHarness) -> FakeUser:
    return await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Koordinator")


async def visit(
    reporter: Reporter,
    household: str,
    first: tuple[float, float],
    accuracy: float,
    moves: tuple[Move, ...] = (),
    *,
    seed: int,
) -> BotResponse:
    """A whole report with a live location shared at `first` and moved as `moves` say while the
    photo is taken; returns the receipt."""
    bot, user = reporter.bot, reporter.user
    await reporter.start()
    listed = await reporter.share(first, accuracy=accuracy)
    chosen = await reporter.choose(listed, household)
    if any(button["callback_data"] == "rep:go" for button in chosen.buttons):
        await user.press("rep:go")
    assert reporter.location is not None
    for move in moves:
        bot.clock.advance(move.after)
        await user.move_live_location(reporter.location, *move.position, accuracy=move.accuracy)
    await reporter.photo(seed)
    await user.press("rep:pd")
    await reporter.conditions()
    await user.press("rep:skip")
    return await user.press("rep:send")


async def stored(bot: BotHarness, visit_id: int) -> Visit:
    found = await bot.services.visits.by_id(visit_id)
    assert found is not None
    return found


async def flags_of(bot: BotHarness, visit_id: int) -> list[tuple[str, int | None]]:
    return [(flag.flag, flag.related_visit_id) for flag in (await stored(bot, visit_id)).flags]


def alerts_to(bot: BotHarness, person: FakeUser) -> str:
    return "\n".join(call.text for call in bot.api.calls_to("sendMessage") if call.chat_id == person.id)


def entry(alerts: str, visit_id: int) -> str:
    """One report's entry in the coordinator's alerts."""
    start = alerts.index(f"<b>#{visit_id}</b>")
    following = alerts.find("<b>#", start + 1)
    return alerts[start : following if following != -1 else None]


# ── One report's own track ──────────────────────────────────────────────────


async def test_a_mock_location_switched_off_and_on_is_a_jump_in_every_place_the_report_is_read(
    bot: BotHarness, reporter: Reporter, coordinator: FakeUser
) -> None:
    """12 m from the house, two updates 3 s apart 6 km away, back at 11 m 3 s later."""
    await add_household(bot, reporter.user, "Siti Aminah")
    away = north_of(HOME, 6000)
    moves = (Move(60, away, 12), Move(3, away, 12), Move(3, north_of(HOME, 11), 6))
    receipt = await visit(reporter, "Siti Aminah", north_of(HOME, 12), 6, moves, seed=1)

    assert "ditandai untuk diperiksa koordinator: lokasi langsung melompat terlalu jauh dalam sekejap" in receipt.text
    reported = await stored(bot, 1)
    assert reported.verdict is Verdict.VERIFIED and [f.flag for f in reported.flags] == ["track_jump"]
    assert reported.flags[0].detail == "5970 m / 60 s (358 km/h)"  # the first leg of the jump
    await send_alerts(bot.app)  # unless the alert job, woken by the report, was first
    assert "Alasan: lokasi langsung melompat terlalu jauh dalam sekejap" in alerts_to(bot, coordinator)
    assert "lokasi langsung melompat" in (await reporter.user.command("riwayat")).text


async def test_a_frozen_track_is_flagged(bot: BotHarness, reporter: Reporter, coordinator: FakeUser) -> None:
    """15 updates a minute apart, identical to the sixth decimal, accuracy 5.0 m every time."""
    await add_household(bot, reporter.user, "Siti Aminah")
    spot = north_of(HOME, 10)
    receipt = await visit(reporter, "Siti Aminah", spot, 5.0, tuple(Move(60, spot, 5.0) for _ in range(14)), seed=1)

    assert "lokasi langsung membeku (titik dan akurasi sama persis)" in receipt.text
    assert [(f.flag, f.detail) for f in (await stored(bot, 1)).flags] == [("frozen_track", "14 min")]
    await send_alerts(bot.app)
    assert "Alasan: lokasi langsung membeku" in alerts_to(bot, coordinator)


# ── Reports of several households ───────────────────────────────────────────


async def test_one_spot_for_five_households_flags_each_report_naming_the_others_everywhere(
    bot: BotHarness, reporter: Reporter, coordinator: FakeUser
) -> None:
    """Five households 92 m from where the companion sits (108–175 m from each other), reported
    within 20 minutes from there (±5 m): every report was "verified"; now each names the others."""
    for number in range(5):
        await add_household(bot, reporter.user, f"Warga {number}", around(HOME, 92, 72 * number))
    for number in range(5):
        if number:
            bot.clock.advance(240)
        receipt = await visit(reporter, f"Warga {number}", around(HOME, 5, 130 * number), 2, seed=10 + number)
        assert "Nomor laporan" in receipt.text
    assert "satu titik untuk KPM yang berjauhan, juga laporan #1, #2, #3, #4" in receipt.text

    for number in range(1, 6):
        reported = await stored(bot, number)
        assert reported.verdict is Verdict.VERIFIED
        others = [other for other in range(1, 6) if other != number]
        assert [related for flag, related in await flags_of(bot, number) if flag == "one_spot"] == others

    # Alerted as they come (each alert says what its report carried then); the last names them all.
    await send_alerts(bot.app)
    last = entry(alerts_to(bot, coordinator), 5)
    assert "satu titik untuk KPM yang berjauhan, juga laporan #1, #2, #3, #4" in last
    assert "tidak berpindah selama laporan beberapa KPM, juga laporan #1, #2, #3, #4" in last
    history = (await reporter.user.command("riwayat")).text
    assert "satu titik untuk KPM yang berjauhan, juga laporan #2, #3, #4, #5" in history

    export = await coordinator.command("ekspor", "2025-11-01", "2025-11-30")
    rows = csv.DictReader(io.StringIO(dict(export.documents())["kunjungan-20251101-20251130.csv"].decode("utf-8-sig")))
    flags = {row["No. laporan"]: row["Tanda"] for row in rows}
    assert flags["3"].startswith("satu titik untuk KPM yang berjauhan, juga laporan #1, #2, #4, #5")

    digest = await coordinator.command("ringkasan", "24/11/2025", "30/11/2025")
    assert "satu titik untuk KPM yang berjauhan 5" in digest.texts[0]
    [(_, workbook)] = [document for document in digest.documents() if document[0].endswith(".xlsx")]
    sheet = load_workbook(io.BytesIO(workbook))["Laporan ditandai"]
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert any(cell.startswith("satu titik untuk KPM yang berjauhan, juga laporan #2, #3, #4, #5") for cell in cells)


async def test_a_track_that_never_moves_while_three_neighbours_are_reported_is_flagged(
    bot: BotHarness, reporter: Reporter
) -> None:
    """Three households 50 m apart on an arc 70 m from where the companion sits: too close together
    for "one spot", but walking to each door would have moved the track."""
    for number in range(3):
        await add_household(bot, reporter.user, f"Warga {number}", around(HOME, 70, 42 * number))
    for number in range(3):
        bot.clock.advance(300)
        moves = (Move(90, around(HOME, 3, 90), 5), Move(90, around(HOME, 2, 200), 6))
        receipt = await visit(reporter, f"Warga {number}", around(HOME, 4, 120 * number), 5, moves, seed=20 + number)
    assert "tidak berpindah selama laporan beberapa KPM, juga laporan #1, #2" in receipt.text
    assert await flags_of(bot, 3) == [("still_track", 1), ("still_track", 2)]
    assert await flags_of(bot, 1) == [("still_track", 3)]


async def test_a_replayed_track_is_flagged_naming_the_report_it_repeats(bot: BotHarness, reporter: Reporter) -> None:
    await add_household(bot, reporter.user, "Siti Aminah")
    walk = tuple(Move(150, around(HOME, 12 + 6 * n, 70 * n), 15 + n) for n in range(1, 5))
    first = await visit(reporter, "Siti Aminah", around(HOME, 14, 0), 20, walk, seed=1)
    assert "ditandai" not in first.text

    bot.clock.advance(DAY)
    replay = await visit(reporter, "Siti Aminah", around(HOME, 14, 0), 20, walk, seed=2)
    assert "lintasan lokasi mengulang laporan #1" in replay.text
    assert await flags_of(bot, 2) == [("replayed_track", 1)]


async def test_an_honest_walk_between_neighbours_raises_nothing(
    bot: BotHarness, reporter: Reporter, coordinator: FakeUser
) -> None:
    """Three neighbours 30 m apart, a phone drifting 10–35 m with circles of 8–40 m, updates every
    2–5 minutes, a short walk between the doors: three verified reports, no flag, no alert."""
    doors = [north_of(HOME, 30 * number) for number in range(3)]
    for number, door in enumerate(doors):
        await add_household(bot, reporter.user, f"Tetangga {number}", door)
    for number, door in enumerate(doors):
        moves = (
            Move(150, around(door, 25, 40 + 90 * number), 30),
            Move(240, around(door, 35, 200), 40),
            Move(180, around(door, 10, 300), 8),
        )
        receipt = await visit(reporter, f"Tetangga {number}", around(door, 18, 110), 25, moves, seed=30 + number)
        assert "ditandai" not in receipt.text
        bot.clock.advance(90)  # the walk to the next door
    for number in range(1, 4):
        reported = await stored(bot, number)
        assert reported.verdict is Verdict.VERIFIED and reported.flags == ()
    assert await send_alerts(bot.app) == 0
    assert alerts_to(bot, coordinator) == ""


# ── Uncertain reports ───────────────────────────────────────────────────────


async def test_an_uncertain_first_fix_is_verified_by_a_good_fix_of_the_track(
    bot: BotHarness, reporter: Reporter
) -> None:
    """80 m from the house with a 60 m circle, then a fix 20 m away with 15 m: verified by that fix."""
    await add_household(bot, reporter.user, "Siti Aminah")
    good = north_of(HOME, 20)
    receipt = await visit(reporter, "Siti Aminah", north_of(HOME, 80), 60, (Move(120, good, 15),), seed=1)

    assert "ditandai" not in receipt.text
    reported = await stored(bot, 1)
    assert reported.verdict is Verdict.VERIFIED and reported.flags == ()
    assert (reported.latitude, reported.longitude, reported.accuracy_m) == (*good, 15)
    assert round(reported.distance_m or 0) == 20


async def test_an_uncertain_report_waits_for_the_digest_and_is_alerted_only_when_configured(
    tmp_path: Path, bot: BotHarness, reporter: Reporter, coordinator: FakeUser
) -> None:
    await add_household(bot, reporter.user, "Siti Aminah")
    receipt = await visit(reporter, "Siti Aminah", north_of(HOME, 80), 60, (Move(120, north_of(HOME, 70), 40),), seed=1)
    assert "jarak belum pasti" in receipt.text
    assert await send_alerts(bot.app) == 0 and alerts_to(bot, coordinator) == ""
    digest = await coordinator.command("ringkasan", "24/11/2025", "30/11/2025")
    assert "Ditandai: 1 — jarak belum pasti 1" in digest.texts[0]

    # Any other flag alerts as before: a static location 80 m away.
    bot.clock.advance(3600)
    await reporter.report("Siti Aminah", north_of(HOME, 80), live=False, accuracy=60, seed=2)
    await send_alerts(bot.app)
    assert "#2" in alerts_to(bot, coordinator) and "#1" not in alerts_to(bot, coordinator)

    async with BotHarness(tmp_path / "alerting", config={"verification": {"alert_uncertain": True}}) as alerting:
        companion = Reporter(alerting, await alerting.register(Role.COMPANION))
        watcher = await alerting.register(Role.COORDINATOR, regions=("3604",))
        await add_household(alerting, companion.user, "Siti Aminah")
        await visit(companion, "Siti Aminah", north_of(HOME, 80), 60, seed=1)
        await send_alerts(alerting.app)
        assert "Alasan: jarak belum pasti" in alerts_to(alerting, watcher)


# ── Photos across the province ──────────────────────────────────────────────


async def test_a_mirrored_crop_of_another_companions_photo_of_another_household_is_flagged(
    bot: BotHarness, reporter: Reporter
) -> None:
    await add_household(bot, reporter.user, "Siti Aminah")
    original = picture(21, size=48)
    await reporter.start()
    await reporter.choose(await reporter.share(HOME), "Siti Aminah")
    await reporter.user.send_photo(original)
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    await reporter.user.press("rep:skip")
    await reporter.user.press("rep:send")

    other = Reporter(bot, await bot.register(Role.COMPANION, first_name="Dedi"))
    far = north_of(HOME, 20_000)
    await add_household(bot, other.user, "Ujang Saputra", far)
    bot.clock.advance(7 * DAY)
    await other.start()
    await other.choose(await other.share(far), "Ujang Saputra")
    with Image.open(io.BytesIO(original)) as image:
        width, height = image.size
        cropped = ImageOps.mirror(image.convert("RGB")).crop((6, 6, width - 6, height - 6))
        copy = io.BytesIO()
        cropped.save(copy, "JPEG", quality=80)
    answer = await other.user.send_photo(copy.getvalue())
    assert "pernah dipakai di laporan #1" in answer.text
