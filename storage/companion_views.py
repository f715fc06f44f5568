"""What a companion sees of their own work: recent reports and households by last visit."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Household, Verdict
from storage.database import FLAG_ITEMS, Database
from storage.households import household_from_row


@dataclass(frozen=True)
class ReportLine:
    visit_id: int
    visited_at: int  # the location's date
    head_name: str
    desa: str | None
    distance_m: float | None
    verdict: Verdict
    flags: tuple[str, ...]  # flag items (see `FLAG_ITEMS`)
    note: str | None
    voice_note: bool
    review_status: str | None = None  # accepted, rejected, revisit; None: not reviewed
    review_reason: str | None = None


@dataclass(frozen=True)
class HouseholdVisits:
    household: Household
    last_visit_at: int | None


class CompanionViews:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def recent_reports(self, companion_id: int, limit: int) -> list[ReportLine]:
        rows = await self._db.fetch_all(
            "SELECT v.id, v.started_at, v.distance_m, v.verdict, h.head_name, h.desa, v.note,"
            f" v.voice_note_path IS NOT NULL AS voice_note, {FLAG_ITEMS} AS flags, v.review_status, v.review_reason"
            " FROM visits v JOIN households h ON h.id = v.household_id"
            " WHERE v.companion_id = ? ORDER BY v.started_at DESC, v.id DESC LIMIT ?",
            (companion_id, limit),
        )
        return [
            ReportLine(
                visit_id=row["id"],
                visited_at=row["started_at"],
                head_name=row["head_name"],
                desa=row["desa"],
                distance_m=row["distance_m"],
                verdict=Verdict(row["verdict"]),
                flags=tuple(sorted(row["flags"].split(","))) if row["flags"] else (),
                note=row["note"],
                voice_note=bool(row["voice_note"]),
                review_status=row["review_status"],
                review_reason=row["review_reason"],
            )
            for row in rows
        ]

    async def households_by_last_visit(self, companion_id: int) -> list[HouseholdVisits]:
        """The companion's active households, never visited first, then longest ago first."""
        rows = await self._db.fetch_all(
            "SELECT h.*, (SELECT MAX(started_at) FROM visits v WHERE v.household_id = h.id) AS last_visit"
            " FROM households h WHERE h.companion_id = ? AND h.active = 1"
            " ORDER BY last_visit IS NOT NULL, last_visit, h.head_name",
            (companion_id,),
        )
        return [HouseholdVisits(household_from_row(row), row["last_visit"]) for row in rows]
