"""Reading a household's coordinates from what an admin types or pastes.

Accepted: `lat, lon` with a decimal point or an Indonesian decimal comma (`-6,12; 106,15`),
and Google Maps links that carry coordinates (`@lat,lon`, `!3dlat!4dlon`, `?q=lat,lon`).
Then the position is checked against the province box, recognising the two usual mistakes:
0,0 (an empty GPS fix) and latitude and longitude given the wrong way round.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.domain import Box
from bot.rules.verdict import distance_m


class CoordinateProblem(StrEnum):
    UNREADABLE = "unreadable"
    SHORT_LINK = "short_link"
    OUT_OF_RANGE = "out_of_range"
    ZERO = "zero"
    SWAPPED = "swapped"
    OUTSIDE = "outside"


class CoordinateError(ValueError):
    def __init__(self, problem: CoordinateProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


_NUMBER = r"[-+]?\d{1,3}(?:[.,]\d+)?"
_PAIR = re.compile(rf"^\s*({_NUMBER})\s*[,;\s]\s*({_NUMBER})\s*$")
_LINK_PATTERNS = (
    re.compile(r"!3d(-?\d+(?:\.\d+)?)!4d(-?\d+(?:\.\d+)?)"),  # the place itself
    re.compile(r"[?&](?:q|query|ll|destination|center|daddr)=(-?\d+(?:\.\d+)?)(?:,|%2C)\s*\+?(-?\d+(?:\.\d+)?)"),
    re.compile(r"@(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)"),  # the map's centre
    re.compile(r"/(-?\d+\.\d+)(?:,|%2C)\+?(-?\d+\.\d+)"),  # /search/-6.1,106.1
)
_SHORT_LINK = re.compile(r"goo\.gl/|maps\.app\.goo\.gl|g\.co/", re.IGNORECASE)


def parse_decimal(text: str) -> float:
    """A number written with a decimal point or comma; ValueError otherwise."""
    return float(text.strip().replace(",", "."))


def parse_coordinates(text: str) -> tuple[float, float]:
    """(latitude, longitude) from typed text or a map link; CoordinateError when unreadable."""
    if "http" in text.lower() or "maps." in text.lower() or "goo.gl" in text.lower():
        for pattern in _LINK_PATTERNS:
            match = pattern.search(text)
            if match:
                return float(match[1]), float(match[2])
        if _SHORT_LINK.search(text):
            raise CoordinateError(CoordinateProblem.SHORT_LINK)
        raise CoordinateError(CoordinateProblem.UNREADABLE)
    match = _PAIR.match(text)
    if not match:
        raise CoordinateError(CoordinateProblem.UNREADABLE)
    return parse_decimal(match[1]), parse_decimal(match[2])


def check_in_province(latitude: float, longitude: float, box: Box) -> None:
    """Raise CoordinateError when the point cannot be a household of the province."""
    if _is_zero(latitude, longitude):
        raise CoordinateError(CoordinateProblem.ZERO)
    if box.contains(latitude, longitude):
        return
    if box.contains(longitude, latitude):
        raise CoordinateError(CoordinateProblem.SWAPPED)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise CoordinateError(CoordinateProblem.OUT_OF_RANGE)
    raise CoordinateError(CoordinateProblem.OUTSIDE)


def read_coordinates(text: str, box: Box) -> tuple[float, float]:
    """Parse and check in one step."""
    latitude, longitude = parse_coordinates(text)
    check_in_province(latitude, longitude, box)
    return latitude, longitude


def visit_position_problem(latitude: float, longitude: float, box: Box, reach_m: float) -> CoordinateProblem | None:
    """Why a position a companion shares cannot be a visit to a household of the province, if
    it cannot: 0, 0 (the phone had no GPS fix yet), or more than `reach_m` from the province's
    box, where no household of the province lies within the radius a visit is verified in."""
    if _is_zero(latitude, longitude):
        return CoordinateProblem.ZERO
    nearest_lat = min(max(latitude, box.min_lat), box.max_lat)
    nearest_lon = min(max(longitude, box.min_lon), box.max_lon)
    if distance_m(latitude, longitude, nearest_lat, nearest_lon) > reach_m:
        return CoordinateProblem.OUTSIDE
    return None


def _is_zero(latitude: float, longitude: float) -> bool:
    return abs(latitude) < 1e-6 and abs(longitude) < 1e-6
