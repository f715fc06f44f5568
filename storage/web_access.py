"""Who is signed in to the dashboard: one-time login links and sessions.

A token is handed out once (in a chat message, or as a cookie) and only its sha256 is kept, as
for invitations. A link is bound to one person, valid for minutes and used once: redeeming it
marks it used in the same statement that finds it, so two clicks never open two sessions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from storage.audit import record_audit
from storage.clock import Clock
from storage.database import Database


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class WebSession:
    person_id: int
    expires_at: int


class WebAccessRepository:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def add_login_link(self, token: str, person_id: int, ttl_s: int) -> None:
        now = self._clock.now()
        await self._db.execute(
            "INSERT INTO web_logins (token_hash, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            (token_hash(token), person_id, now, now + ttl_s),
        )

    async def redeem_login_link(self, token: str) -> int | None:
        """The person the link was made for, if it is unused and unexpired; it is used from now on."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            row = await conn.fetch_one(
                "SELECT person_id FROM web_logins WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
                (token_hash(token), now),
            )
            if row is None:
                return None
            await conn.execute("UPDATE web_logins SET used_at = ? WHERE token_hash = ?", (now, token_hash(token)))
        return int(row[0])

    async def spend_launch(self, signature: str, person_id: int, *, expires_at: int) -> bool:
        """Record a Mini App launch as used; False when it was used before (a replay)."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            spent = await conn.execute(
                "INSERT INTO web_logins (token_hash, person_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (token_hash) DO NOTHING",
                (token_hash(f"launch:{signature}"), person_id, now, expires_at, now),
            )
            return spent == 1

    async def open_session(self, token: str, person_id: int, ttl_s: int, *, via: str) -> None:
        """Store a new session for `token`; audited (who signed in to the dashboard, and how)."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO web_sessions (token_hash, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (token_hash(token), person_id, now, now + ttl_s),
            )
            # Links and sessions long dead are of no use to anybody.
            await conn.execute("DELETE FROM web_sessions WHERE expires_at < ?", (now,))
            await conn.execute("DELETE FROM web_logins WHERE expires_at < ?", (now - 24 * 3600,))
            await record_audit(
                conn,
                at=now,
                actor_id=person_id,
                action="dashboard_login",
                entity="person",
                entity_id=person_id,
                new={"via": via},
            )

    async def session(self, token: str) -> WebSession | None:
        """The unexpired session of `token`."""
        row = await self._db.fetch_one(
            "SELECT person_id, expires_at FROM web_sessions WHERE token_hash = ? AND expires_at > ?",
            (token_hash(token), self._clock.now()),
        )
        return None if row is None else WebSession(int(row[0]), int(row[1]))

    async def extend(self, token: str, ttl_s: int) -> None:
        await self._db.execute(
            "UPDATE web_sessions SET expires_at = ? WHERE token_hash = ?",
            (self._clock.now() + ttl_s, token_hash(token)),
        )

    async def end_session(self, token: str) -> None:
        await self._db.execute("DELETE FROM web_sessions WHERE token_hash = ?", (token_hash(token),))

    async def end_sessions_of(self, person_id: int) -> int:
        """End every session of a person (deactivated); how many there were."""
        count = await self._db.fetch_value("SELECT COUNT(*) FROM web_sessions WHERE person_id = ?", (person_id,))
        if count:
            await self._db.execute("DELETE FROM web_sessions WHERE person_id = ?", (person_id,))
        return int(count or 0)
