"""Invitations: one-time deep-link tokens an admin creates for a role and a region.

Only the token's sha256 is stored. Redeeming a token registers the Telegram account in the
same transaction that marks the invitation used, so one token can never register two people.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from bot.domain import Role
from storage.audit import record_audit
from storage.clock import Clock
from storage.database import Database, Row
from storage.people import PeopleRepository


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Invitation:
    id: int
    role: Role
    region_code: str | None
    full_name: str | None
    created_by: int
    created_at: int
    expires_at: int
    used_at: int | None
    used_by: int | None
    revoked_at: int | None


class Redemption(StrEnum):
    REGISTERED = "registered"
    REACTIVATED = "reactivated"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"
    ALREADY_REGISTERED = "already_registered"


@dataclass(frozen=True)
class RedeemResult:
    outcome: Redemption
    person_id: int | None = None
    invitation: Invitation | None = None


def _invitation(row: Row) -> Invitation:
    return Invitation(
        id=row["id"],
        role=Role(row["role"]),
        region_code=row["region_code"],
        full_name=row["full_name"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        used_at=row["used_at"],
        used_by=row["used_by"],
        revoked_at=row["revoked_at"],
    )


class InvitationRepository:
    def __init__(self, db: Database, clock: Clock, people: PeopleRepository) -> None:
        self._db = db
        self._clock = clock
        self._people = people  # told when a redemption registers or reactivates someone

    async def create(
        self, *, token: str, role: Role, region_code: str, full_name: str | None, created_by: int, ttl_s: int
    ) -> Invitation:
        """Store a new invitation for `token` (only its hash); audited."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO invitations (token_hash, role, region_code, full_name, created_by, created_at,"
                " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (token_hash(token), role.value, region_code, full_name, created_by, now, now + ttl_s),
            )
            invitation_id = int(cursor.lastrowid or 0)
            await record_audit(
                conn,
                at=now,
                actor_id=created_by,
                action="create",
                entity="invitation",
                entity_id=invitation_id,
                new={"role": role.value, "region": region_code, "name": full_name},
            )
        found = await self.by_id(invitation_id)
        assert found is not None
        return found

    async def by_id(self, invitation_id: int) -> Invitation | None:
        row = await self._db.fetch_one("SELECT * FROM invitations WHERE id = ?", (invitation_id,))
        return _invitation(row) if row else None

    async def open_invitations(self) -> list[Invitation]:
        """Invitations that can still be used, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM invitations WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at > ? ORDER BY id",
            (self._clock.now(),),
        )
        return [_invitation(row) for row in rows]

    async def revoke(self, invitation_id: int, actor_id: int) -> Invitation | None:
        """Revoke an open invitation; returns it, or None when there is no open one with that id."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE invitations SET revoked_at = ? WHERE id = ? AND used_at IS NULL"
                " AND revoked_at IS NULL AND expires_at > ?",
                (now, invitation_id, now),
            )
            if cursor.rowcount == 0:
                return None
            await record_audit(
                conn, at=now, actor_id=actor_id, action="revoke", entity="invitation", entity_id=invitation_id
            )
        return await self.by_id(invitation_id)

    async def redeem(
        self, token: str, *, telegram_user_id: int, full_name: str, username: str | None, language: str
    ) -> RedeemResult:
        """Register the Telegram account with the invitation's role and region, exactly once."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            async with conn.execute("SELECT * FROM invitations WHERE token_hash = ?", (token_hash(token),)) as cur:
                row = await cur.fetchone()
            if row is None:
                return RedeemResult(Redemption.UNKNOWN)
            invitation = _invitation(row)
            async with conn.execute(
                "SELECT id, active FROM people WHERE telegram_user_id = ?", (telegram_user_id,)
            ) as cur:
                known = await cur.fetchone()
            if known is not None and known["active"]:
                return RedeemResult(Redemption.ALREADY_REGISTERED, int(known["id"]), invitation)
            async with conn.execute("SELECT active FROM people WHERE id = ?", (invitation.created_by,)) as cur:
                creator = await cur.fetchone()
            # An admin who was deactivated takes their open invitations with them.
            if invitation.revoked_at is not None or creator is None or not creator["active"]:
                return RedeemResult(Redemption.REVOKED, invitation=invitation)
            if invitation.used_at is not None:
                return RedeemResult(Redemption.USED, invitation=invitation)
            if invitation.expires_at <= now:
                return RedeemResult(Redemption.EXPIRED, invitation=invitation)
            regions = [invitation.region_code] if invitation.region_code else []
            if known is None:
                cursor = await conn.execute(
                    "INSERT INTO people (telegram_user_id, full_name, username, role, language, invited_by,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        telegram_user_id,
                        full_name,
                        username,
                        invitation.role.value,
                        language,
                        invitation.created_by,
                        now,
                        now,
                    ),
                )
                person_id, outcome = int(cursor.lastrowid or 0), Redemption.REGISTERED
            else:
                # A deactivated person comes back through a new invitation, with its role.
                person_id, outcome = int(known["id"]), Redemption.REACTIVATED
                await conn.execute(
                    "UPDATE people SET active = 1, role = ?, full_name = ?, username = ?, updated_at = ? WHERE id = ?",
                    (invitation.role.value, full_name, username, now, person_id),
                )
                await conn.execute("DELETE FROM person_regions WHERE person_id = ?", (person_id,))
            await conn.executemany(
                "INSERT INTO person_regions (person_id, region_code) VALUES (?, ?)",
                [(person_id, code) for code in regions],
            )
            await conn.execute(
                "UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ?", (now, person_id, invitation.id)
            )
            await record_audit(
                conn,
                at=now,
                actor_id=person_id,
                action=f"invitation_{outcome.value}",
                entity="person",
                entity_id=person_id,
                new={"role": invitation.role.value, "regions": regions, "invitation": invitation.id},
            )
        self._people.forget_cached()
        return RedeemResult(outcome, person_id, invitation)
