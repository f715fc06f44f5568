"""Tasks and announcements: who receives them, who acknowledged, which households are done.

A household of a task is done once a report of it was stored after the task was given; that is
read from `visits` each time (a report needs no step of its own to count). Its companion is the
one holding it now, so a task's households move with a hand-over.

What goes out to a recipient — the task, a notice of an edit or of its withdrawal, the
acknowledgement reminder, the overdue notice — is a row of the dispatch log under job
`TASK_JOB`, period `<task id>` (the task), `<id>:v<version>`, `<id>:withdrawn`, `<id>:ack`,
`<id>:overdue`: the queries below find what is still to send, the dispatch log sends it once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain import Audience, NewTask, Task, TaskAttachment, TaskProgress
from storage.audit import record_audit
from storage.clock import Clock
from storage.database import Database, Row, placeholders

TASK_JOB = "task"
# Rows written per statement when a task names thousands of households.
_CHUNK = 500
_SELECT = (
    "SELECT t.*, (SELECT group_concat(region_code, ',') FROM task_regions r WHERE r.task_id = t.id) AS region_codes,"
    " (SELECT COUNT(*) FROM task_households th WHERE th.task_id = t.id) AS household_count FROM tasks t"
)
# A household of the task `t` (aliased `th`) that no report stored since the task was given covers.
_LEFT = "NOT EXISTS (SELECT 1 FROM visits v WHERE v.household_id = th.household_id AND v.reported_at >= t.created_at)"
# The recipient `r` was sent the task (or may have been: a send a crash interrupted counts).
_DELIVERED = (
    "EXISTS (SELECT 1 FROM dispatch_log d WHERE d.job = 'task' AND d.period = CAST(r.task_id AS TEXT)"
    " AND d.recipient_id = r.person_id AND d.status IN ('sent', 'pending'))"
)
# Recipients who can be written to.
_REACHABLE = (
    "JOIN people p ON p.id = r.person_id AND p.active = 1 AND p.telegram_user_id IS NOT NULL"
    " JOIN tasks t ON t.id = r.task_id"
)


# The dispatch log's period of each message of a task to the recipient `r` (see above).
_TASK_PERIOD = "CAST(r.task_id AS TEXT)"
_EDIT_PERIOD = "CAST(r.task_id AS TEXT) || ':v' || t.version"
_WITHDRAWN_PERIOD = "CAST(r.task_id AS TEXT) || ':withdrawn'"
_ACK_PERIOD = "CAST(r.task_id AS TEXT) || ':ack'"


def _not_sent(period: str) -> str:
    """The recipient `r` has no send of `period` (an SQL expression) that went or may have gone."""
    return (
        f"NOT EXISTS (SELECT 1 FROM dispatch_log d WHERE d.job = 'task' AND d.period = {period}"
        " AND d.recipient_id = r.person_id AND d.status != 'failed')"
    )


def _task(row: Row) -> Task:
    attachment = None
    if row["attachment_kind"] is not None:
        attachment = TaskAttachment(row["attachment_kind"], row["attachment_file_id"], row["attachment_name"])
    return Task(
        id=row["id"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        text=row["text"],
        audience=Audience(row["audience"]),
        due_at=row["due_at"],
        urgent=bool(row["urgent"]),
        version=row["version"],
        changed=tuple(row["changed"].split(",")) if row["changed"] else (),
        status=row["status"],
        attachment=attachment,
        region_codes=tuple(sorted(row["region_codes"].split(","))) if row["region_codes"] else (),
        households=row["household_count"],
    )


@dataclass(frozen=True)
class Send:
    """A message of a task still to go to one recipient."""

    task_id: int
    person_id: int


@dataclass(frozen=True)
class Recipient:
    person_id: int
    full_name: str
    acknowledged_at: int | None


@dataclass(frozen=True)
class LeftHousehold:
    """A household of a task that no report covers yet."""

    household_id: int
    dtks_id: str
    head_name: str
    desa: str | None
    companion_name: str | None


@dataclass(frozen=True)
class CompanionTask:
    """An open task as one companion sees it."""

    task: Task
    acknowledged: bool
    held: int  # the task's households they hold
    left: int  # of those, the ones not done


@dataclass(frozen=True)
class HouseholdRef:
    """What a task needs to know of a household named by its DTKS id."""

    id: int
    region_code: str
    companion_id: int | None
    active: bool


@dataclass(frozen=True)
class TaskHousehold:
    """A household a companion still has to visit for a task: the reminder lists these first."""

    household_id: int
    head_name: str
    desa: str | None
    task_id: int
    due_at: int | None


class TaskRepository:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # ── Creating and changing ────────────────────────────────────────────────

    async def create(
        self,
        creator_id: int,
        key: str,
        new: NewTask,
        *,
        due_at: int | None,
        recipient_ids: Sequence[int],
        household_ids: Sequence[int],
        region_codes: Sequence[str],
    ) -> tuple[Task, bool]:
        """Store a task with its recipients and households, in one transaction, once per `key`;
        the task and whether it was made now (False: the same Kirim came before). Audited."""
        now = self._clock.now()
        attachment = new.attachment
        async with self._db.transaction() as conn:
            cursor = await conn.execute("SELECT id FROM tasks WHERE idempotency_key = ?", (key,))
            existing = await cursor.fetchone()
            if existing is None:
                cursor = await conn.execute(
                    "INSERT INTO tasks (created_by, created_at, idempotency_key, text, attachment_kind,"
                    " attachment_file_id, attachment_name, audience, due_at, urgent, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        creator_id,
                        now,
                        key,
                        new.text,
                        attachment.kind if attachment else None,
                        attachment.file_id if attachment else None,
                        attachment.file_name if attachment else None,
                        new.audience.value,
                        due_at,
                        int(new.urgent),
                        now,
                    ),
                )
                task_id = int(cursor.lastrowid or 0)
                for sql, values in (
                    ("INSERT INTO task_regions (task_id, region_code) VALUES (?, ?)", region_codes),
                    ("INSERT INTO task_recipients (task_id, person_id) VALUES (?, ?)", recipient_ids),
                    ("INSERT INTO task_households (task_id, household_id) VALUES (?, ?)", household_ids),
                ):
                    await conn.executemany(sql, [(task_id, value) for value in values])
                await record_audit(
                    conn,
                    at=now,
                    actor_id=creator_id,
                    action="create",
                    entity="task",
                    entity_id=task_id,
                    new={
                        "audience": new.audience.value,
                        "recipients": len(recipient_ids),
                        "households": len(household_ids),
                        "due_at": due_at,
                        "urgent": new.urgent,
                    },
                )
            else:
                task_id = int(existing[0])
        task = await self.by_id(task_id)
        assert task is not None
        return task, existing is None

    async def edit(self, task: Task, actor_id: int, *, text: str, due_at: int | None, changed: Sequence[str]) -> Task:
        """Change an open task's text and due date (a new version: recipients are told once). Audited."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE tasks SET text = ?, due_at = ?, version = version + 1, changed = ?, updated_at = ?"
                " WHERE id = ?",
                (text, due_at, ",".join(changed), now, task.id),
            )
            await record_audit(
                conn,
                at=now,
                actor_id=actor_id,
                action="edit",
                entity="task",
                entity_id=task.id,
                old={"text": task.text, "due_at": task.due_at},
                new={"text": text, "due_at": due_at},
            )
        edited = await self.by_id(task.id)
        assert edited is not None
        return edited

    async def withdraw(self, task: Task, actor_id: int) -> bool:
        """Withdraw an open task (recipients who got it are told once); False if it was not open."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE tasks SET status = 'withdrawn', updated_at = ? WHERE id = ? AND status = 'open'", (now, task.id)
            )
            if cursor.rowcount != 1:
                return False
            await record_audit(
                conn,
                at=now,
                actor_id=actor_id,
                action="withdraw",
                entity="task",
                entity_id=task.id,
                old={"status": "open"},
            )
        return True

    async def acknowledge(self, task_id: int, person_id: int) -> bool:
        """Record the recipient's ✅ Siap; False if it was recorded before."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE task_recipients SET acknowledged_at = ? WHERE task_id = ? AND person_id = ?"
                " AND acknowledged_at IS NULL",
                (self._clock.now(), task_id, person_id),
            )
            return cursor.rowcount == 1

    # ── Reading ──────────────────────────────────────────────────────────────

    async def by_id(self, task_id: int) -> Task | None:
        row = await self._db.fetch_one(f"{_SELECT} WHERE t.id = ?", (task_id,))
        return _task(row) if row else None

    async def open_tasks(self, region_codes: Sequence[str] | None) -> list[Task]:
        """Open tasks, newest first, that reach only the regions `region_codes` (None: any)."""
        if region_codes is None:
            rows = await self._db.fetch_all(f"{_SELECT} WHERE t.status = 'open' ORDER BY t.id DESC")
        else:
            rows = await self._db.fetch_all(
                f"{_SELECT} WHERE t.status = 'open' AND NOT EXISTS (SELECT 1 FROM task_regions r"
                f" WHERE r.task_id = t.id AND r.region_code NOT IN ({placeholders(region_codes)})) ORDER BY t.id DESC",
                tuple(region_codes),
            )
        return [_task(row) for row in rows]

    async def recipient(self, task_id: int, person_id: int) -> Recipient | None:
        row = await self._db.fetch_one(
            "SELECT r.person_id, p.full_name, r.acknowledged_at FROM task_recipients r"
            " JOIN people p ON p.id = r.person_id WHERE r.task_id = ? AND r.person_id = ?",
            (task_id, person_id),
        )
        return Recipient(row[0], row[1], row[2]) if row else None

    async def progress(self, task: Task) -> TaskProgress:
        """Acknowledged x/y (of the recipients still active), households done x/y."""
        row = await self._db.fetch_one(
            "SELECT COUNT(*), COUNT(r.acknowledged_at) FROM task_recipients r"
            " JOIN people p ON p.id = r.person_id AND p.active = 1 WHERE r.task_id = ?",
            (task.id,),
        )
        done = await self._db.fetch_value(
            "SELECT COUNT(*) FROM task_households th JOIN tasks t ON t.id = th.task_id"
            f" WHERE th.task_id = ? AND NOT {_LEFT}",
            (task.id,),
        )
        assert row is not None
        return TaskProgress(task, int(row[0]), int(row[1]), task.households, int(done))

    async def not_acknowledged(self, task_id: int) -> list[Recipient]:
        """Active recipients who have not pressed ✅ Siap, by name."""
        rows = await self._db.fetch_all(
            "SELECT r.person_id, p.full_name, r.acknowledged_at FROM task_recipients r"
            " JOIN people p ON p.id = r.person_id AND p.active = 1"
            " WHERE r.task_id = ? AND r.acknowledged_at IS NULL ORDER BY p.full_name, p.id",
            (task_id,),
        )
        return [Recipient(row[0], row[1], row[2]) for row in rows]

    async def households_left(
        self, task_id: int, limit: int, companion_id: int | None = None
    ) -> tuple[int, list[LeftHousehold]]:
        """How many of the task's households are not done (of one companion's, if given), and the
        first `limit` of them by companion and name."""
        if companion_id is None:
            joins = "FROM tasks t CROSS JOIN task_households th ON th.task_id = t.id"
            joins += " CROSS JOIN households h ON h.id = th.household_id"
            where, params = f"t.id = ? AND {_LEFT}", [task_id]
        else:
            # From the companion's own households (a few thousand, by index), not the task's
            # (ten thousand may be): a round asks this for each of hundreds of recipients.
            joins = "FROM tasks t CROSS JOIN households h CROSS JOIN task_households th"
            joins += " ON th.task_id = t.id AND th.household_id = h.id"
            where, params = f"t.id = ? AND h.companion_id = ? AND {_LEFT}", [task_id, companion_id]
        count = await self._db.fetch_value(f"SELECT COUNT(*) {joins} WHERE {where}", params)
        rows = await self._db.fetch_all(
            f"SELECT h.id, h.dtks_id, h.head_name, h.desa, p.full_name {joins}"
            f" LEFT JOIN people p ON p.id = h.companion_id WHERE {where}"
            " ORDER BY p.full_name, h.head_name, h.id LIMIT ?",
            (*params, limit),
        )
        return int(count), [LeftHousehold(row[0], row[1], row[2], row[3], row[4]) for row in rows]

    async def open_for(self, person_id: int) -> list[CompanionTask]:
        """A companion's open tasks, due first (those without a due date last), then oldest."""
        rows = await self._db.fetch_all(
            f"{_SELECT} JOIN task_recipients r ON r.task_id = t.id AND r.person_id = ?"
            " WHERE t.status = 'open' ORDER BY t.due_at IS NULL, t.due_at, t.id",
            (person_id,),
        )
        found = []
        for row in rows:
            recipient = await self.recipient(row["id"], person_id)
            held = await self._db.fetch_one(
                f"SELECT COUNT(*), COALESCE(SUM({_LEFT}), 0) FROM tasks t CROSS JOIN households h"
                " CROSS JOIN task_households th ON th.task_id = t.id AND th.household_id = h.id"
                " WHERE t.id = ? AND h.companion_id = ?",
                (row["id"], person_id),
            )
            assert held is not None
            acknowledged = recipient is not None and recipient.acknowledged_at is not None
            found.append(CompanionTask(_task(row), acknowledged, int(held[0]), int(held[1])))
        return found

    async def households_to_visit(self) -> dict[int, list[TaskHousehold]]:
        """Companion id → their households that open tasks still wait for, the earliest due
        first (a household of two tasks once, by the earlier). Read once for a reminder round:
        from the tasks' side, a few thousand rows, instead of each companion's thousands of
        households."""
        rows = await self._db.fetch_all(
            "SELECT h.companion_id, h.id, h.head_name, h.desa, t.id, t.due_at FROM tasks t"
            " CROSS JOIN task_households th ON th.task_id = t.id CROSS JOIN households h ON h.id = th.household_id"
            f" WHERE t.status = 'open' AND h.active = 1 AND h.companion_id IS NOT NULL AND {_LEFT}"
            " ORDER BY h.companion_id, t.due_at IS NULL, t.due_at, t.id, h.head_name, h.id"
        )
        found: dict[int, list[TaskHousehold]] = {}
        seen: set[int] = set()
        for companion_id, household_id, name, desa, task_id, due_at in rows:
            if household_id not in seen:
                seen.add(household_id)
                found.setdefault(companion_id, []).append(TaskHousehold(household_id, name, desa, task_id, due_at))
        return found

    # ── What a delivery round sends ──────────────────────────────────────────

    async def add_holders(self) -> int:
        """Make the companions who now hold a household of an open task its recipients (after a
        hand-over or an import moved the household); how many were added."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO task_recipients (task_id, person_id)"
                " SELECT DISTINCT th.task_id, h.companion_id FROM tasks t"
                " JOIN task_households th ON th.task_id = t.id JOIN households h ON h.id = th.household_id"
                " JOIN people p ON p.id = h.companion_id AND p.active = 1"
                " WHERE t.status = 'open' AND h.active = 1 AND NOT EXISTS (SELECT 1 FROM task_recipients r"
                " WHERE r.task_id = th.task_id AND r.person_id = h.companion_id)"
            )
            return cursor.rowcount

    async def deliveries_due(self, urgent_only: bool) -> list[Send]:
        """Recipients of open tasks who were not sent the task yet (or whose send failed)."""
        return await self._sends(f"t.status = 'open' AND {_not_sent(_TASK_PERIOD)}", urgent_only=urgent_only)

    async def edit_notices_due(self, urgent_only: bool) -> list[Send]:
        """Recipients sent an open task before its latest edit, not yet told of that edit."""
        return await self._sends(
            f"t.status = 'open' AND t.version > 1 AND {_DELIVERED} AND {_not_sent(_EDIT_PERIOD)}",
            urgent_only=urgent_only,
        )

    async def withdrawal_notices_due(self, urgent_only: bool) -> list[Send]:
        """Recipients sent a task that was withdrawn since, not yet told."""
        return await self._sends(
            f"t.status = 'withdrawn' AND {_DELIVERED} AND {_not_sent(_WITHDRAWN_PERIOD)}",
            urgent_only=urgent_only,
        )

    async def ack_reminders_due(self, sent_before: int, urgent_only: bool) -> list[Send]:
        """Recipients sent an open task before `sent_before` who have not acknowledged it nor
        been reminded."""
        return await self._sends(
            "t.status = 'open' AND r.acknowledged_at IS NULL AND EXISTS (SELECT 1 FROM dispatch_log d"
            " WHERE d.job = 'task' AND d.period = CAST(r.task_id AS TEXT) AND d.recipient_id = r.person_id"
            f" AND d.status = 'sent' AND d.updated_at <= ?) AND {_not_sent(_ACK_PERIOD)}",
            (sent_before,),
            urgent_only=urgent_only,
        )

    async def overdue_untold(self, now: int, urgent_only: bool) -> list[Task]:
        """Open tasks whose due day is over and whose recipients were not yet told so."""
        urgent = " AND t.urgent = 1" if urgent_only else ""
        rows = await self._db.fetch_all(
            f"{_SELECT} WHERE t.status = 'open' AND t.due_at < ? AND t.overdue_told_at IS NULL{urgent} ORDER BY t.id",
            (now,),
        )
        return [_task(row) for row in rows]

    async def mark_overdue_told(self, task_id: int) -> None:
        await self._db.execute("UPDATE tasks SET overdue_told_at = ? WHERE id = ?", (self._clock.now(), task_id))

    async def delivered_to(self, task_id: int) -> list[Recipient]:
        """The active recipients who were sent the task (or may have been, before a crash)."""
        rows = await self._db.fetch_all(
            f"SELECT r.person_id, p.full_name, r.acknowledged_at FROM task_recipients r {_REACHABLE}"
            f" WHERE r.task_id = ? AND {_DELIVERED} ORDER BY r.person_id",
            (task_id,),
        )
        return [Recipient(row[0], row[1], row[2]) for row in rows]

    async def households_by_companion(self, task_id: int) -> dict[int, tuple[int, int]]:
        """Companion id → (how many of the task's households they hold, how many are not done)."""
        rows = await self._db.fetch_all(
            f"SELECT h.companion_id, COUNT(*), SUM({_LEFT}) FROM task_households th"
            " JOIN tasks t ON t.id = th.task_id JOIN households h ON h.id = th.household_id"
            " WHERE th.task_id = ? AND h.companion_id IS NOT NULL GROUP BY h.companion_id",
            (task_id,),
        )
        return {row[0]: (int(row[1]), int(row[2])) for row in rows}

    async def blocked_untold(self) -> dict[int, list[int]]:
        """Task id → recipients found to have blocked the bot whom its creator was not told of."""
        rows = await self._db.fetch_all(
            "SELECT r.task_id, r.person_id FROM task_recipients r JOIN dispatch_log d ON d.job = 'task'"
            " AND d.period = CAST(r.task_id AS TEXT) AND d.recipient_id = r.person_id AND d.status = 'blocked'"
            " WHERE r.blocked_told_at IS NULL ORDER BY r.task_id, r.person_id"
        )
        found: dict[int, list[int]] = {}
        for task_id, person_id in rows:
            found.setdefault(task_id, []).append(person_id)
        return found

    async def mark_blocked_told(self, task_id: int, person_ids: Iterable[int]) -> None:
        ids = list(person_ids)
        await self._db.execute(
            f"UPDATE task_recipients SET blocked_told_at = ? WHERE task_id = ? AND person_id IN ({placeholders(ids)})",
            (self._clock.now(), task_id, *ids),
        )

    async def _sends(self, where: str, params: tuple[int, ...] = (), *, urgent_only: bool) -> list[Send]:
        urgent = " AND t.urgent = 1" if urgent_only else ""
        rows = await self._db.fetch_all(
            f"SELECT r.task_id, r.person_id FROM task_recipients r {_REACHABLE} WHERE {where}{urgent}"
            " ORDER BY r.task_id, r.person_id",
            params,
        )
        return [Send(row[0], row[1]) for row in rows]

    async def household_refs(self, dtks_ids: Sequence[str]) -> dict[str, HouseholdRef]:
        """The registered households among `dtks_ids`, by DTKS id (thousands read by chunks)."""
        found: dict[str, HouseholdRef] = {}
        for start in range(0, len(dtks_ids), _CHUNK):
            chunk = dtks_ids[start : start + _CHUNK]
            rows = await self._db.fetch_all(
                "SELECT dtks_id, id, region_code, companion_id, active FROM households"
                f" WHERE dtks_id IN ({placeholders(chunk)})",
                tuple(chunk),
            )
            found.update({row[0]: HouseholdRef(row[1], row[2], row[3], bool(row[4])) for row in rows})
        return found
