"""Movement rules: implied travel speed between reports, and time spent near the household
while a live location ran."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

# Reports are timed to the second; two reports within one second still have a speed.
_MIN_INTERVAL_S = 1


def implied_speed_kmh(distance_m: float, seconds: int) -> float:
    """The speed needed to cover `distance_m` in `seconds`."""
    return distance_m / max(abs(seconds), _MIN_INTERVAL_S) * 3.6


def is_impossible_travel(distance_m: float, seconds: int, max_speed_kmh: float) -> bool:
    """True when no companion could have travelled that far that fast."""
    return implied_speed_kmh(distance_m, seconds) > max_speed_kmh


@dataclass(frozen=True)
class Fix:
    """One position of a live location: when, and how far from the household."""

    at: int
    distance_m: float


def dwell_seconds(fixes: Sequence[Fix], radius_m: float) -> int:
    """Seconds between consecutive fixes that were both within `radius_m` of the household."""
    ordered = sorted(fixes, key=lambda fix: fix.at)
    return sum(
        later.at - earlier.at
        for earlier, later in pairwise(ordered)
        if earlier.distance_m <= radius_m and later.distance_m <= radius_m
    )


def farthest_m(fixes: Sequence[Fix]) -> float | None:
    """The largest distance from the household among the fixes."""
    return max((fix.distance_m for fix in fixes), default=None)
