"""A companion's own households by place and by name, for choosing the one being visited."""

from __future__ import annotations

from bot.domain import Household
from storage.database import Database, placeholders
from storage.households import household_from_row

_SEARCH_LIMIT = 50


class NearbyHouseholds:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def positions_in_box(
        self, companion_id: int, min_lat: float, max_lat: float, min_lon: float, max_lon: float
    ) -> list[tuple[int, float, float]]:
        """(id, latitude, longitude) of the companion's active households inside the box, read
        from the position index alone (a box can hold hundreds; only the nearest are read whole)."""
        rows = await self._db.fetch_all(
            "SELECT id, latitude, longitude FROM households WHERE companion_id = ? AND active = 1"
            " AND latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?",
            (companion_id, min_lat, max_lat, min_lon, max_lon),
        )
        return [(row[0], row[1], row[2]) for row in rows]

    async def by_ids(self, ids: list[int]) -> dict[int, Household]:
        rows = await self._db.fetch_all(f"SELECT * FROM households WHERE id IN ({placeholders(ids)})", ids)
        return {row["id"]: household_from_row(row) for row in rows}

    async def search(self, companion_id: int, query: str) -> list[Household]:
        """The companion's active households whose DTKS id is `query` or whose head's name
        contains it (case-insensitive)."""
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = await self._db.fetch_all(
            "SELECT * FROM households WHERE companion_id = ? AND active = 1"
            " AND (dtks_id = ? OR head_name LIKE ? ESCAPE '\\') ORDER BY dtks_id != ?, head_name LIMIT ?",
            (companion_id, query, pattern, query, _SEARCH_LIMIT),
        )
        return [household_from_row(row) for row in rows]

    async def own_active(self, companion_id: int, household_id: int) -> Household | None:
        """The household, if it is active and assigned to the companion."""
        row = await self._db.fetch_one(
            "SELECT * FROM households WHERE id = ? AND companion_id = ? AND active = 1",
            (household_id, companion_id),
        )
        return household_from_row(row) if row else None

    async def has_any(self, companion_id: int) -> bool:
        """Whether the companion has at least one active household."""
        return bool(
            await self._db.fetch_value(
                "SELECT EXISTS (SELECT 1 FROM households WHERE companion_id = ? AND active = 1)", (companion_id,)
            )
        )
