"""The register index and its views, without Telegram or HTTP, on a real SQLite file: what the
dashboard counts equals what the stored rows say, and the index follows what changes after it
was read (new visits and households, moved or deactivated households, reviews)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import h3
import pytest

from bot.domain import NewVisit, Role, Verdict, VisitFlag
from bot.monitoring.register import Monitor, RegisterIndex, _joined_visits
from bot.monitoring.views import (
    NEVER,
    OVERDUE,
    RECENT,
    Box,
    Filters,
    Moments,
    companion_rows,
    coverage,
    hexagons,
    household_mask,
    household_points,
    review_queue,
    visit_mask,
)
from bot.services import Services
from tests.support.decisions import LEBAK, SERANG, household, opened_services, person
from tests.support.harness import FakeClock
from tests.support.office import WIB, wib

pytestmark = pytest.mark.both_backends

DAY = 24 * 3600
NOW = wib(2026, 11, 25, 12)  # a Wednesday
ALL = (SERANG, LEBAK)
BOX = Box(-7.5, 104.5, -5.5, 107.5)


async def visit(
    services: Services,
    household_id: int,
    companion_id: int,
    at: int,
    verdict: Verdict,
    *flags: str,
    dwell: int = 0,
    flag_earlier: tuple[tuple[int, VisitFlag], ...] = (),
) -> int:
    found = await services.households.by_id(household_id)
    assert found is not None and found.latitude is not None and found.longitude is not None
    visit_id, _ = await services.visits.add(
        NewVisit(
            household_id=household_id,
            companion_id=companion_id,
            region_code=found.region_code,
            started_at=at,
            reported_at=at + 60,
            latitude=found.latitude,
            longitude=found.longitude,
            accuracy_m=5,
            live=dwell > 0,
            verdict=verdict,
            dwell_s=dwell or None,
            flags=tuple(VisitFlag(flag) for flag in flags),
            flag_earlier=flag_earlier,
        )
    )
    return visit_id


async def test_counts_follow_the_stored_rows_and_their_changes(tmp_path: Path) -> None:
    clock = FakeClock(NOW)
    async with opened_services(tmp_path, clock) as services:
        siti = await person(services, Role.COMPANION, SERANG, name="Siti")
        asep = await person(services, Role.COMPANION, LEBAK, name="Asep")
        clock.set(NOW - 90 * DAY)  # registered three months ago: due long since
        serang = [await household(services, siti, (-6.12 + i * 0.01, 106.15)) for i in range(4)]
        lebak = [await household(services, asep, (-6.6, 106.2), region=LEBAK) for _ in range(2)]
        clock.set(NOW)
        recent = await visit(services, serang[0].id, siti.id, NOW - 2 * DAY, Verdict.VERIFIED, dwell=600)
        flagged = await visit(services, serang[1].id, siti.id, NOW - 3 * DAY, Verdict.OUTSIDE, "outside", dwell=300)
        await visit(services, serang[2].id, siti.id, NOW - 45 * DAY, Verdict.VERIFIED)  # overdue now
        await visit(services, lebak[0].id, asep.id, NOW - 1 * DAY, Verdict.UNCERTAIN, "uncertain")
        moments = Moments.at(NOW, WIB, 30)
        index = await RegisterIndex.read(services.monitoring, ALL, moments.window)

        everything = household_mask(index, ALL, Filters())
        serang_only = household_mask(index, (SERANG,), Filters())
        assert int(everything.sum()) == 6 and int(serang_only.sum()) == 4
        rows = {row.key: row for row in coverage(index, serang_only, moments, "region")}
        row = rows[(SERANG,)]
        # Visited within the month: 2 (the 45-day-old visit is outside it); overdue: the one
        # visited 45 days ago and the one never visited.
        assert (row.households, row.visited_this_month, row.overdue, row.never_visited) == (4, 2, 2, 1)
        assert (row.visits_this_month, row.verified_this_month, row.flagged_this_month) == (2, 1, 1)

        for resolution in (5, 8):
            cells = hexagons(
                index,
                serang_only,
                visit_mask(index, serang_only, Filters(period="30d"), moments),
                moments,
                BOX,
                resolution,
            )
            assert sum(cell.households for cell in cells) == 4
            assert sum(sum(cell.visits) for cell in cells) == 2
            expected = {h3.latlng_to_cell(h.latitude, h.longitude, resolution) for h in serang}
            assert {cell.cell for cell in cells} == expected

        points = household_points(index, serang_only, moments, BOX)
        assert points is not None
        states = {point.household_id: point.state for point in points}
        assert states == {serang[0].id: RECENT, serang[1].id: RECENT, serang[2].id: OVERDUE, serang[3].id: NEVER}

        companions = companion_rows(index, [siti, asep], serang_only, moments, {})
        line = {row.companion.full_name: row for row in companions}
        assert (line["Siti"].reports_this_month, line["Siti"].live_this_month, line["Siti"].flagged_this_month) == (
            2,
            2,
            1,
        )
        assert line["Siti"].median_dwell_s == 450 and line["Siti"].overdue_households == 2
        assert line["Asep"].reports_this_month == 0  # Lebak is outside the scope counted

        assert review_queue(index, serang_only, Filters(), 0, 10) == ([flagged], 1)
        assert review_queue(index, household_mask(index, (LEBAK,), Filters()), Filters(), 0, 10)[1] == 1

        # What changes after the reading shows at the next look.
        late = await visit(services, serang[3].id, siti.id, NOW - 600, Verdict.VERIFIED)
        clock.advance(60)
        await services.households.set_active(serang[2], False, actor_id=siti.id)
        added = await household(services, siti, (-6.2, 106.1))
        await services.reviews.review(flagged, status="accepted", reason=None, reviewer_id=siti.id, at=NOW)
        await index.follow(services.monitoring)
        serang_only = household_mask(index, (SERANG,), Filters())
        row = coverage(index, serang_only, moments, "region")[0]
        assert (row.households, row.never_visited, row.visits_this_month) == (4, 1, 3)  # the new one never visited
        assert review_queue(index, serang_only, Filters(), 0, 10) == ([], 0)
        today = visit_mask(index, serang_only, Filters(period="today"), moments)
        assert [int(v) for v in index.visits.ids[today]] == [late]
        assert added.id in {int(i) for i in index.households.ids[serang_only]}
        assert recent in {int(v) for v in index.visits.ids}


async def test_filters_narrow_and_never_widen_the_scope(tmp_path: Path) -> None:
    clock = FakeClock(NOW)
    async with opened_services(tmp_path, clock) as services:
        siti = await person(services, Role.COMPANION, SERANG, name="Siti")
        asep = await person(services, Role.COMPANION, LEBAK, name="Asep")
        await household(services, siti)
        await household(services, asep, (-6.6, 106.2), region=LEBAK)
        index = await RegisterIndex.read(services.monitoring, ALL, Moments.at(NOW, WIB, 30).window)
        assert int(household_mask(index, (SERANG,), Filters(region=LEBAK)).sum()) == 0
        assert int(household_mask(index, (SERANG,), Filters(companion=asep.id)).sum()) == 0
        assert int(household_mask(index, ALL, Filters(companion=asep.id)).sum()) == 1
        assert int(household_mask(index, ALL, Filters(desa="nowhere")).sum()) == 0


async def test_an_answer_is_shared_until_the_index_changes(tmp_path: Path) -> None:
    """Twenty open dashboards asking the same view cost one counting; a review taken in
    between, or a new visit taken in by the next look, makes the next asker count again."""
    clock = FakeClock(NOW)
    async with opened_services(tmp_path, clock) as services:
        siti = await person(services, Role.COMPANION, SERANG, name="Siti")
        home = await household(services, siti)
        flagged = await visit(services, home.id, siti.id, NOW - DAY, Verdict.OUTSIDE, "outside")
        monitor = Monitor(services.monitoring, lambda: ALL, lambda: Moments.at(NOW, WIB, 30).window)
        monitor.refresh_s = 3600.0  # nothing grows old during the test
        index = await monitor.index()
        counted: list[int] = []

        async def produce() -> int:
            counted.append(index.generation)
            await asyncio.sleep(0)  # the other askers come while it is worked out
            return len(counted)

        answers = await asyncio.gather(*(monitor.answer(index, "map", produce) for _ in range(20)))
        assert answers == [1] * 20 and len(counted) == 1
        assert await monitor.answer(index, "coverage", produce) == 2  # another view, its own answer
        index.set_review(flagged, "accepted")
        assert await monitor.answer(index, "map", produce) == 3
        await visit(services, home.id, siti.id, NOW - 60, Verdict.VERIFIED)
        await index.follow(services.monitoring)
        assert await monitor.answer(index, "map", produce) == 4
        assert await monitor.answer(index, "map", produce) == 4


async def test_a_failed_answer_is_not_kept_and_old_answers_are_not(tmp_path: Path) -> None:
    async with opened_services(tmp_path, FakeClock(NOW)) as services:
        monitor = Monitor(services.monitoring, lambda: ALL, lambda: Moments.at(NOW, WIB, 30).window)
        index = await monitor.index()
        calls: list[str] = []

        async def failing() -> int:
            calls.append("failed")
            raise RuntimeError("database gone")

        async def working() -> int:
            calls.append("worked")
            return 7

        monitor.refresh_s = 3600.0
        with pytest.raises(RuntimeError):
            await monitor.answer(index, "map", failing)
        assert await monitor.answer(index, "map", working) == 7
        monitor.refresh_s = 0.0  # every answer already too old
        assert await monitor.answer(index, "map", working) == 7
        assert calls == ["failed", "worked", "worked"]


async def test_counting_runs_in_a_worker_thread_and_no_change_is_taken_in_under_it(tmp_path: Path) -> None:
    async with opened_services(tmp_path, FakeClock(NOW)) as services:
        siti = await person(services, Role.COMPANION, SERANG, name="Siti")
        home = await household(services, siti)
        monitor = Monitor(services.monitoring, lambda: ALL, lambda: Moments.at(NOW, WIB, 30).window)
        monitor.refresh_s = 0.0
        index = await monitor.index()
        counting, release = threading.Event(), threading.Event()

        def work(seen: RegisterIndex) -> tuple[int, int]:
            counting.set()
            release.wait(10)
            return threading.get_ident(), len(seen.visits.ids)

        job = asyncio.ensure_future(monitor.computed(index, work))
        await asyncio.to_thread(counting.wait, 10)
        await visit(services, home.id, siti.id, NOW - 60, Verdict.VERIFIED)
        looking = asyncio.ensure_future(monitor.index())  # waits for the counting to end
        await asyncio.sleep(0.05)
        assert not looking.done()
        release.set()
        thread, visits = await job
        assert thread != threading.get_ident() and visits == 0
        assert len((await looking).visits.ids) == 1


async def test_a_reading_keeps_no_second_copy_of_the_register(tmp_path: Path) -> None:
    """The chunks a reading joins keep nothing of the joined columns: a view of them would keep
    the unsorted visits alive beside the sorted ones (35 MB at the province's size)."""
    clock = FakeClock(NOW)
    async with opened_services(tmp_path, clock) as services:
        siti = await person(services, Role.COMPANION, SERANG, name="Siti")
        homes = [await household(services, siti, (-6.12 + i * 0.01, 106.15)) for i in range(3)]
        for number, home in enumerate(homes):
            await visit(services, home.id, siti.id, NOW - (number + 1) * DAY, Verdict.VERIFIED)
        parts = [RegisterIndex(0)._visits, RegisterIndex(0)._visits]
        index = await RegisterIndex.read(services.monitoring, ALL, Moments.at(NOW, WIB, 30).window)
        parts[0] = index.visits
        joined = _joined_visits(parts)
        assert [int(i) for i in joined.ids] == [int(i) for i in index.visits.ids]
        for part in parts:
            assert all(getattr(part, name).base is None for name in ("ids", "row", "started_at"))


async def test_a_flag_a_new_report_puts_on_an_earlier_one_shows_at_the_next_look(tmp_path: Path) -> None:
    """Impossible travel flags the earlier report too, when the later one is stored: the review
    queue holds it after the next look, not after the hourly reading."""
    clock = FakeClock(NOW)
    async with opened_services(tmp_path, clock) as services:
        siti = await person(services, Role.COMPANION, SERANG, name="Siti")
        near, far = await household(services, siti), await household(services, siti, (-6.9, 106.0))
        earlier = await visit(services, near.id, siti.id, NOW - 3600, Verdict.VERIFIED)
        moments = Moments.at(NOW, WIB, 30)
        index = await RegisterIndex.read(services.monitoring, ALL, moments.window)
        serang = household_mask(index, (SERANG,), Filters())
        assert review_queue(index, serang, Filters(), 0, 10) == ([], 0)
        travel = VisitFlag("impossible_travel", "90 km in 10 min")
        later = await visit(
            services,
            far.id,
            siti.id,
            NOW - 3000,
            Verdict.VERIFIED,
            "impossible_travel",
            flag_earlier=((earlier, travel),),
        )
        await index.follow(services.monitoring)
        assert review_queue(index, serang, Filters(flag="impossible_travel"), 0, 10) == ([later, earlier], 2)
        await index.follow(services.monitoring)  # nothing new: nothing changes
        assert review_queue(index, serang, Filters(), 0, 10)[1] == 2
