"""The outbox: messages that confirm something stored, kept until Telegram has taken them.

A message is queued under a key naming what it confirms (e.g. `receipt:42`), so the same
confirmation is queued once however often the step that stores it runs. It stays 'pending'
until it is sent; a permanent refusal (the user blocked the bot, a malformed message) makes it
'failed'. A crash between Telegram taking a message and `mark_sent` sends it once more at the
next start: a confirmation may, rarely, arrive twice, but is never lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.clock import Clock
from storage.database import Database, Row


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    key: str
    chat_id: int
    text: str
    markup: str | None
    attempts: int
    file_name: str | None = None  # sent as a text file of this name holding `text`


@dataclass(frozen=True)
class Attachment:
    """The whole text of a message queued shortened, sent after it as a text file."""

    file_name: str
    text: str


# An attachment is queued under its message's key and this.
_FILE_SUFFIX = ":file"


class OutboxRepository:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def add(
        self, key: str, chat_id: int, text: str, markup: str | None, *, attachment: Attachment | None = None
    ) -> list[OutboxMessage]:
        """Queue a message under `key` unless one is queued already, and its attachment (if any)
        under `key:file`, in one transaction: a crash keeps both or neither, never a shortened
        message whose file is lost. Return what is queued, the message first."""
        now = self._clock.now()
        rows: list[tuple[str, str, str | None, str | None]] = [(key, text, markup, None)]
        if attachment is not None:
            rows.append((key + _FILE_SUFFIX, attachment.text, None, attachment.file_name))
        async with self._db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO outbox (key, chat_id, text, markup, file_name, next_attempt_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                [
                    (row_key, chat_id, row_text, row_markup, name, now, now)
                    for row_key, row_text, row_markup, name in rows
                ],
            )
        queued = [await self.by_key(row_key) for row_key, *_ in rows]
        return [message for message in queued if message is not None]

    async def by_key(self, key: str) -> OutboxMessage | None:
        row = await self._db.fetch_one("SELECT * FROM outbox WHERE key = ?", (key,))
        return None if row is None else _message(row)

    async def is_pending(self, key: str) -> bool:
        return bool(
            await self._db.fetch_value("SELECT COUNT(*) FROM outbox WHERE key = ? AND status = 'pending'", (key,))
        )

    async def has_pending(self, key_prefix: str) -> bool:
        """Whether a message whose key starts with `key_prefix` is still waiting to be sent."""
        return bool(
            await self._db.fetch_value(
                "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND substr(key, 1, ?) = ?",
                (len(key_prefix), key_prefix),
            )
        )

    async def due(self, limit: int = 100) -> list[OutboxMessage]:
        """Pending messages whose next attempt is due, oldest first; an attachment only once its
        message has left (the file follows the text that announces it)."""
        rows = await self._db.fetch_all(
            "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? AND (file_name IS NULL"
            " OR NOT EXISTS (SELECT 1 FROM outbox AS announcing WHERE announcing.status = 'pending'"
            f" AND announcing.key = substr(outbox.key, 1, length(outbox.key) - {len(_FILE_SUFFIX)})))"
            " ORDER BY id LIMIT ?",
            (self._clock.now(), limit),
        )
        return [_message(row) for row in rows]

    async def pending_count(self) -> int:
        return int(await self._db.fetch_value("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"))

    async def mark_sent(self, message_id: int, telegram_message_id: int | None) -> None:
        await self._db.execute(
            "UPDATE outbox SET status = 'sent', attempts = attempts + 1, message_id = ?, sent_at = ?, error = NULL"
            " WHERE id = ?",
            (telegram_message_id, self._clock.now(), message_id),
        )

    async def retry_later(self, message_id: int, after_s: float, error: str) -> None:
        await self._db.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, error = ? WHERE id = ?",
            (self._clock.now() + max(1, round(after_s)), error, message_id),
        )

    async def mark_failed(self, message_id: int, error: str) -> None:
        await self._db.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, error = ? WHERE id = ?", (error, message_id)
        )


def _message(row: Row) -> OutboxMessage:
    return OutboxMessage(
        row["id"], row["key"], row["chat_id"], row["text"], row["markup"], row["attempts"], row["file_name"]
    )
