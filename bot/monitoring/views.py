"""What the dashboard shows, counted from the register index within one person's regions: the
map's hexagons and points, the coverage table, the companions' table and the review queue.

Every function takes the kabupaten/kota codes the person may see (`visible_codes`) and counts
only households of those regions, and only visits to them: what lies outside is never in a
result, whatever the filters ask for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

import h3
import numpy as np

from bot.domain import Person
from bot.monitoring.register import FLAGS, OTHER_FLAG, RESOLUTIONS, VERDICTS, BoolArray, RegisterIndex
from bot.rules.digest import scope_of
from bot.schedule import local_midnight, week_start

DAY_S = 24 * 3600
PERIODS = ("today", "week", "month", "30d")
# The index holds at least this many days of visits (the review queue's reach on the 1st).
WINDOW_DAYS = 31
# Households drawn one by one from this zoom on (Leaflet's: 15 is a few streets), while a view
# holds at most POINT_LIMIT of them; above, the finest hexagons.
POINT_ZOOM = 15
POINT_LIMIT = 5000
# Household states on the map.
RECENT, OVERDUE, NEVER = 0, 1, 2
LEVELS = ("region", "kecamatan", "desa")


@dataclass(frozen=True)
class Moments:
    """The times the views count from, in the province's time zone."""

    now: int
    today: int  # local midnight
    week: int  # Monday 00:00 of this week
    month: int  # the 1st of this month, 00:00
    window: int  # the index's window start
    overdue_before: int  # a household last visited (or, never visited, registered) before this is overdue

    @classmethod
    def at(cls, now: int, tz: tzinfo, overdue_days: int) -> Moments:
        day = datetime.fromtimestamp(now, tz).date()
        today = int(local_midnight(day, tz).timestamp())
        week = int(local_midnight(week_start(day), tz).timestamp())
        month = int(local_midnight(day.replace(day=1), tz).timestamp())
        rolling = int(local_midnight(day - timedelta(days=WINDOW_DAYS), tz).timestamp())
        return cls(now, today, week, month, min(week, month, rolling), now - overdue_days * DAY_S)

    def period(self, name: str) -> tuple[int, int]:
        """[start, end) of one of PERIODS."""
        start = {"today": self.today, "week": self.week, "month": self.month}.get(name)
        return (self.now - 30 * DAY_S if start is None else start), self.now + DAY_S


@dataclass(frozen=True)
class Filters:
    region: str | None = None
    kecamatan: str | None = None
    desa: str | None = None
    companion: int | None = None
    period: str = "today"
    verdict: str | None = None
    flag: str | None = None  # a name of FLAGS, or "any"


@dataclass(frozen=True)
class Box:
    south: float
    west: float
    north: float
    east: float


def visible_codes(person: Person, all_codes: Sequence[str]) -> tuple[str, ...]:
    """The kabupaten/kota whose households `person` may see on the dashboard (the same scope
    as their digests and exports)."""
    return scope_of(person, all_codes).codes


def household_mask(index: RegisterIndex, codes: Sequence[str], filters: Filters) -> BoolArray:
    """Active households of the regions `codes` that the filters keep."""
    households = index.households
    mask = households.active & _regions(index, households.region, codes, filters)
    if filters.kecamatan is not None or filters.desa is not None:
        mask &= _places(index, filters)
    if filters.companion is not None:
        mask &= households.companion == filters.companion
    return mask


def _regions(index: RegisterIndex, column: np.ndarray, codes: Sequence[str], filters: Filters) -> BoolArray:
    wanted = [code for code in codes if filters.region in (None, code)]
    numbers = [index.regions.numbers[(code,)] for code in wanted if (code,) in index.regions.numbers]
    return np.isin(column, numbers)


def _places(index: RegisterIndex, filters: Filters) -> BoolArray:
    if filters.desa is not None:
        desa = [
            number
            for number, (_, kecamatan, name) in enumerate(index.desa.keys)
            if name == filters.desa and filters.kecamatan in (None, kecamatan)
        ]
        return np.isin(index.households.desa, desa)
    kecamatan = [number for number, (_, name) in enumerate(index.kecamatan.keys) if name == filters.kecamatan]
    return np.isin(index.households.kecamatan, kecamatan)


