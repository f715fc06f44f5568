"""Spreadsheet imports of households: staged dry runs, then one all-or-nothing apply.

A dry run writes the valid rows to `import_rows` in batches; what they would change is worked
out in SQL against the register, so 645,000 rows never sit in memory. Applying is one
transaction: every changed household is audited with its old and new values, then the rows
are upserted by DTKS id. Rows that equal the register change nothing, so re-importing the
same file is harmless; an empty cell leaves the register's value as it is.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storage.audit import record_audit
from storage.clock import Clock
from storage.database import Database, Dialect, Row, Transaction, Variants, WriteInterrupted

# Household columns a file may carry besides the DTKS id, in `import_rows` order.
IMPORT_COLUMNS = (
    "kk_number",
    "head_nik",
    "head_name",
    "address",
    "region_code",
    "kecamatan",
    "desa",
    "latitude",
    "longitude",
    "companion_id",
)
StagedRow = tuple[
    int,
    str,
    str | None,
    str | None,
    str,
    str | None,
    str,
    str | None,
    str | None,
    float | None,
    float | None,
    int | None,
]


@dataclass(frozen=True)
class ImportSummary:
    import_id: int
    created_by: int
    file_name: str
    status: str
    new: int
    updated: int
    unchanged: int
    invalid: int


@dataclass(frozen=True)
class InterruptedRead:
    import_id: int
    created_by: int
    file_name: str
    last_row: int  # the last row staged (1 when none was)


class ApplyInterrupted(Exception):
    """An apply was interrupted (the bot is stopping) and rolled back: nothing changed."""


class ImportRepository:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._applying = 0  # applies under way, some perhaps still waiting for the write lock
        self._apply_writing = False  # an apply holds the write transaction (what runs there is its)

    async def start(self, created_by: int, file_name: str, columns: Sequence[str] = ()) -> int:
        """Open a new dry run, unread until `finish`; the admin's earlier dry runs that were never
        applied are dropped."""
        _check_columns(columns)
        now = self._clock.now()
        async with self._db.transaction() as conn:
            await conn.execute(
                "DELETE FROM import_rows WHERE import_id IN"
                " (SELECT id FROM import_batches WHERE created_by = ? AND status = 'pending')",
                (created_by,),
            )
            await conn.execute(
                "UPDATE import_batches SET status = 'discarded', decided_at = ?"
                " WHERE created_by = ? AND status = 'pending'",
                (now, created_by),
            )
            return int(
                await conn.fetch_value(
                    "INSERT INTO import_batches (created_by, created_at, file_name, columns) VALUES (?, ?, ?, ?)"
                    " RETURNING id",
                    (created_by, now, file_name, json.dumps(list(columns))),
                )
            )

    async def set_columns(self, import_id: int, columns: Sequence[str]) -> None:
        """The household columns the file has (known once its header is read)."""
        _check_columns(columns)
        await self._db.execute(
            "UPDATE import_batches SET columns = ? WHERE id = ?", (json.dumps(list(columns)), import_id)
        )

    async def add_rows(self, import_id: int, rows: Sequence[StagedRow]) -> None:
        """Stage one batch of valid rows: (row number, dtks id, *IMPORT_COLUMNS)."""
        async with self._db.transaction() as conn:
            await conn.executemany(
                f"INSERT INTO import_rows (import_id, row_number, dtks_id, {', '.join(IMPORT_COLUMNS)})"
                f" VALUES ({import_id}, ?, ?, {', '.join('?' for _ in IMPORT_COLUMNS)})",
                rows,
            )

    async def finish(self, import_id: int, total_rows: int, invalid_rows: int) -> ImportSummary:
        """Record the file's counts (it is read) and return what applying it would do."""
        await self._db.execute(
            "UPDATE import_batches SET total_rows = ?, invalid_rows = ?, read_at = ? WHERE id = ?",
            (total_rows, invalid_rows, self._clock.now(), import_id),
        )
        summary = await self.summary(import_id)
        assert summary is not None
        return summary

    async def summary(self, import_id: int) -> ImportSummary | None:
        batch = await self._db.fetch_one("SELECT * FROM import_batches WHERE id = ?", (import_id,))
        if batch is None:
            return None
        columns = json.loads(batch["columns"])
        row = await self._db.fetch_one(_COUNTS_SQL.format(changed=_changed(columns)), (import_id,))
        return _summary(batch, row)

    async def press_apply(self, import_id: int, actor_id: int) -> None:
        """Note that `actor_id` pressed Apply on their pending import (see `interrupted_applies`)."""
        await self._db.execute(
            "UPDATE import_batches SET apply_pressed_at = ? WHERE id = ? AND created_by = ? AND status = 'pending'",
            (self._clock.now(), import_id, actor_id),
        )

    async def answered_apply(self, import_id: int) -> None:
        """The admin was told how their Apply went."""
        await self._db.execute("UPDATE import_batches SET apply_pressed_at = NULL WHERE id = ?", (import_id,))

    async def interrupted_reads(self) -> list[InterruptedRead]:
        """Dry runs whose file was still being read when the bot stopped or crashed."""
        rows = await self._db.fetch_all(
            "SELECT b.id, b.created_by, b.file_name,"
            " (SELECT MAX(row_number) FROM import_rows r WHERE r.import_id = b.id) AS last_row"
            " FROM import_batches b WHERE b.status = 'pending' AND b.read_at IS NULL ORDER BY b.id"
        )
        return [InterruptedRead(int(row[0]), int(row[1]), str(row[2]), int(row[3] or 1)) for row in rows]

    async def interrupted_applies(self) -> list[ImportSummary]:
        """Imports whose Apply was pressed and not answered (the bot died in between)."""
        ids = await self._db.fetch_all("SELECT id FROM import_batches WHERE apply_pressed_at IS NOT NULL ORDER BY id")
        summaries = [await self.summary(int(row[0])) for row in ids]
        return [summary for summary in summaries if summary is not None]

    async def apply(self, import_id: int, actor_id: int) -> ImportSummary | None:
        """Apply a pending dry run of `actor_id` in one transaction; None when it is not pending any
        more, is older than a day (the register may have changed since: check the file again), or
        is another admin's (a forged button). `ApplyInterrupted` when `interrupt_apply` stopped it."""
        self._applying += 1
        try:
            summary = await self._apply(import_id, actor_id)
        except WriteInterrupted:
            raise ApplyInterrupted from None
        finally:
            self._applying -= 1
        if summary is not None:
            await self._db.refresh_statistics(_APPLY_WRITES)
        return summary

    async def interrupt_apply(self) -> None:
        """Stop a running apply (all of a million rows take longer than the unit's stop timeout):
        it rolls back, and `interrupted_applies` tells its admin at the next start. An interrupt
        between two statements is lost, so it is repeated until the apply is over."""
        while self._applying:
            if self._apply_writing:  # not before: another handler's write would be the one aborted
                await self._db.interrupt_writes()
            await asyncio.sleep(INTERRUPT_EVERY_S)

    async def _apply(self, import_id: int, actor_id: int) -> ImportSummary | None:
        now = self._clock.now()
        async with self._db.transaction() as conn:
            self._apply_writing = True
            try:
                return await self._apply_in(conn, import_id, actor_id, now)
            finally:
                self._apply_writing = False  # the COMMIT is never interrupted

    async def _apply_in(self, conn: Transaction, import_id: int, actor_id: int, now: int) -> ImportSummary | None:
        batch = await conn.fetch_one(
            "SELECT * FROM import_batches WHERE id = ? AND created_by = ? AND status = 'pending'"
            " AND read_at IS NOT NULL AND created_at >= ?",
            (import_id, actor_id, now - DRY_RUN_VALID_S),
        )
        if batch is None:
            return None
        # A companion deactivated since the dry run gets no households.
        await conn.execute(
            "UPDATE import_rows SET companion_id = NULL WHERE import_id = ? AND companion_id IS NOT NULL"
            " AND companion_id NOT IN (SELECT id FROM people WHERE active = 1 AND role = 'companion')",
            (import_id,),
        )
        columns = json.loads(batch["columns"])
        changed = _changed(columns)
        counts = await conn.fetch_one(_COUNTS_SQL.format(changed=changed), (import_id,))
        await _audit_updates(conn, self._db.dialect, import_id, columns, changed, now, actor_id)
        await conn.execute(_upsert_sql(columns), (now, now, import_id))
        await conn.execute("DELETE FROM import_rows WHERE import_id = ?", (import_id,))
        await conn.execute(
            "UPDATE import_batches SET status = 'applied', decided_at = ? WHERE id = ?", (now, import_id)
        )
        summary = _summary({**dict(batch), "status": "applied"}, counts)
        await record_audit(
            conn,
            at=now,
            actor_id=actor_id,
            action="apply",
            entity="import",
            entity_id=import_id,
            new={
                "file": summary.file_name,
                "new": summary.new,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "invalid": summary.invalid,
            },
        )
        return summary

    async def discard(self, import_id: int, by: int | None = None) -> bool:
        """Drop a pending dry run (only `by`'s, when given); False when there was none to drop."""
        async with self._db.transaction() as conn:
            discarded = await conn.execute(
                "UPDATE import_batches SET status = 'discarded', decided_at = ? WHERE id = ? AND status = 'pending'"
                " AND created_by = COALESCE(?, created_by)",
                (self._clock.now(), import_id, by),
            )
            if discarded == 0:
                return False
            await conn.execute("DELETE FROM import_rows WHERE import_id = ?", (import_id,))
            return True


