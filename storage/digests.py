"""Aggregates for digests: visits of a period grouped by region and by companion, the standing of
each companion at the period's end, and the households longest without a visit.

Every query takes the kabupaten/kota codes it covers and half-open periods [start, end) in
Unix seconds, of visit time (`started_at`, the date of the report's location message: a report
stored after midnight, or handled late after downtime, counts on the day of the visit); the
arithmetic on top of these rows lives in `bot/rules/digest.py`, but for the medians of dwell
times, taken where the rows are (`dwell_medians`).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from storage.database import FLAG_ITEMS, Database, Dialect, Variants, placeholders

_FLAGGED = "EXISTS (SELECT 1 FROM visit_flags f WHERE f.visit_id = v.id)"
# The overdue households are found by reading the households of the regions in one pass:
# SQLite is told not to use the region index (see `overdue`); PostgreSQL's planner weighs it.
_HOUSEHOLDS_SCANNED = Variants(sqlite="households h NOT INDEXED", postgres="households h")
_UNVISITED = (
    "SELECT h.id, h.dtks_id, h.head_name, h.region_code, h.desa, p.full_name,"
    " (SELECT MAX(v.started_at) FROM visits v WHERE v.household_id = h.id AND v.started_at < ?) AS last_visit_at"
    " FROM households h LEFT JOIN people p ON p.id = h.companion_id"
)


@dataclass(frozen=True)
class RegionTotals:
    region_code: str
    visits: int
    households: int
    verified: int
    accepted: int
    rejected: int
    revisit: int
    live: int


@dataclass(frozen=True)
class FlagCount:
    region_code: str
    flag: str
    visits: int


@dataclass(frozen=True)
class CompanionActivity:
    companion_id: int
    region_code: str
    visits: int
    verified: int
    verified_unflagged: int
    flagged: int
    live: int  # reports made with a live location


# The median time spent within the radius during the reports' live locations: per (companion,
# region), per (None, region) and over all (None, None).
DwellMedians = dict[tuple[int | None, str | None], float]
_DWELL_OF_PERIOD = (
    " FROM visits v WHERE v.region_code IN ({regions}) AND v.started_at >= ? AND v.started_at < ?"
    " AND v.dwell_s IS NOT NULL"
)


@dataclass(frozen=True)
class CompanionStanding:
    companion_id: int
    full_name: str
    region_code: str
    last_report_at: int | None


@dataclass(frozen=True)
class UnvisitedHousehold:
    household_id: int
    dtks_id: str
    head_name: str
    region_code: str
    desa: str | None
    companion_name: str | None
    last_visit_at: int | None


@dataclass(frozen=True)
class OverdueSummary:
    per_companion: dict[int, int]
    longest: dict[str, list[UnvisitedHousehold]]


@dataclass(frozen=True)
class FlaggedReport:
    """A flagged report of the period and what its review decided, who decided, when."""

    visit_id: int
    region_code: str
    visited_at: int  # the location's date
    head_name: str
    dtks_id: str
    companion_name: str
    flags: str  # comma-separated flag items (see `FLAG_ITEMS`)
    review_status: str | None
    reviewer_name: str | None
    reviewed_at: int | None
    review_reason: str | None
    conditions: str  # JSON object
    note: str | None
    voice_note_path: str | None


class DigestRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def region_names(self) -> dict[str, str]:
        """Code → name of the province and every kabupaten/kota, in code order."""
        rows = await self._db.fetch_all("SELECT code, name FROM regions ORDER BY code")
        return {row[0]: row[1] for row in rows}

    async def region_totals(self, regions: Sequence[str], start: int, end: int) -> list[RegionTotals]:
        """Read from the covering index alone; flagged visits are counted per companion (they add up)."""
        rows = await self._db.fetch_all(
            "SELECT v.region_code, COUNT(*), COUNT(DISTINCT v.household_id),"
            " COUNT(*) FILTER (WHERE v.verdict = 'verified'), COUNT(*) FILTER (WHERE v.review_status = 'accepted'),"
            " COUNT(*) FILTER (WHERE v.review_status = 'rejected'),"
            " COUNT(*) FILTER (WHERE v.review_status = 'revisit'), SUM(v.live)"
            f" FROM visits v WHERE v.region_code IN ({placeholders(regions)})"
            " AND v.started_at >= ? AND v.started_at < ? GROUP BY v.region_code",
            (*regions, start, end),
        )
        return [RegionTotals(*row) for row in rows]

    async def flag_counts(self, regions: Sequence[str], start: int, end: int) -> list[FlagCount]:
        rows = await self._db.fetch_all(
            # A flag naming several other reports has a row for each: the reports are counted once.
            "SELECT v.region_code, f.flag, COUNT(DISTINCT v.id) FROM visits v JOIN visit_flags f ON f.visit_id = v.id"
            f" WHERE v.region_code IN ({placeholders(regions)}) AND v.started_at >= ? AND v.started_at < ?"
            " GROUP BY v.region_code, f.flag",
            (*regions, start, end),
        )
        return [FlagCount(*row) for row in rows]

    async def flagged_reports(self, regions: Sequence[str], start: int, end: int) -> list[FlaggedReport]:
        rows = await self._db.fetch_all(
            "SELECT v.id, v.region_code, v.started_at, h.head_name, h.dtks_id, c.full_name,"
            f" {FLAG_ITEMS[self._db.dialect]}, v.review_status, r.full_name, v.reviewed_at, v.review_reason,"
            " v.conditions, v.note, v.voice_note_path"
            " FROM visits v JOIN households h ON h.id = v.household_id JOIN people c ON c.id = v.companion_id"
            " LEFT JOIN people r ON r.id = v.reviewed_by"
            f" WHERE v.region_code IN ({placeholders(regions)}) AND v.started_at >= ? AND v.started_at < ?"
            f" AND {_FLAGGED} ORDER BY v.region_code, v.started_at",
            (*regions, start, end),
        )
        return [FlaggedReport(*row) for row in rows]

    async def companion_activity(self, regions: Sequence[str], start: int, end: int) -> list[CompanionActivity]:
        rows = await self._db.fetch_all(
            "SELECT v.companion_id, v.region_code, COUNT(*), COUNT(*) FILTER (WHERE v.verdict = 'verified'),"
            f" COUNT(*) FILTER (WHERE v.verdict = 'verified' AND NOT {_FLAGGED}),"
            f" COUNT(*) FILTER (WHERE {_FLAGGED}), SUM(v.live)"
            f" FROM visits v WHERE v.region_code IN ({placeholders(regions)})"
            " AND v.started_at >= ? AND v.started_at < ? GROUP BY v.companion_id, v.region_code",
            (*regions, start, end),
        )
        return [CompanionActivity(*row) for row in rows]

    async def dwell_medians(self, regions: Sequence[str], start: int, end: int) -> DwellMedians:
        """The medians of the dwell times of the period's reports that have one (live location).
        PostgreSQL takes them over grouping sets (0.5 s for the 289,000 of a week of Jawa Barat,
        where reading them into Python and taking them there took 1.2 s); SQLite has no
        percentile: its rows are read in one scan and sorted in memory here (cheaper than SQL
        windows)."""
        where = _DWELL_OF_PERIOD.format(regions=placeholders(regions))
        params = (*regions, start, end)
        if self._db.dialect is Dialect.POSTGRES:
            rows = await self._db.fetch_all(
                "SELECT v.companion_id, v.region_code, percentile_cont(0.5) WITHIN GROUP (ORDER BY v.dwell_s)"
                f"{where} GROUP BY GROUPING SETS ((v.companion_id, v.region_code), (v.region_code), ())"
                " HAVING COUNT(*) > 0",  # no total of no reports
                params,
            )
            return {(row[0], row[1]): float(row[2]) for row in rows}
        groups: dict[tuple[int | None, str | None], list[int]] = defaultdict(list)
        for companion_id, region_code, seconds in await self._db.fetch_all(
            f"SELECT v.companion_id, v.region_code, v.dwell_s{where}", params
        ):
            for key in ((companion_id, region_code), (None, region_code), (None, None)):
                groups[key].append(seconds)
        return {key: float(statistics.median(values)) for key, values in groups.items()}

    async def companions(self, regions: Sequence[str], end: int) -> list[CompanionStanding]:
        """Active companions of the regions with their last report before `end`."""
        rows = await self._db.fetch_all(
            "SELECT p.id, p.full_name, r.region_code,"
            " (SELECT MAX(v.started_at) FROM visits v WHERE v.companion_id = p.id AND v.started_at < ?)"
            " FROM people p JOIN person_regions r ON r.person_id = p.id"
            f" WHERE p.role = 'companion' AND p.active = 1 AND r.region_code IN ({placeholders(regions)})"
            " ORDER BY p.full_name, p.id",
            (end, *regions),
        )
        return [CompanionStanding(*row) for row in rows]

    async def overdue(self, regions: Sequence[str], end: int, cutoff: int, limit: int) -> OverdueSummary:
        """Households without a visit in [cutoff, end): how many each companion has, and per region
        the `limit` whose last visit is oldest (never visited first).

        The oldest are ranked among the overdue households only (every other household was
        visited after all of them), so the last visit is looked up for those alone. Households are
        scanned rather than looked up by region: for the province that is twice as fast, for one
        kabupaten hardly slower."""
        rows = await self._db.fetch_all(
            "WITH overdue AS MATERIALIZED ("
            "   SELECT h.id, h.companion_id, h.region_code,"
            "   (SELECT MAX(v.started_at) FROM visits v WHERE v.household_id = h.id AND v.started_at < ?) AS last_at"
            f"  FROM {_HOUSEHOLDS_SCANNED[self._db.dialect]} WHERE h.active = 1"
            f"  AND h.region_code IN ({placeholders(regions)})"
            # A household registered within the window is not due yet.
            "   AND h.created_at < ?"
            "   AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id"
            "     AND v.started_at >= ? AND v.started_at < ?))"
            " SELECT companion_id, COUNT(*), CAST(NULL AS BIGINT) FROM overdue GROUP BY companion_id"
            " UNION ALL"
            " SELECT NULL, NULL, id FROM (SELECT o.id, ROW_NUMBER() OVER (PARTITION BY o.region_code"
            "   ORDER BY o.last_at IS NOT NULL, o.last_at, o.id) AS region_rank FROM overdue o) ranked"
            " WHERE region_rank <= ?",
            (end, *regions, cutoff, cutoff, end, limit),
        )
        per_companion = {row[0]: row[1] for row in rows if row[0] is not None}
        longest: dict[str, list[UnvisitedHousehold]] = {code: [] for code in regions}
        for household in await self._unvisited([row[2] for row in rows if row[2] is not None], end):
            longest[household.region_code].append(household)
        for code, listed in longest.items():
            if len(listed) < limit:  # fewer overdue than asked for: the rest were visited lately
                longest[code] = await self.longest_unvisited(code, end, limit)
        return OverdueSummary(per_companion, longest)

    async def _unvisited(self, household_ids: list[int], end: int) -> list[UnvisitedHousehold]:
        if not household_ids:
            return []
        rows = await self._db.fetch_all(
            f"SELECT * FROM ({_UNVISITED} WHERE h.id IN ({placeholders(household_ids)})) u"
            " ORDER BY u.region_code, u.last_visit_at IS NOT NULL, u.last_visit_at, u.id",
            (end, *household_ids),
        )
        return [UnvisitedHousehold(*row) for row in rows]

    async def longest_unvisited(self, region_code: str, end: int, limit: int) -> list[UnvisitedHousehold]:
        """The active households of one region whose last visit before `end` is oldest (never first)."""
        rows = await self._db.fetch_all(
            f"SELECT * FROM ({_UNVISITED} WHERE h.active = 1 AND h.region_code = ?) u"
            " ORDER BY u.last_visit_at IS NOT NULL, u.last_visit_at, u.id LIMIT ?",
            (end, region_code, limit),
        )
        return [UnvisitedHousehold(*row) for row in rows]
