"""The dispatch log: one row per (job, period, recipient) of every scheduled or batched send.

A send is claimed (status 'pending') before the message leaves and marked after. A row left
'pending' by a crash may have reached the recipient, so it is never claimed again, except for
the jobs whose sends are resumed (`resume_interrupted`: reminders): made 'failed' once at the
next start, they are sent once more; the recipient may, rarely, get one twice, but is not left
out. Only a 'failed' send may be tried again. A recipient found 'blocked' is reported to the admins once
(`reported`), also when a crash came between finding it and reporting it, and not again while
they stay blocked (each later round finds them blocked anew). A 'refused' send (Telegram refused
the message itself for good, e.g. 400 "chat not found") is set aside with its reason and never
tried again.
"""

from __future__ import annotations

from enum import StrEnum

from storage.clock import Clock
from storage.database import Database


class DispatchStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
    REFUSED = "refused"


class DispatchLog:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def claim(self, job: str, period: str, recipient_id: int) -> bool:
        """Record that `period` of `job` is about to go to the recipient; False if it went (or may
        have gone) before."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO dispatch_log (job, period, recipient_id, status, attempts, created_at, updated_at)"
                " VALUES (?, ?, ?, 'pending', 1, ?, ?)"
                " ON CONFLICT (job, period, recipient_id) DO UPDATE SET status = 'pending',"
                " attempts = attempts + 1, error = NULL, updated_at = excluded.updated_at"
                " WHERE dispatch_log.status = 'failed'",
                (job, period, recipient_id, now, now),
            )
            return cursor.rowcount == 1

    async def mark(
        self,
        job: str,
        period: str,
        recipient_id: int,
        status: DispatchStatus,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        await self._db.execute(
            "UPDATE dispatch_log SET status = ?, message_id = COALESCE(?, message_id), error = ?,"
            " updated_at = ? WHERE job = ? AND period = ? AND recipient_id = ?",
            (status.value, message_id, error, self._clock.now(), job, period, recipient_id),
        )

    async def resume_interrupted(self, job: str) -> None:
        """Make the sends of `job` a crash left 'pending' 'failed', once each, so they are tried again."""
        await self._db.execute(
            "UPDATE dispatch_log SET status = 'failed', resumed = 1, error = 'interrupted by a restart',"
            " updated_at = ? WHERE job = ? AND status = 'pending' AND resumed = 0",
            (self._clock.now(), job),
        )

    async def blocked_to_report(self) -> dict[str, dict[int, str]]:
        """Job → {id of a recipient found blocked whom the admins have not been told of: the
        latest period it was found in} (the period tells this finding from an earlier one of the
        same person, who was reached in between and blocked the bot again). One the
        admins were told of and who has not been reached since is marked reported here, unlisted:
        every round tries a blocked recipient again, and a round a crash cut in two would
        otherwise tell of them again, in notices of other lists."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE dispatch_log SET reported = 1 WHERE status = 'blocked' AND reported = 0 AND EXISTS ("
                " SELECT 1 FROM dispatch_log told WHERE told.recipient_id = dispatch_log.recipient_id"
                " AND told.status = 'blocked' AND told.reported = 1 AND NOT EXISTS ("
                " SELECT 1 FROM dispatch_log since WHERE since.recipient_id = told.recipient_id"
                " AND since.status = 'sent' AND since.updated_at > told.updated_at))"
            )
            cursor = await conn.execute(
                "SELECT job, recipient_id, MAX(period) FROM dispatch_log WHERE status = 'blocked' AND reported = 0"
                " GROUP BY job, recipient_id ORDER BY job, recipient_id"
            )
            rows = await cursor.fetchall()
        found: dict[str, dict[int, str]] = {}
        for job, recipient_id, period in rows:
            found.setdefault(job, {})[recipient_id] = period
        return found

    async def mark_reported(self, job: str, recipient_ids: list[int]) -> None:
        await self._db.execute(
            f"UPDATE dispatch_log SET reported = 1 WHERE job = ? AND status = 'blocked'"
            f" AND recipient_id IN ({', '.join('?' for _ in recipient_ids)})",
            (job, *recipient_ids),
        )

    async def statuses(self, job: str, period: str) -> dict[int, DispatchStatus]:
        """Recipient id → status of one period's sends."""
        rows = await self._db.fetch_all(
            "SELECT recipient_id, status FROM dispatch_log WHERE job = ? AND period = ?", (job, period)
        )
        return {row[0]: DispatchStatus(row[1]) for row in rows}

    async def settled(self, job: str, periods: list[str], recipient_ids: list[int]) -> bool:
        """True when every period went to every recipient, or can no longer go (blocked, refused,
        or left pending by a crash)."""
        if not periods or not recipient_ids:
            return True
        expected = len(periods) * len(recipient_ids)
        period_marks = ", ".join("?" for _ in periods)
        recipient_marks = ", ".join("?" for _ in recipient_ids)
        done = await self._db.fetch_value(
            f"SELECT COUNT(*) FROM dispatch_log WHERE job = ? AND period IN ({period_marks})"
            f" AND recipient_id IN ({recipient_marks}) AND status != 'failed'",
            (job, *periods, *recipient_ids),
        )
        return int(done) == expected
