"""A companion's households that are due for a visit."""

from __future__ import annotations

from dataclasses import dataclass

from storage.database import Database


@dataclass(frozen=True)
class OverdueHousehold:
    household_id: int
    head_name: str
    desa: str | None
    last_visit_at: int | None
    revisit_requested: bool
    registered_at: int

    @property
    def due_since(self) -> int:
        """The last visit, or the registration of a household never visited."""
        return self.last_visit_at if self.last_visit_at is not None else self.registered_at


class ReminderRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def overdue(self, companion_id: int, cutoff: int) -> list[OverdueHousehold]:
        """Active households of the companion whose last visit, or registration if never visited,
        is before `cutoff`, or whose latest visit a coordinator sent back for a revisit:
        revisits first, then the most overdue (the oldest visit or registration) first."""
        rows = await self._db.fetch_all(
            "SELECT h.id, h.head_name, h.desa, latest.started_at, latest.review_status, h.created_at"
            " FROM households h LEFT JOIN visits latest ON latest.id = ("
            "   SELECT v.id FROM visits v WHERE v.household_id = h.id"
            "   ORDER BY v.started_at DESC, v.id DESC LIMIT 1)"
            " WHERE h.companion_id = ? AND h.active = 1"
            " AND (COALESCE(latest.started_at, h.created_at) < ? OR latest.review_status = 'revisit')"
            " ORDER BY COALESCE(latest.review_status = 'revisit', 0) DESC,"
            " COALESCE(latest.started_at, h.created_at), h.head_name, h.id",
            (companion_id, cutoff),
        )
        return [OverdueHousehold(row[0], row[1], row[2], row[3], row[4] == "revisit", row[5]) for row in rows]
