"""What a live track says beyond the distance (bot/rules/track.py), without Telegram: each flag
raised by what it is meant to see, and not by what an honest phone does."""

from __future__ import annotations

import math

from bot.config import VerificationConfig
from bot.domain import Household, TrackedReport, TrackPoint, Verdict
from bot.rules.report import ReportDraft, SharedLocation, compose_visit, report_position
from bot.rules.track import frozen_seconds, jump, one_spot, replayed_from, still
from tests.support.report import HOME, METRE, north_of

NOW = 1_764_212_400
SETTINGS = VerificationConfig()


def around(point: tuple[float, float], metres: float, degrees: float) -> tuple[float, float]:
    """The point `metres` from `point` on the bearing `degrees` (0 north, 90 east)."""
    east = metres * math.sin(math.radians(degrees)) * METRE / math.cos(math.radians(point[0]))
    return point[0] + metres * math.cos(math.radians(degrees)) * METRE, point[1] + east


def fix(at: int, point: tuple[float, float], accuracy: float | None = 10) -> TrackPoint:
    return TrackPoint(at, round(point[0], 6), round(point[1], 6), accuracy)


def report(visit_id: int, household: int, where: tuple[float, float], fixes: list[TrackPoint]) -> TrackedReport:
    return TrackedReport(visit_id, household, where[0], where[1], fixes[0].recorded_at, tuple(fixes))


def household(position: tuple[float, float] = HOME, number: int = 3) -> Household:
    return Household(
        id=number,
        dtks_id=f"36040000000000{number:02d}",
        head_name="Siti",
        region_code="3604",
        latitude=position[0],
        longitude=position[1],
        companion_id=1,
        active=True,
        created_at=0,
        updated_at=0,
    )


def test_a_jump_out_and_back_is_seen_and_a_stray_fix_is_not() -> None:
    """12 m from the house, 6 km away twice 3 s apart, back at 11 m 3 s later (the issue's case)."""
    far = north_of(HOME, 6000)
    track = [fix(NOW, north_of(HOME, 12)), fix(NOW + 3, far), fix(NOW + 6, far), fix(NOW + 9, north_of(HOME, 11))]
    found = jump(track, SETTINGS)
    assert found is not None and round(found.metres) == 5968 and found.seconds == 3
    # Multipath in town: one fix 300 m off seconds later, its circle wide: under the 500 m floor.
    stray = [fix(NOW, HOME, 15), fix(NOW + 5, north_of(HOME, 300), 60), fix(NOW + 120, HOME, 15)]
    assert jump(stray, SETTINGS) is None
    # A ride of 3 km in five minutes (36 km/h) is travel, not a jump.
    assert jump([fix(NOW, HOME), fix(NOW + 300, north_of(HOME, 3000))], SETTINGS) is None


def test_a_frozen_track_is_seen_but_a_phone_on_one_cell_tower_is_not() -> None:
    frozen = [fix(NOW + 60 * n, north_of(HOME, 10), 5.0) for n in range(15)]
    assert frozen_seconds(frozen, SETTINGS) == 14 * 60
    assert frozen_seconds(frozen[:4], SETTINGS) is None, "four fixes are too few"
    # Five fixes a minute apart: four minutes, shorter than frozen_track_s.
    assert frozen_seconds(frozen[:5], SETTINGS) is None
    # The same coarse network fix repeated (1.2 km circle): a phone on one tower, not a mock.
    tower = [fix(NOW + 60 * n, north_of(HOME, 400), 1200) for n in range(15)]
    assert frozen_seconds(tower, SETTINGS) is None
    # Real GPS moves a little between fixes, or its accuracy changes.
    jittered = [fix(NOW + 60 * n, north_of(HOME, 10 + n % 2)) for n in range(15)]
    assert frozen_seconds(jittered, SETTINGS) is None
    changing = [fix(NOW + 60 * n, north_of(HOME, 10), 5.0 + n % 2) for n in range(15)]
    assert frozen_seconds(changing, SETTINGS) is None


def test_a_replayed_track_is_seen_shifted_in_time_or_in_place() -> None:
    recorded = [fix(NOW + 150 * n, around(HOME, 10 + 7 * n, 40 * n)) for n in range(6)]
    earlier = [report(1, 3, HOME, recorded)]
    again = [TrackPoint(p.recorded_at + 86_400, p.latitude, p.longitude, p.accuracy_m) for p in recorded]
    assert replayed_from(again, earlier, SETTINGS) == 1
    elsewhere = [TrackPoint(p.recorded_at + 86_400, p.latitude + 0.01, p.longitude, p.accuracy_m) for p in recorded]
    assert replayed_from(elsewhere, earlier, SETTINGS) == 1
    # Two moves alike are not enough; a real new track shares none.
    assert replayed_from(again[:3], earlier, SETTINGS) is None
    fresh = [fix(NOW + 86_400 + 150 * n, around(HOME, 12 + 5 * n, 70 * n)) for n in range(6)]
    assert replayed_from(fresh, earlier, SETTINGS) is None