def overdue_and_never(index: RegisterIndex, moments: Moments) -> tuple[BoolArray, BoolArray]:
    """Whether each household is overdue (as reminders count it), and never visited."""
    households = index.households
    never = households.last_visit == 0
    last = np.where(never, households.created_at, households.last_visit)
    return last < moments.overdue_before, never


def visit_mask(index: RegisterIndex, area: BoolArray, filters: Filters, moments: Moments) -> BoolArray:
    """Visits of the period to the households `area` keeps (the scope and the place filters),
    that the other filters keep; the companion filter is the companion who reported."""
    visits = index.visits
    start, end = moments.period(filters.period)
    mask = (visits.row >= 0) & (visits.started_at >= start) & (visits.started_at < end)
    mask[mask] = area[visits.row[mask]]
    if filters.companion is not None:
        mask &= visits.companion == filters.companion
    if filters.verdict is not None:
        mask &= visits.verdict == VERDICTS.index(filters.verdict)
    if filters.flag is not None:
        mask &= (visits.flags & flag_bit(filters.flag)) != 0
    return mask


def flag_bit(flag: str) -> int:
    """The bit of a flag name; "any" matches every flag."""
    if flag == "any":
        return -1
    return 1 << FLAGS.index(flag) if flag in FLAGS else OTHER_FLAG


def zoom_resolution(zoom: int) -> int | None:
    """The hexagon resolution of a zoom level; None from POINT_ZOOM on (households one by one)."""
    if zoom >= POINT_ZOOM:
        return None
    if zoom <= 8:
        return RESOLUTIONS[0]
    if zoom == 9:
        return RESOLUTIONS[1]
    return RESOLUTIONS[2] if zoom <= 11 else RESOLUTIONS[3]


def in_box(latitude: np.ndarray, longitude: np.ndarray, box: Box) -> BoolArray:
    return (latitude >= box.south) & (latitude <= box.north) & (longitude >= box.west) & (longitude <= box.east)


@dataclass(frozen=True)
class Hexagon:
    cell: str
    boundary: tuple[tuple[float, float], ...]
    households: int
    overdue: int
    never: int
    visits: tuple[int, ...]  # per verdict, in VERDICTS order
    flagged: int


def hexagons(
    index: RegisterIndex, households: BoolArray, visits: BoolArray, moments: Moments, box: Box, resolution: int
) -> list[Hexagon]:
    """The hexagons of `resolution` in `box`: their households (overdue, never visited) and the
    period's visits to them by verdict (a visit counts in its household's hexagon)."""
    data = index.households
    column = index.cell_column(resolution)
    boxed = (column >= 0) & in_box(data.latitude, data.longitude, box)
    shown = households & boxed
    size = len(index.cells[resolution].names)
    overdue, never = overdue_and_never(index, moments)
    counts = np.bincount(column[shown], minlength=size)
    late = np.bincount(column[shown & overdue], minlength=size)
    unvisited = np.bincount(column[shown & never], minlength=size)
    rows = index.visits.row[visits]
    placed = boxed[rows]
    cells = column[rows][placed]
    verdicts = index.visits.verdict[visits][placed]
    by_verdict = [np.bincount(cells[verdicts == number], minlength=size) for number in range(len(VERDICTS))]
    flagged = np.bincount(cells[index.visits.flags[visits][placed] != 0], minlength=size)
    names = index.cells[resolution].names
    return [
        Hexagon(
            names[number],
            _boundary(names[number]),
            int(counts[number]),
            int(late[number]),
            int(unvisited[number]),
            tuple(int(verdict_counts[number]) for verdict_counts in by_verdict),
            int(flagged[number]),
        )
        for number in np.flatnonzero((counts > 0) | (sum(by_verdict) > 0)).tolist()
    ]


_BOUNDARIES: dict[str, tuple[tuple[float, float], ...]] = {}


def _boundary(cell: str) -> tuple[tuple[float, float], ...]:
    """A hexagon's corners (latitude, longitude), rounded to ~1 m; remembered (a province holds
    a few tens of thousands of the finest)."""
    found = _BOUNDARIES.get(cell)
    if found is None:
        found = _BOUNDARIES[cell] = tuple((round(lat, 5), round(lon, 5)) for lat, lon in h3.cell_to_boundary(cell))
    return found


@dataclass(frozen=True)
class HouseholdPoint:
    household_id: int
    latitude: float
    longitude: float
    state: int  # RECENT, OVERDUE or NEVER


