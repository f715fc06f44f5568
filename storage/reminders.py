"""A companion's households that are due for a visit."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Overdue:
    """How many households are overdue, and the first of them in the reminder's order."""

    total: int
    first: list[OverdueHousehold] = field(default_factory=list)


# A companion's overdue households (companion id, cutoff), with their latest visit as `latest`.
_OVERDUE = (
    "FROM households h LEFT JOIN visits latest ON latest.id = ("
    " SELECT v.id FROM visits v WHERE v.household_id = h.id ORDER BY v.started_at DESC, v.id DESC LIMIT 1)"
    " WHERE h.companion_id = ? AND h.active = 1"
    " AND (COALESCE(latest.started_at, h.created_at) < ? OR latest.review_status = 'revisit')"
)


class ReminderRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def overdue(self, companion_id: int, cutoff: int, listed: int) -> Overdue:
        """Active households of the companion whose last visit, or registration if never visited,
        is before `cutoff`, or whose latest visit a coordinator sent back for a revisit: their
        count and the first `listed` of them, revisits first, then the most overdue (the oldest
        visit or registration). Only those are read: a companion has thousands of households
        and a reminder round reads every companion's."""
        total = await self._db.fetch_value(f"SELECT COUNT(*) {_OVERDUE}", (companion_id, cutoff))
        if not total:
            return Overdue(0)
        # The order is found on indexes alone; only the `listed` rows are read whole.
        rows = await self._db.fetch_all(
            "SELECT h.id, h.head_name, h.desa, due.started_at, due.review_status, h.created_at"
            " FROM (SELECT h.id, latest.started_at, latest.review_status,"
            "   CASE WHEN latest.review_status = 'revisit' THEN 1 ELSE 0 END AS revisit,"
            f"   COALESCE(latest.started_at, h.created_at) AS since, h.head_name AS name {_OVERDUE}"
            "  ORDER BY revisit DESC, since, name, h.id LIMIT ?) due"
            " JOIN households h ON h.id = due.id ORDER BY due.revisit DESC, due.since, due.name, due.id",
            (companion_id, cutoff, listed),
        )
        first = [OverdueHousehold(row[0], row[1], row[2], row[3], row[4] == "revisit", row[5]) for row in rows]
        return Overdue(int(total), first)
