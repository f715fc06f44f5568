"""Aggregates for digests: visits of a period grouped by region and by companion, the standing of
each companion at the period's end, and the households longest without a visit.

Every query takes the kabupaten/kota codes it covers and half-open periods [start, end) in
Unix seconds; the arithmetic on top of these rows lives in `bot/digest.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.database import Database, placeholders

_FLAGGED = "EXISTS (SELECT 1 FROM visit_flags f WHERE f.visit_id = v.id)"


@dataclass(frozen=True)
class RegionTotals:
    region_code: str
    visits: int
    households: int
    verified: int
    flagged: int


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


@dataclass(frozen=True)
class CompanionStanding:
    companion_id: int
    full_name: str
    region_code: str
    last_report_at: int | None
    overdue_households: int


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
class ReviewCount:
    region_code: str
    review_status: str
    visits: int


class DigestRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def region_names(self) -> dict[str, str]:
        """Code → name of the province and every kabupaten/kota, in code order."""
        rows = await self._db.fetch_all("SELECT code, name FROM regions ORDER BY code")
        return {row[0]: row[1] for row in rows}

    async def region_totals(self, regions: Sequence[str], start: int, end: int) -> list[RegionTotals]:
        rows = await self._db.fetch_all(
            "SELECT v.region_code, COUNT(*), COUNT(DISTINCT v.household_id),"
            f" SUM(v.verdict = 'verified'), SUM({_FLAGGED})"
            f" FROM visits v WHERE v.region_code IN ({placeholders(regions)})"
            " AND v.reported_at >= ? AND v.reported_at < ? GROUP BY v.region_code",
            (*regions, start, end),
        )
        return [RegionTotals(*row) for row in rows]

    async def flag_counts(self, regions: Sequence[str], start: int, end: int) -> list[FlagCount]:
        rows = await self._db.fetch_all(
            "SELECT v.region_code, f.flag, COUNT(*) FROM visits v JOIN visit_flags f ON f.visit_id = v.id"
            f" WHERE v.region_code IN ({placeholders(regions)}) AND v.reported_at >= ? AND v.reported_at < ?"
            " GROUP BY v.region_code, f.flag",
            (*regions, start, end),
        )
        return [FlagCount(*row) for row in rows]

    async def review_counts(self, regions: Sequence[str], start: int, end: int) -> list[ReviewCount]:
        rows = await self._db.fetch_all(
            "SELECT v.region_code, v.review_status, COUNT(*) FROM visits v"
            f" WHERE v.region_code IN ({placeholders(regions)}) AND v.reported_at >= ? AND v.reported_at < ?"
            " AND v.review_status IS NOT NULL GROUP BY v.region_code, v.review_status",
            (*regions, start, end),
        )
        return [ReviewCount(*row) for row in rows]

    async def companion_activity(self, regions: Sequence[str], start: int, end: int) -> list[CompanionActivity]:
        rows = await self._db.fetch_all(
            "SELECT v.companion_id, v.region_code, COUNT(*), SUM(v.verdict = 'verified'),"
            f" SUM(v.verdict = 'verified' AND NOT {_FLAGGED}), SUM({_FLAGGED})"
            f" FROM visits v WHERE v.region_code IN ({placeholders(regions)})"
            " AND v.reported_at >= ? AND v.reported_at < ? GROUP BY v.companion_id, v.region_code",
            (*regions, start, end),
        )
        return [CompanionActivity(*row) for row in rows]

    async def companion_standing(
        self, regions: Sequence[str], end: int, overdue_cutoff: int,
    ) -> list[CompanionStanding]:
        """Active companions of the regions: their last report before `end` and how many of their
        households had no visit in [overdue_cutoff, end)."""
        rows = await self._db.fetch_all(
            "SELECT p.id, p.full_name, r.region_code,"
            " (SELECT MAX(v.reported_at) FROM visits v WHERE v.companion_id = p.id AND v.reported_at < ?),"
            " COALESCE(o.overdue, 0)"
            " FROM people p JOIN person_regions r ON r.person_id = p.id"
            " LEFT JOIN (SELECT h.companion_id, COUNT(*) AS overdue FROM households h"
            f"   WHERE h.active = 1 AND h.region_code IN ({placeholders(regions)})"
            "   AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id"
            "     AND v.reported_at >= ? AND v.reported_at < ?)"
            "   GROUP BY h.companion_id) o ON o.companion_id = p.id"
            f" WHERE p.role = 'companion' AND p.active = 1 AND r.region_code IN ({placeholders(regions)})"
            " ORDER BY p.full_name, p.id",
            (end, *regions, overdue_cutoff, end, *regions),
        )
        return [CompanionStanding(*row) for row in rows]

    async def longest_unvisited(self, region_code: str, end: int, limit: int) -> list[UnvisitedHousehold]:
        """The active households of one region whose last visit before `end` is oldest (never first)."""
        rows = await self._db.fetch_all(
            "SELECT h.id, h.dtks_id, h.head_name, h.region_code, h.desa, p.full_name,"
            " (SELECT MAX(v.reported_at) FROM visits v WHERE v.household_id = h.id AND v.reported_at < ?)"
            " AS last_visit_at FROM households h LEFT JOIN people p ON p.id = h.companion_id"
            " WHERE h.active = 1 AND h.region_code = ?"
            " ORDER BY last_visit_at IS NOT NULL, last_visit_at, h.id LIMIT ?",
            (end, region_code, limit),
        )
        return [UnvisitedHousehold(*row) for row in rows]