@dataclass(frozen=True)
class VisitPoint:
    visit_id: int
    latitude: float
    longitude: float
    verdict: str
    flagged: bool


def household_points(
    index: RegisterIndex, households: BoolArray, moments: Moments, box: Box
) -> list[HouseholdPoint] | None:
    """The households in `box` one by one; None when there are more than POINT_LIMIT."""
    data = index.households
    rows = np.flatnonzero(households & in_box(data.latitude, data.longitude, box))
    if len(rows) > POINT_LIMIT:
        return None
    overdue, never = overdue_and_never(index, moments)
    states = np.where(never[rows], NEVER, np.where(overdue[rows], OVERDUE, RECENT))
    return [
        HouseholdPoint(int(household_id), round(float(lat), 6), round(float(lon), 6), int(state))
        for household_id, lat, lon, state in zip(
            data.ids[rows].tolist(), data.latitude[rows], data.longitude[rows], states.tolist(), strict=True
        )
    ]


def visit_points(index: RegisterIndex, visits: BoolArray, box: Box) -> list[VisitPoint]:
    """The period's visits reported from inside `box` (where the companion was), newest first."""
    data = index.visits
    rows = np.flatnonzero(visits & in_box(data.latitude, data.longitude, box))[::-1][:POINT_LIMIT]
    return [
        VisitPoint(int(visit_id), round(float(lat), 6), round(float(lon), 6), VERDICTS[verdict], bool(flags))
        for visit_id, lat, lon, verdict, flags in zip(
            data.ids[rows].tolist(),
            data.latitude[rows],
            data.longitude[rows],
            data.verdict[rows].tolist(),
            data.flags[rows].tolist(),
            strict=True,
        )
    ]


@dataclass(frozen=True)
class CoverageRow:
    key: tuple[str, ...]  # (region code,) | (region code, kecamatan) | (region code, kecamatan, desa)
    households: int
    visited_this_month: int
    overdue: int
    never_visited: int
    visits_this_month: int
    verified_this_month: int
    flagged_this_month: int

    @property
    def verified_share(self) -> float | None:
        return self.verified_this_month / self.visits_this_month if self.visits_this_month else None


def coverage(index: RegisterIndex, households: BoolArray, moments: Moments, level: str) -> list[CoverageRow]:
    """Per kabupaten/kota, kecamatan or desa (`level`) of the households `households` keeps:
    how many, visited this month, overdue, never visited, and this month's visits to them."""
    data = index.households
    names = {"region": index.regions, "kecamatan": index.kecamatan, "desa": index.desa}[level]
    column = {"region": data.region, "kecamatan": data.kecamatan, "desa": data.desa}[level]
    size = len(names.keys)
    overdue, never = overdue_and_never(index, moments)
    counts = np.bincount(column[households], minlength=size)
    visited = np.bincount(column[households & (data.last_visit >= moments.month)], minlength=size)
    late = np.bincount(column[households & overdue], minlength=size)
    unvisited = np.bincount(column[households & never], minlength=size)
    visits = index.visits
    month = (visits.started_at >= moments.month) & (visits.row >= 0)
    month[month] = households[visits.row[month]]
    groups = column[visits.row[month]]
    reports = np.bincount(groups, minlength=size)
    verified = np.bincount(groups[visits.verdict[month] == 0], minlength=size)
    flagged = np.bincount(groups[visits.flags[month] != 0], minlength=size)
    return sorted(
        (
            CoverageRow(
                names.keys[number],
                int(counts[number]),
                int(visited[number]),
                int(late[number]),
                int(unvisited[number]),
                int(reports[number]),
                int(verified[number]),
                int(flagged[number]),
            )
            for number in np.flatnonzero(counts).tolist()
        ),
        key=lambda row: row.key,
    )


@dataclass(frozen=True)
class CompanionRow:
    companion: Person
    reports_this_week: int
    reports_this_month: int
    live_this_month: int
    median_dwell_s: float | None
    flagged_this_month: int
    last_report_at: int | None
    overdue_households: int

    @property
    def live_share(self) -> float | None:
        return self.live_this_month / self.reports_this_month if self.reports_this_month else None