def five_households_around(spot: tuple[float, float]) -> list[tuple[float, float]]:
    """92 m from `spot`, 108 m from their neighbours and 175 m from the others (the issue's case)."""
    return [around(spot, 92, 72 * n) for n in range(5)]


def test_one_spot_for_households_far_apart_names_the_other_reports() -> None:
    houses = five_households_around(HOME)
    earlier = [report(10 + n, n, houses[n], [fix(NOW + 300 * n, around(HOME, 4, 90 * n), 5)]) for n in range(4)]
    fixes = [fix(NOW + 1200, around(HOME, 5, 200), 5)]
    assert one_spot(houses[4], fixes, earlier, SETTINGS) == [10, 11, 12, 13]
    # The same reports half a day apart are not "close in time".
    late = [fix(NOW + 12 * 3600, around(HOME, 5, 200), 5)]
    assert one_spot(houses[4], late, earlier, SETTINGS) == []
    # Two households of one yard (20 m apart) reported from one spot: nothing odd.
    yard = [report(20, 7, north_of(HOME, 20), [fix(NOW, HOME, 5)])]
    assert one_spot(HOME, [fix(NOW + 600, HOME, 5)], yard, SETTINGS) == []


def test_a_still_track_over_several_households_is_seen_and_a_walk_between_neighbours_is_not() -> None:
    # Three households on an arc 70 m from where the companion sits, 50 m apart: too close
    # together for "one spot" (at most 94 m), but reaching each door would have shown.
    houses = [around(HOME, 70, 42 * n) for n in range(3)]
    earlier = [report(30 + n, n, houses[n], [fix(NOW + 400 * n + 60 * k, HOME, 5) for k in range(3)]) for n in range(2)]
    fixes = [fix(NOW + 900 + 60 * k, around(HOME, 3, 90 * k), 5) for k in range(3)]
    assert one_spot(houses[2], fixes, earlier, SETTINGS) == []
    assert still((2, *houses[2]), fixes, earlier, SETTINGS) == [30, 31]
    # Only two households so far: not yet several.
    assert still((1, *houses[1]), fixes, earlier[:1], SETTINGS) == []
    # An honest walk: at each door in turn, the phone drifting ±10–30 m.
    doors = [north_of(HOME, 30 * n) for n in range(3)]
    walked = [
        report(
            40 + n,
            n,
            doors[n],
            [fix(NOW + 600 * n + 120 * k, around(doors[n], 10 + 10 * k, 120 * k)) for k in range(3)],
        )
        for n in range(2)
    ]
    last = [fix(NOW + 1200 + 120 * k, around(doors[2], 12 + 8 * k, 100 * k)) for k in range(3)]
    assert still((2, *doors[2]), last, walked, SETTINGS) == []
    assert one_spot(doors[2], last, walked, SETTINGS) == []


def draft(first: TrackPoint, *updates: TrackPoint) -> ReportDraft:
    location = SharedLocation(first.latitude, first.longitude, first.accuracy_m, 3600, first.recorded_at, 7, 70)
    track: list[list[float | None]] = [[u.recorded_at, u.latitude, u.longitude, u.accuracy_m] for u in updates]
    return ReportDraft("key", first.recorded_at, location=location, household_id=3, track=track)


def test_an_uncertain_fix_is_outweighed_by_a_good_one_of_the_same_live_location() -> None:
    """80 m away with a 60 m circle is uncertain; a later fix 20 m away with 15 m verifies it."""
    weak = fix(NOW, north_of(HOME, 80), 60)
    assert report_position(draft(weak), household(), SETTINGS)[2] is Verdict.UNCERTAIN
    good = fix(NOW + 180, north_of(HOME, 20), 15)
    position, distance, verdict = report_position(
        draft(weak, fix(NOW + 90, north_of(HOME, 70), 40), good), household(), SETTINGS
    )
    assert verdict is Verdict.VERIFIED and position == good and round(distance or 0) == 20
    # No fix of the track has its circle within the radius: still uncertain.
    assert (
        report_position(draft(weak, fix(NOW + 90, north_of(HOME, 70), 40)), household(), SETTINGS)[2]
        is Verdict.UNCERTAIN
    )


def test_compose_visit_flags_the_track_and_casts_one_spot_on_the_earlier_reports() -> None:
    houses = five_households_around(HOME)
    earlier = [report(10 + n, n + 10, houses[n], [fix(NOW + 300 * n, HOME, 5)]) for n in range(2)]
    visit = compose_visit(
        draft(fix(NOW + 900, HOME, 5)),
        household(houses[2]),
        companion_id=1,
        now=NOW + 1000,
        previous=None,
        earlier=earlier,
        verification=SETTINGS,
    )
    assert visit.verdict is Verdict.VERIFIED
    assert sorted((f.flag, f.related_visit_id) for f in visit.flags) == [
        ("one_spot", 10),
        ("one_spot", 11),
        ("still_track", 10),
        ("still_track", 11),
    ]
    assert sorted((visit_id, flag.flag) for visit_id, flag in visit.flag_earlier) == [
        (10, "one_spot"),
        (10, "still_track"),
        (11, "one_spot"),
        (11, "still_track"),
    ]