def _check_columns(columns: Sequence[str]) -> None:
    unknown = set(columns) - set(IMPORT_COLUMNS)
    if unknown:
        raise ValueError(f"not household columns: {sorted(unknown)}")


_COUNTS_SQL = (
    "SELECT COUNT(*) FILTER (WHERE h.id IS NULL) AS new,"
    " COUNT(*) FILTER (WHERE h.id IS NOT NULL AND ({changed})) AS updated,"
    " COUNT(*) FILTER (WHERE h.id IS NOT NULL AND NOT ({changed})) AS unchanged"
    " FROM import_rows r LEFT JOIN households h ON h.dtks_id = r.dtks_id WHERE r.import_id = ?"
)


DRY_RUN_VALID_S = 24 * 3600
INTERRUPT_EVERY_S = 0.05
# What an apply writes in bulk: the planner is told afterwards (`Database.refresh_statistics`).
_APPLY_WRITES = ("households", "audit_log", "import_rows")


def _changed(columns: Sequence[str], old: str = "h", new: str = "r") -> str:
    """SQL that is true when a staged row gives a value that differs from the household's
    in one of `columns` (an empty cell gives none)."""
    return (
        " OR ".join(
            f"({new}.{column} IS NOT NULL AND {old}.{column} IS DISTINCT FROM {new}.{column})" for column in columns
        )
        or "FALSE"
    )


