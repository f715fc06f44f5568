"""Was the companion at the household? The distance check of a visit report.

The shared position is a circle: Telegram's `horizontal_accuracy` is its radius. A visit is
*verified* when the whole circle lies within the allowed radius around the household,
*outside* when none of it does, and *uncertain* in between. The accuracy is capped so that a
vague fix cannot make every visit uncertain, and a missing accuracy counts as an exact fix.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from bot.domain import Verdict

if TYPE_CHECKING:
    from geopy.distance import geodesic


def distance_m(latitude: float, longitude: float, other_latitude: float, other_longitude: float) -> float:
    """Geodesic (WGS-84) distance between two points, in metres."""
    return float(wgs84().measure((latitude, longitude), (other_latitude, other_longitude))) * 1000


@cache
def wgs84() -> geodesic:
    """One instance for every distance: a new `geodesic(a, b)` sets up its ellipsoid each time,
    which costs more than the distance itself."""
    # Imported where used: geopy's package loads all its geocoders and `requests` (start-up time).
    from geopy.distance import geodesic

    return geodesic()


def judge(distance: float | None, accuracy_m: float | None, *, radius_m: float, accuracy_cap_m: float) -> Verdict:
    """The verdict for a position `distance` metres from the household (None: no coordinates)."""
    if distance is None:
        return Verdict.NO_REFERENCE
    accuracy = min(max(accuracy_m or 0.0, 0.0), accuracy_cap_m)
    if distance + accuracy <= radius_m:
        return Verdict.VERIFIED
    if distance - accuracy > radius_m:
        return Verdict.OUTSIDE
    return Verdict.UNCERTAIN
