"""The register of beneficiary households (KPM)."""

from __future__ import annotations

from dataclasses import asdict

from bot.domain import Household, HouseholdStatus, NewHousehold
from storage.audit import record_audit
from storage.clock import Clock
from storage.database import Database, Row

_COLUMNS = tuple(NewHousehold.__dataclass_fields__)


def household_from_row(row: Row) -> Household:
    return Household(
        **{column: row[column] for column in _COLUMNS},
        id=row["id"],
        active=bool(row["active"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        status=HouseholdStatus(row["status"]) if row["status"] else None,
    )


class HouseholdRepository:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def by_id(self, household_id: int) -> Household | None:
        row = await self._db.fetch_one("SELECT * FROM households WHERE id = ?", (household_id,))
        return household_from_row(row) if row else None

    async def by_dtks_id(self, dtks_id: str) -> Household | None:
        row = await self._db.fetch_one("SELECT * FROM households WHERE dtks_id = ?", (dtks_id,))
        return household_from_row(row) if row else None

    async def of_companion(self, companion_id: int) -> list[Household]:
        """A companion's active households."""
        rows = await self._db.fetch_all(
            "SELECT * FROM households WHERE companion_id = ? AND active = 1 ORDER BY head_name",
            (companion_id,),
        )
        return [household_from_row(row) for row in rows]

    async def add(self, household: NewHousehold, actor_id: int | None) -> Household:
        """Register one household; the creation is audited."""
        now = self._clock.now()
        values = asdict(household)
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                f"INSERT INTO households ({', '.join(_COLUMNS)}, created_at, updated_at)"
                f" VALUES ({', '.join('?' for _ in _COLUMNS)}, ?, ?)",
                (*values.values(), now, now),
            )
            household_id = int(cursor.lastrowid or 0)
            await record_audit(
                conn, at=now, actor_id=actor_id, action="create", entity="household", entity_id=household_id, new=values
            )
        created = await self.by_id(household_id)
        assert created is not None
        return created

    async def hand_over(self, from_companion_id: int, to_companion_id: int, actor_id: int) -> int:
        """Give all of one companion's households to another; returns how many moved. Audited."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE households SET companion_id = ?, updated_at = ? WHERE companion_id = ?",
                (to_companion_id, now, from_companion_id),
            )
            moved = cursor.rowcount
            await record_audit(
                conn,
                at=now,
                actor_id=actor_id,
                action="hand_over",
                entity="person",
                entity_id=from_companion_id,
                old={"companion_id": from_companion_id},
                new={"companion_id": to_companion_id, "households": moved},
            )
        return moved

    async def correct_coordinates(self, household: Household, latitude: float, longitude: float, actor_id: int) -> None:
        """Set a household's coordinates as an admin; the audit keeps the old and new values."""
        await self._change(
            household,
            actor_id,
            "correct_coordinates",
            {"latitude": latitude, "longitude": longitude, "coordinates_source": "admin"},
        )

    async def reassign(self, household: Household, companion_id: int, actor_id: int) -> None:
        """Give one household to another companion; audited."""
        await self._change(household, actor_id, "reassign", {"companion_id": companion_id})

    async def set_active(self, household: Household, active: bool, actor_id: int) -> None:
        """Deactivate or reactivate one household (reactivated, it has no status any more); audited."""
        new: dict[str, object] = {"active": int(active)} | ({"status": None} if active else {})
        await self._change(household, actor_id, "activate" if active else "deactivate", new)

    async def _change(self, household: Household, actor_id: int, action: str, new: dict[str, object]) -> None:
        now = self._clock.now()
        old = {column: getattr(household, column) for column in new}
        if "active" in old:
            old["active"] = int(household.active)
        async with self._db.transaction() as conn:
            await conn.execute(
                f"UPDATE households SET {', '.join(f'{column} = ?' for column in new)}, updated_at = ? WHERE id = ?",
                (*new.values(), now, household.id),
            )
            await record_audit(
                conn,
                at=now,
                actor_id=actor_id,
                action=action,
                entity="household",
                entity_id=household.id,
                old=old,
                new=new,
            )