def _upsert_sql(columns: Sequence[str]) -> str:
    source = "CASE WHEN r.latitude IS NULL THEN NULL ELSE 'import' END"
    # An empty cell keeps the register's value: an export without, say, companions must not
    # wipe the assignments made in the bot. Columns the file lacks are not touched at all.
    updates = [f"{column} = COALESCE(excluded.{column}, households.{column})" for column in columns]
    if "region_code" in columns:
        # A household moved to another kabupaten/kota without a companion named loses the old
        # one: a companion works in one region only.
        updates = [update for update in updates if not update.startswith("companion_id ")]
        updates.append(
            "companion_id = CASE WHEN excluded.companion_id IS NOT NULL THEN excluded.companion_id"
            " WHEN excluded.region_code IS DISTINCT FROM households.region_code THEN NULL"
            " ELSE households.companion_id END"
        )
    if "latitude" in columns:
        updates.append(
            "coordinates_source = CASE WHEN excluded.latitude IS NULL OR (excluded.latitude = households.latitude"
            " AND excluded.longitude = households.longitude) THEN households.coordinates_source ELSE 'import' END"
        )
    return (
        f"INSERT INTO households (dtks_id, {', '.join(IMPORT_COLUMNS)}, coordinates_source, created_at,"
        f" updated_at) SELECT r.dtks_id, {', '.join('r.' + c for c in IMPORT_COLUMNS)}, {source}, ?, ?"
        " FROM import_rows r WHERE r.import_id = ? ORDER BY r.row_number"
        f" ON CONFLICT (dtks_id) DO UPDATE SET {', '.join(updates)}, updated_at = excluded.updated_at"
        f" WHERE {_changed(columns, 'households', 'excluded')}"
    )


# A row's values as a JSON object text (the audit's old and new values).
_JSON_OBJECT = Variants(sqlite="json_object({pairs})", postgres="json_build_object({pairs})::text")


async def _audit_updates(
    conn: Transaction,
    dialect: Dialect,
    import_id: int,
    columns: Sequence[str],
    changed: str,
    now: int,
    actor_id: int,
) -> None:
    def as_json(alias: str) -> str:
        pairs = ", ".join(f"'{column}', {alias}.{column}" for column in columns)
        return _JSON_OBJECT[dialect].format(pairs=pairs)

    await conn.execute(
        "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, old_value, new_value)"
        f" SELECT ?, ?, 'import_update', 'household', CAST(h.id AS TEXT), {as_json('h')}, {as_json('r')}"
        f" FROM import_rows r JOIN households h ON h.dtks_id = r.dtks_id WHERE r.import_id = ? AND ({changed})",
        (now, actor_id, import_id),
    )


def _summary(batch: Mapping[str, Any] | Row, counts: Row | None) -> ImportSummary:
    return ImportSummary(
        import_id=int(batch["id"]),
        created_by=int(batch["created_by"]),
        file_name=str(batch["file_name"]),
        status=str(batch["status"]),
        new=int(counts["new"]) if counts else 0,
        updated=int(counts["updated"]) if counts else 0,
        unchanged=int(counts["unchanged"]) if counts else 0,
        invalid=int(batch["invalid_rows"]),
    )
