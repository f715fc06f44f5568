"""Programme follow-up: active households whose latest visits found the same condition a problem
several times in a row, read from `condition_streaks` (kept by a trigger on every stored visit,
migration 0016), so no query reads the visits themselves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.database import Database, placeholders

_COLUMNS = (
    "SELECT h.id, h.dtks_id, h.head_name, h.region_code, h.desa, h.companion_id, p.full_name,"
    " s.condition, s.streak, s.last_at"
)
# A household's or a companion's: from their households to the streaks (by primary key).
_OPEN = (
    f"{_COLUMNS} FROM households h JOIN condition_streaks s ON s.household_id = h.id"
    " LEFT JOIN people p ON p.id = h.companion_id WHERE s.streak >= ? AND h.active = 1"
)
# A region's or the province's: from the few long runs (by the streak index) to their households,
# never through the region's hundred thousand households (CROSS JOIN keeps that order).
_OPEN_IN_REGIONS = (
    f"{_COLUMNS} FROM condition_streaks s CROSS JOIN households h ON h.id = s.household_id"
    " LEFT JOIN people p ON p.id = h.companion_id WHERE s.streak >= ? AND h.active = 1"
)
# Longest streaks first, then the longest waiting.
_ORDER = " ORDER BY s.streak DESC, s.last_at, h.id, s.condition"


@dataclass(frozen=True)
class OpenFollowup:
    """One condition of one household that its last `streak` visits found a problem."""

    household_id: int
    dtks_id: str
    head_name: str
    region_code: str
    desa: str | None
    companion_id: int | None
    companion_name: str | None
    condition: str
    streak: int
    last_at: int  # the latest visit's time


class FollowupRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def open_in(self, regions: Sequence[str], min_streak: int) -> list[OpenFollowup]:
        """The open follow-ups of active households in the regions."""
        rows = await self._db.fetch_all(
            f"{_OPEN_IN_REGIONS} AND h.region_code IN ({placeholders(regions)}){_ORDER}", (min_streak, *regions)
        )
        return [OpenFollowup(*row) for row in rows]

    async def of_companion(self, companion_id: int, min_streak: int) -> list[OpenFollowup]:
        """The open follow-ups of a companion's active households."""
        rows = await self._db.fetch_all(f"{_OPEN} AND h.companion_id = ?{_ORDER}", (min_streak, companion_id))
        return [OpenFollowup(*row) for row in rows]

    async def of_household(self, household_id: int, min_streak: int) -> list[OpenFollowup]:
        """The open follow-ups of one household (what its next report shows)."""
        rows = await self._db.fetch_all(f"{_OPEN} AND h.id = ?{_ORDER}", (min_streak, household_id))
        return [OpenFollowup(*row) for row in rows]
