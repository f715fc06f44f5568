"""State the running bot keeps between restarts: conversation states, per-user data as JSON
text, and the ids of updates already handled."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.clock import Clock
from storage.database import Database


@dataclass
class StateChanges:
    """Writes collected while handling updates, stored together in one transaction."""

    # (conversation name, key JSON) -> state JSON, or None when the conversation ended
    conversations: dict[tuple[str, str], str | None] = field(default_factory=dict)
    # user id -> data JSON, or None when the data was dropped
    user_data: dict[int, str | None] = field(default_factory=dict)
    update_ids: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.conversations or self.user_data or self.update_ids)


class BotStateRepository:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def conversations(self, name: str) -> list[tuple[str, str]]:
        """(key JSON, state JSON) of every stored conversation of one handler."""
        rows = await self._db.fetch_all("SELECT conversation_key, state FROM bot_conversations WHERE name = ?", (name,))
        return [(row[0], row[1]) for row in rows]

    async def all_user_data(self) -> dict[int, str]:
        rows = await self._db.fetch_all("SELECT data_key, data FROM bot_data WHERE kind = 'user'")
        return {row[0]: row[1] for row in rows}

    async def save(self, changes: StateChanges) -> None:
        """Store conversation states, user data and handled update ids as one unit: after a
        crash, a batch is either wholly recorded or not at all."""
        now = self._clock.now()
        ended = [key for key, state in changes.conversations.items() if state is None]
        running = [(*key, state, now) for key, state in changes.conversations.items() if state is not None]
        dropped = [(user_id,) for user_id, data in changes.user_data.items() if data is None]
        kept = [(user_id, data, now) for user_id, data in changes.user_data.items() if data is not None]
        async with self._db.transaction() as conn:
            if ended:
                await conn.executemany("DELETE FROM bot_conversations WHERE name = ? AND conversation_key = ?", ended)
            if running:
                await conn.executemany(
                    "INSERT INTO bot_conversations (name, conversation_key, state, updated_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (name, conversation_key)"
                    " DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                    running,
                )
            if dropped:
                await conn.executemany("DELETE FROM bot_data WHERE kind = 'user' AND data_key = ?", dropped)
            if kept:
                await conn.executemany(
                    "INSERT INTO bot_data (kind, data_key, data, updated_at) VALUES ('user', ?, ?, ?)"
                    " ON CONFLICT (kind, data_key) DO UPDATE SET data = excluded.data,"
                    " updated_at = excluded.updated_at",
                    kept,
                )
            if changes.update_ids:
                await conn.executemany(
                    "INSERT INTO processed_updates (update_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    [(update_id, now) for update_id in changes.update_ids],
                )

    async def update_ids_since(self, timestamp: int) -> set[int]:
        rows = await self._db.fetch_all("SELECT update_id FROM processed_updates WHERE received_at >= ?", (timestamp,))
        return {row[0] for row in rows}

    async def forget_updates_before(self, timestamp: int) -> int:
        """Drop old update ids: Telegram keeps undelivered updates for 24 hours at most."""
        async with self._db.transaction() as conn:
            return await conn.execute("DELETE FROM processed_updates WHERE received_at < ?", (timestamp,))
