"""Read-only look-ups of the register for admins, coordinators and companions.

Who may see what is part of the query (`Scope`), so a household outside the viewer's reach is
never even loaded. Look-ups use indexes: DTKS id (unique), KK, and the head's name prefix
(`households_name` is NOCASE, which is what SQLite needs to serve LIKE 'prefix%').
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Household
from storage.database import Database, placeholders
from storage.households import household_from_row

SEARCH_LIMIT = 10


@dataclass(frozen=True)
class Scope:
    """Which households a viewer may see: all, those of some regions, or one companion's."""

    region_codes: tuple[str, ...] | None = None
    companion_id: int | None = None

    def sql(self) -> tuple[str, list[object]]:
        if self.companion_id is not None:
            return "h.companion_id = ?", [self.companion_id]
        if self.region_codes is not None:
            # The unary + keeps SQLite on the name/KK/DTKS index: a region holds up to 140,000 rows.
            return f"+h.region_code IN ({placeholders(self.region_codes)})", list(self.region_codes)
        return "1", []


@dataclass(frozen=True)
class HouseholdCard:
    household: Household
    region_name: str
    companion_name: str | None
    last_visit_at: int | None
    last_visit_verdict: str | None


class RegistryQueries:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def search(self, query: str, scope: Scope) -> list[Household]:
        """Households whose DTKS id or KK is `query`, or whose head's name starts with it."""
        where, params = scope.sql()
        exact = await self._db.fetch_all(
            f"SELECT h.* FROM households h WHERE h.dtks_id = ? AND {where}"
            f" UNION SELECT h.* FROM households h WHERE h.kk_number = ? AND {where} LIMIT ?",
            (query, *params, query, *params, SEARCH_LIMIT),
        )
        if exact:
            return [household_from_row(row) for row in exact]
        pattern = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = await self._db.fetch_all(
            f"SELECT h.* FROM households h WHERE h.head_name LIKE ? ESCAPE '\\' AND {where}"
            " ORDER BY h.head_name COLLATE NOCASE LIMIT ?",  # index order: stops after LIMIT rows
            (pattern, *params, SEARCH_LIMIT),
        )
        return [household_from_row(row) for row in rows]

    async def card(self, household: Household) -> HouseholdCard:
        """The household with its region's name, companion and last visit."""
        row = await self._db.fetch_one(
            "SELECT (SELECT name FROM regions WHERE code = ?) AS region_name,"
            " (SELECT full_name FROM people WHERE id = ?) AS companion_name,"
            " v.started_at, v.verdict FROM (SELECT 1) LEFT JOIN"
            " (SELECT started_at, verdict FROM visits WHERE household_id = ?"
            "  ORDER BY started_at DESC LIMIT 1) v",
            (household.region_code, household.companion_id, household.id),
        )
        assert row is not None
        return HouseholdCard(
            household,
            row["region_name"] or household.region_code,
            row["companion_name"],
            row["started_at"],
            row["verdict"],
        )

    async def region_names(self) -> dict[str, str]:
        """Every kabupaten/kota and the province, code → name."""
        rows = await self._db.fetch_all("SELECT code, name FROM regions ORDER BY code")
        return {row["code"]: row["name"] for row in rows}

    async def household_count_of(self, companion_id: int) -> int:
        return int(
            await self._db.fetch_value(
                "SELECT COUNT(*) FROM households WHERE companion_id = ? AND active = 1", (companion_id,)
            )
        )