def companion_rows(
    index: RegisterIndex,
    companions: Sequence[Person],
    households: BoolArray,
    moments: Moments,
    last_reports: dict[int, int],
) -> list[CompanionRow]:
    """One row per companion: their reports to the households `households` keeps, this week and
    month, how many live, the median time at the household, flagged, and their overdue households."""
    if not companions:
        return []
    size = max(person.id for person in companions) + 1
    visits = index.visits
    mine = (visits.row >= 0) & (visits.companion < size)
    mine[mine] = households[visits.row[mine]]
    month = mine & (visits.started_at >= moments.month)
    week = mine & (visits.started_at >= moments.week)
    count = np.bincount(visits.companion[month], minlength=size)
    weekly = np.bincount(visits.companion[week], minlength=size)
    live = np.bincount(visits.companion[month & visits.live], minlength=size)
    flagged = np.bincount(visits.companion[month & (visits.flags != 0)], minlength=size)
    overdue, _ = overdue_and_never(index, moments)
    data = index.households
    own = households & overdue & (data.companion < size)
    late = np.bincount(data.companion[own], minlength=size)
    dwell = _median_dwell(
        visits.companion[month & (visits.dwell_s >= 0)], visits.dwell_s[month & (visits.dwell_s >= 0)]
    )
    return [
        CompanionRow(
            person,
            int(weekly[person.id]),
            int(count[person.id]),
            int(live[person.id]),
            dwell.get(person.id),
            int(flagged[person.id]),
            last_reports.get(person.id),
            int(late[person.id]),
        )
        for person in companions
    ]


def _median_dwell(companions: np.ndarray, seconds: np.ndarray) -> dict[int, float]:
    if not len(companions):
        return {}
    order = np.lexsort((seconds, companions))
    companions, seconds = companions[order], seconds[order]
    ids, starts, counts = np.unique(companions, return_index=True, return_counts=True)
    medians = {}
    for person_id, start, count in zip(ids.tolist(), starts.tolist(), counts.tolist(), strict=True):
        middle = start + count // 2
        medians[person_id] = (
            float(seconds[middle]) if count % 2 else (float(seconds[middle - 1]) + float(seconds[middle])) / 2
        )
    return medians


def review_queue(
    index: RegisterIndex, households: BoolArray, filters: Filters, offset: int, limit: int
) -> tuple[list[int], int]:
    """Ids of the flagged reports nobody has reviewed yet, newest first (a page of them), and
    how many there are, among the visits to the households `households` keeps."""
    visits = index.visits
    mask = (visits.flags != 0) & (visits.review == 0) & (visits.row >= 0)
    mask[mask] = households[visits.row[mask]]
    if filters.companion is not None:
        mask &= visits.companion == filters.companion
    if filters.flag is not None:
        mask &= (visits.flags & flag_bit(filters.flag)) != 0
    rows = np.flatnonzero(mask)
    newest = rows[np.argsort(visits.started_at[rows], kind="stable")[::-1]]
    return [int(visit_id) for visit_id in visits.ids[newest[offset : offset + limit]].tolist()], len(rows)


def region_boxes(index: RegisterIndex, codes: Sequence[str]) -> dict[str, tuple[float, float, float, float]]:
    """(south, west, north, east) of each region's households with coordinates: the regions'
    outlines when no map tiles are drawn (offline)."""
    households = index.households
    placed = ~np.isnan(households.latitude)
    boxes = {}
    for code in codes:
        number = index.regions.numbers.get((code,))
        mask = placed & (households.region == number)
        if number is None or not mask.any():
            continue
        lat, lon = households.latitude[mask], households.longitude[mask]
        boxes[code] = (
            round(float(lat.min()), 5),
            round(float(lon.min()), 5),
            round(float(lat.max()), 5),
            round(float(lon.max()), 5),
        )
    return boxes


def stored_after(index: RegisterIndex, households: BoolArray, since: int, after_id: int, limit: int) -> list[int]:
    """Ids of the first `limit` reports stored after `after_id` of visits made since `since` to the
    households `households` keeps, oldest first (today's reports as they arrive)."""
    visits = index.visits
    start = int(np.searchsorted(visits.ids, after_id, side="right"))
    rows = np.arange(start, len(visits.ids))
    rows = rows[(visits.started_at[rows] >= since) & (visits.row[rows] >= 0)]
    rows = rows[households[visits.row[rows]]]
    return [int(visit_id) for visit_id in visits.ids[rows[:limit]].tolist()]
