"""Companions' proposals of household coordinates, decided by admins."""

from __future__ import annotations

import aiosqlite

from bot.domain import CoordinateProposal
from storage.audit import record_audit
from storage.clock import Clock
from storage.database import Database, Row


def _proposal(row: Row) -> CoordinateProposal:
    return CoordinateProposal(
        id=row["id"],
        household_id=row["household_id"],
        proposed_by=row["proposed_by"],
        visit_id=row["visit_id"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        accuracy_m=row["accuracy_m"],
        reason=row["reason"],
        status=row["status"],
        created_at=row["created_at"],
    )


async def insert_proposal(
    conn: aiosqlite.Connection,
    *,
    household_id: int,
    proposed_by: int,
    latitude: float,
    longitude: float,
    accuracy_m: float | None,
    reason: str,
    visit_id: int | None,
    at: int,
) -> int:
    """Write one proposal inside the caller's transaction (a visit stores its own with it)."""
    cursor = await conn.execute(
        "INSERT INTO coordinate_proposals (household_id, proposed_by, visit_id, latitude, longitude,"
        " accuracy_m, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (household_id, proposed_by, visit_id, latitude, longitude, accuracy_m, reason, at),
    )
    return int(cursor.lastrowid or 0)


class ProposalRepository:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def add(
        self,
        *,
        household_id: int,
        proposed_by: int,
        latitude: float,
        longitude: float,
        accuracy_m: float | None,
        reason: str,
        visit_id: int | None = None,
    ) -> int:
        async with self._db.transaction() as conn:
            return await insert_proposal(
                conn,
                household_id=household_id,
                proposed_by=proposed_by,
                latitude=latitude,
                longitude=longitude,
                accuracy_m=accuracy_m,
                reason=reason,
                visit_id=visit_id,
                at=self._clock.now(),
            )

    async def by_id(self, proposal_id: int) -> CoordinateProposal | None:
        row = await self._db.fetch_one("SELECT * FROM coordinate_proposals WHERE id = ?", (proposal_id,))
        return _proposal(row) if row else None

    async def has_pending(self, household_id: int) -> bool:
        return bool(
            await self._db.fetch_value(
                "SELECT 1 FROM coordinate_proposals WHERE household_id = ? AND status = 'pending' LIMIT 1",
                (household_id,),
            )
        )

    async def pending(self) -> list[CoordinateProposal]:
        rows = await self._db.fetch_all(
            "SELECT * FROM coordinate_proposals WHERE status = 'pending' ORDER BY created_at, id"
        )
        return [_proposal(row) for row in rows]

    async def decide(self, proposal_id: int, *, accept: bool, admin_id: int) -> CoordinateProposal | None:
        """Accept (moving the household, audited, source 'companion') or reject a pending proposal.
        Returns None if it was decided before (two admins pressing at once)."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE coordinate_proposals SET status = ?, decided_by = ?, decided_at = ?"
                " WHERE id = ? AND status = 'pending'",
                ("accepted" if accept else "rejected", admin_id, now, proposal_id),
            )
            if cursor.rowcount != 1:
                return None
            async with conn.execute("SELECT * FROM coordinate_proposals WHERE id = ?", (proposal_id,)) as cur:
                row = await cur.fetchone()
            assert row is not None, "the update above matched this proposal"
            proposal = _proposal(row)
            if accept:
                async with conn.execute(
                    "SELECT latitude, longitude, coordinates_source FROM households WHERE id = ?",
                    (proposal.household_id,),
                ) as cur:
                    household = await cur.fetchone()
                assert household is not None, "a proposal's household is never deleted (foreign key)"
                old = dict(household)
                await conn.execute(
                    "UPDATE households SET latitude = ?, longitude = ?, coordinates_source = 'companion',"
                    " updated_at = ? WHERE id = ?",
                    (proposal.latitude, proposal.longitude, now, proposal.household_id),
                )
                await record_audit(
                    conn,
                    at=now,
                    actor_id=admin_id,
                    action="set_coordinates",
                    entity="household",
                    entity_id=proposal.household_id,
                    old=old,
                    new={
                        "latitude": proposal.latitude,
                        "longitude": proposal.longitude,
                        "coordinates_source": "companion",
                        "proposal_id": proposal.id,
                    },
                )
        return proposal
