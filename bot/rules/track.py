"""What a live location's fixes say beyond the distance to the house: a jump away and back
faster than anyone travels, fixes frozen to the last decimal, one standing point for several
households, and a track that repeats an earlier one step for step.

A fix is one position of a live location: the location message, then each update (edited
message) while the report is written. The thresholds are in `VerificationConfig`; README
"Evidence" says what each finding proves and what it does not (a mock-location app that draws
a realistic moving track is not seen).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from bot.config import VerificationConfig
from bot.domain import TrackedReport, TrackPoint
from bot.rules.travel import implied_speed_kmh, is_impossible_travel
from bot.rules.verdict import distance_m

# Telegram gives coordinates to six decimals (about 0.1 m): fixes equal to that are one fix repeated.
_MICRODEGREES = 1_000_000


@dataclass(frozen=True)
class Jump:
    """Two consecutive fixes too far apart for the time between them."""

    metres: float  # beyond both accuracy circles
    seconds: int

    @property
    def detail(self) -> str:
        return f"{self.metres:.0f} m / {self.seconds} s ({implied_speed_kmh(self.metres, self.seconds):.0f} km/h)"


def jump(fixes: Sequence[TrackPoint], verification: VerificationConfig) -> Jump | None:
    """The first pair of consecutive fixes more than `track_jump_min_m` apart beyond both
    accuracy circles and covered faster than `max_speed_kmh`: a mock location switched on or off."""
    for earlier, later in pairwise(_in_time(fixes)):
        away = _distance(earlier, later) - (earlier.accuracy_m or 0.0) - (later.accuracy_m or 0.0)
        seconds = later.recorded_at - earlier.recorded_at
        if away > verification.track_jump_min_m and is_impossible_travel(away, seconds, verification.max_speed_kmh):
            return Jump(away, seconds)
    return None


def frozen_seconds(fixes: Sequence[TrackPoint], verification: VerificationConfig) -> int | None:
    """How long the longest run of identical fixes (position to six decimals and accuracy) lasted,
    when it holds at least `frozen_track_fixes` fixes over at least `frozen_track_s`. Only fixes
    precise enough to be taken as a position count (`max_accuracy_m`): a phone on one cell tower
    repeats the tower's coarse fix, honestly."""
    longest: int | None = None
    run: list[TrackPoint] = []
    for fix in _in_time(fixes):
        if (fix.accuracy_m or 0.0) > verification.max_accuracy_m:
            run = []
            continue
        if run and _key(fix) != _key(run[0]):
            run = []
        run.append(fix)
        seconds = run[-1].recorded_at - run[0].recorded_at
        if len(run) >= verification.frozen_track_fixes and seconds >= verification.frozen_track_s:
            longest = max(longest or 0, seconds)
    return longest


def replayed_from(
    fixes: Sequence[TrackPoint], earlier: Sequence[TrackedReport], verification: VerificationConfig
) -> int | None:
    """The earlier report whose track this one repeats: `replay_steps` consecutive moves between
    fixes equal to the micro-degree, in the same order (the track may be shifted in time or in
    place). Standing still carries no signature, so moves of zero are left out."""
    length = verification.replay_steps
    wanted = set(_step_runs(fixes, length))
    if not wanted:
        return None
    for report in sorted(earlier, key=lambda report: report.started_at):
        if wanted.intersection(_step_runs(report.fixes, length)):
            return report.visit_id
    return None


def one_spot(
    household: tuple[float | None, float | None],
    fixes: Sequence[TrackPoint],
    others: Sequence[TrackedReport],
    verification: VerificationConfig,
) -> list[int]:
    """The other reports of other households made from this report's spot (their centres within
    `spot_m`) within `spot_window_minutes`, whose household lies more than `one_spot_apart_m` from
    this one's: nobody stands at both doors at once."""
    if household[0] is None or household[1] is None or not fixes:
        return []
    here = centre(fixes)
    found = []
    for other in _near_in_time(fixes, others, verification):
        if other.household_latitude is None or other.household_longitude is None or not other.fixes:
            continue
        apart = distance_m(household[0], household[1], other.household_latitude, other.household_longitude)
        there = centre(other.fixes)
        if apart > verification.one_spot_apart_m and distance_m(*here, *there) <= verification.spot_m:
            found.append(other.visit_id)
    return found


def still(
    household: tuple[int, float | None, float | None],
    fixes: Sequence[TrackPoint],
    others: Sequence[TrackedReport],
    verification: VerificationConfig,
) -> list[int]:
    """The other reports made, with this one, without moving: every fix of all of them within
    `spot_m` of this report's centre, for at least `still_households` different households whose
    registered points lie more than `still_apart_m` apart (walking to each door would show)."""
    if not fixes:
        return []
    here = centre(fixes)
    if not _within(fixes, here, verification.spot_m):
        return []
    company = [
        other for other in _near_in_time(fixes, others, verification) if _within(other.fixes, here, verification.spot_m)
    ]
    points = {household[0]: household[1:]} | {
        other.household_id: (other.household_latitude, other.household_longitude) for other in company
    }
    if len(points) < verification.still_households:
        return []
    placed = [(lat, lon) for lat, lon in points.values() if lat is not None and lon is not None]
    spread = max((distance_m(*a, *b) for a, b in combinations(placed, 2)), default=0.0)
    return [other.visit_id for other in company] if spread > verification.still_apart_m else []


def centre(fixes: Sequence[TrackPoint]) -> tuple[float, float]:
    """The median point of the fixes: one stray fix does not move it."""
    return statistics.median(fix.latitude for fix in fixes), statistics.median(fix.longitude for fix in fixes)


def _within(fixes: Sequence[TrackPoint], point: tuple[float, float], metres: float) -> bool:
    return bool(fixes) and all(distance_m(fix.latitude, fix.longitude, *point) <= metres for fix in fixes)


def _near_in_time(
    fixes: Sequence[TrackPoint], others: Sequence[TrackedReport], verification: VerificationConfig
) -> list[TrackedReport]:
    """The other reports started within the spot window of this report's first fix."""
    start = min(fix.recorded_at for fix in fixes)
    window = verification.spot_window_minutes * 60
    return [other for other in others if abs(other.started_at - start) <= window]


def _in_time(fixes: Sequence[TrackPoint]) -> list[TrackPoint]:
    return sorted(fixes, key=lambda fix: fix.recorded_at)


def _distance(first: TrackPoint, second: TrackPoint) -> float:
    return distance_m(first.latitude, first.longitude, second.latitude, second.longitude)


def _micro(fix: TrackPoint) -> tuple[int, int]:
    return round(fix.latitude * _MICRODEGREES), round(fix.longitude * _MICRODEGREES)


def _key(fix: TrackPoint) -> tuple[int, int, float | None]:
    return (*_micro(fix), fix.accuracy_m)


def _step_runs(fixes: Sequence[TrackPoint], length: int) -> list[tuple[tuple[int, int], ...]]:
    """Every `length` consecutive non-zero moves of the track, in micro-degrees."""
    points = [_micro(fix) for fix in _in_time(fixes)]
    steps = [(b[0] - a[0], b[1] - a[1]) for a, b in pairwise(points) if a != b]
    return [tuple(steps[start : start + length]) for start in range(len(steps) - length + 1)]
