"""State the running bot keeps between restarts: conversation states, per-user/chat data as
JSON text, and the ids of updates already handled."""

from __future__ import annotations

from storage.clock import Clock
from storage.database import Database

DATA_KINDS = ("user", "chat", "bot", "callback")


class BotStateRepository:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def conversations(self, name: str) -> list[tuple[str, str]]:
        """(key JSON, state JSON) of every stored conversation of one handler."""
        rows = await self._db.fetch_all(
            "SELECT conversation_key, state FROM bot_conversations WHERE name = ?", (name,)
        )
        return [(row[0], row[1]) for row in rows]

    async def save_conversation(self, name: str, key: str, state: str | None) -> None:
        """Store a conversation's state; None means the conversation ended."""
        if state is None:
            await self._db.execute(
                "DELETE FROM bot_conversations WHERE name = ? AND conversation_key = ?", (name, key)
            )
            return
        await self._db.execute(
            "INSERT INTO bot_conversations (name, conversation_key, state, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (name, conversation_key)"
            " DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            (name, key, state, self._clock.now()),
        )

    async def all_data(self, kind: str) -> dict[int, str]:
        rows = await self._db.fetch_all("SELECT data_key, data FROM bot_data WHERE kind = ?", (kind,))
        return {row[0]: row[1] for row in rows}

    async def save_data(self, kind: str, key: int, data: str) -> None:
        await self._db.execute(
            "INSERT INTO bot_data (kind, data_key, data, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (kind, data_key) DO UPDATE SET data = excluded.data,"
            " updated_at = excluded.updated_at",
            (kind, key, data, self._clock.now()),
        )

    async def drop_data(self, kind: str, key: int) -> None:
        await self._db.execute("DELETE FROM bot_data WHERE kind = ? AND data_key = ?", (kind, key))

    async def claim_update(self, update_id: int) -> bool:
        """Record an update as handled; False if it was handled before (a redelivery)."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO processed_updates (update_id, received_at) VALUES (?, ?)",
                (update_id, self._clock.now()),
            )
            return cursor.rowcount == 1

    async def forget_updates_before(self, timestamp: int) -> int:
        """Drop old update ids: Telegram keeps undelivered updates for 24 hours at most."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM processed_updates WHERE received_at < ?", (timestamp,))
            return cursor.rowcount
