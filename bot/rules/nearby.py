"""A companion's households nearest first, without measuring the distance to every one.

A box around the companion is searched first (an index range scan); only when it holds too
few households is it widened. Inside the box, households are ranked by a flat-earth
approximation and only the closest few are measured geodesically, so the answer is the same
as a geodesic scan of all households.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from bot.domain import Household
from bot.rules.verdict import distance_m

_EARTH_RADIUS_M = 6_371_000
_METRES_PER_DEGREE = 111_320
_START_RADIUS_M = 300
_GROWTH = 4
# Beyond this the box holds the whole province: stop widening.
_MAX_RADIUS_M = 1_000_000
# The flat approximation errs well below 1% at these distances; measure everything within it.
_APPROXIMATION_MARGIN = 1.01


class HouseholdPositions(Protocol):
    """What the search reads (storage.nearby.NearbyHouseholds answers it): the rule takes its
    answers and never reads storage itself."""

    async def positions_in_box(
        self, companion_id: int, min_lat: float, max_lat: float, min_lon: float, max_lon: float
    ) -> list[tuple[int, float, float]]: ...

    async def by_ids(self, ids: list[int]) -> dict[int, Household]: ...


@dataclass(frozen=True)
class NearbyHousehold:
    household: Household
    distance_m: float


async def nearest(
    repository: HouseholdPositions, companion_id: int, latitude: float, longitude: float, count: int
) -> list[NearbyHousehold]:
    """The companion's `count` nearest active households with coordinates, nearest first."""
    radius = _START_RADIUS_M
    while True:
        lat_span = radius / _METRES_PER_DEGREE * _APPROXIMATION_MARGIN
        lon_span = lat_span / max(math.cos(math.radians(latitude)), 0.01)
        found = await repository.positions_in_box(
            companion_id, latitude - lat_span, latitude + lat_span, longitude - lon_span, longitude + lon_span
        )
        ranked = _closest(found, latitude, longitude, count)
        # Households outside the box are farther than `radius`: the ranking is final when
        # the last one kept is within it.
        if radius >= _MAX_RADIUS_M or (len(ranked) >= count and ranked[-1][0] <= radius):
            households = await repository.by_ids([household_id for _, household_id in ranked]) if ranked else {}
            # (One taken off the register meanwhile is left out.)
            return [NearbyHousehold(households[key], distance) for distance, key in ranked if key in households]
        radius *= _GROWTH


def _closest(
    positions: list[tuple[int, float, float]], latitude: float, longitude: float, count: int
) -> list[tuple[float, int]]:
    """(distance, id) of the `count` nearest positions, nearest first (ties by id)."""
    approximate = sorted(
        (
            (_flat_distance(latitude, longitude, lat, lon), household_id, lat, lon)
            for household_id, lat, lon in positions
        ),
        key=lambda item: item[0],
    )
    if not approximate:
        return []
    limit = approximate[min(count, len(approximate)) - 1][0] * _APPROXIMATION_MARGIN + 1
    measured = sorted(
        (distance_m(latitude, longitude, lat, lon), household_id)
        for flat, household_id, lat, lon in approximate
        if flat <= limit
    )
    return measured[:count]


def _flat_distance(latitude: float, longitude: float, other_latitude: float, other_longitude: float) -> float:
    lat = math.radians(other_latitude)
    x = math.radians(other_longitude - longitude) * math.cos((lat + math.radians(latitude)) / 2)
    y = lat - math.radians(latitude)
    return math.hypot(x, y) * _EARTH_RADIUS_M
