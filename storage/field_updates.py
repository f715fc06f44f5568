"""Companions' proposed changes of households (field updates), their review, and the field
profile (contact, composition, note) that approved ones write.

A submission stores each of its fields once (its key is the idempotency key) and replaces the
pending proposal of the same field of the same household. Approving applies the change to the
register in the same transaction as the decision, with the value it replaced and the audit log.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from storage.audit import record_audit
from storage.database import Database, Row, placeholders

# What an approved proposal may write (the rules decide which; nothing else is ever a column name).
HOUSEHOLD_COLUMNS = frozenset(
    {"address", "latitude", "longitude", "coordinates_source", "head_name", "head_nik", "kk_number", "status", "active"}
)
PROFILE_COLUMNS = frozenset(
    {
        "phone",
        "members",
        "under_five",
        "school_sd",
        "school_smp",
        "school_sma",
        "pregnant",
        "elderly",
        "disabled",
        "note",
    }
)
_UPDATE = (
    "SELECT f.id, f.household_id, h.head_name, h.dtks_id, h.desa, h.region_code, f.proposed_by,"
    " p.full_name AS proposer_name, p.telegram_user_id AS proposer_telegram_id, f.visit_id,"
    " v.verdict AS visit_verdict, v.distance_m AS visit_distance_m, f.field, f.value, f.status, f.created_at,"
    " f.decided_by, r.full_name AS reviewer_name, f.decided_at, f.reason, f.replaced_by"
    " FROM field_updates f JOIN households h ON h.id = f.household_id JOIN people p ON p.id = f.proposed_by"
    " LEFT JOIN visits v ON v.id = f.visit_id LEFT JOIN people r ON r.id = f.decided_by"
)


def _not_found(alias: str) -> str:
    """The proposal `alias` reports its household not found."""
    return f"{alias}.field = 'status' AND json_extract({alias}.value, '$.kind') = 'not_found'"


@dataclass(frozen=True)
class FieldUpdate:
    """One proposed change, with what a reviewer reads beside it."""

    id: int
    household_id: int
    head_name: str
    dtks_id: str
    desa: str | None
    region_code: str
    proposed_by: int
    proposer_name: str
    proposer_telegram_id: int | None
    visit_id: int | None
    visit_verdict: str | None
    visit_distance_m: float | None
    field: str
    value: Any  # decoded JSON
    status: str  # pending, approved, rejected, replaced
    created_at: int
    decided_by: int | None
    reviewer_name: str | None
    decided_at: int | None
    reason: str | None
    replaced_by: int | None


@dataclass(frozen=True)
class Submitted:
    ids: tuple[int, ...]
    replaced: int  # pending proposals of the same fields it replaced
    created: bool  # False: this submission was stored before (Kirim pressed again)


@dataclass(frozen=True)
class HouseholdProfile:
    phone: str | None
    members: int | None
    under_five: int | None
    school_sd: int | None
    school_smp: int | None
    school_sma: int | None
    pregnant: int | None
    elderly: int | None
    disabled: int | None
    note: str | None
    updated_at: int


@dataclass(frozen=True)
class ApprovedChange:
    """An approved change as the DTKS reconciliation export lists it."""

    update_id: int
    dtks_id: str
    kk_number: str | None
    head_nik: str | None
    head_name: str
    region_code: str
    kecamatan: str | None
    desa: str | None
    field: str
    value: Any
    old_value: dict[str, Any]
    proposer_name: str
    proposed_at: int
    visit_id: int | None
    visit_verdict: str | None
    reviewer_name: str | None
    decided_at: int


@dataclass(frozen=True)
class NotFoundReport:
    """A household reported not found, with how many reports say so (not rejected) until this one."""

    update_id: int
    household_id: int
    head_name: str
    dtks_id: str
    desa: str | None
    region_code: str
    proposer_name: str
    reports: int
    first_at: int
    created_at: int


def _update(row: Row) -> FieldUpdate:
    return FieldUpdate(**{**dict(row), "value": json.loads(row["value"])})


class FieldUpdateRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def submit(
        self,
        *,
        household_id: int,
        proposed_by: int,
        visit_id: int | None,
        submission: str,
        changes: Sequence[tuple[str, Any]],
        at: int,
    ) -> Submitted:
        """Store the submission's changes in one transaction, each replacing the pending proposal of
        its field; a submission stored before is not stored again (its ids are returned)."""
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT id FROM field_updates WHERE submission = ? ORDER BY id", (submission,)
            ) as cur:
                existing = [row[0] for row in await cur.fetchall()]
            if existing:
                return Submitted(tuple(existing), 0, created=False)
            ids, replaced = [], 0
            for name, value in changes:
                cursor = await conn.execute(
                    "INSERT INTO field_updates (household_id, proposed_by, visit_id, submission, field, value,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (household_id, proposed_by, visit_id, submission, name, json.dumps(value, ensure_ascii=False), at),
                )
                new_id = int(cursor.lastrowid or 0)
                cursor = await conn.execute(
                    "UPDATE field_updates SET status = 'replaced', replaced_by = ?"
                    " WHERE household_id = ? AND field = ? AND status = 'pending' AND id != ?",
                    (new_id, household_id, name, new_id),
                )
                ids.append(new_id)
                replaced += cursor.rowcount
        return Submitted(tuple(ids), replaced, created=True)

    async def by_id(self, update_id: int) -> FieldUpdate | None:
        row = await self._db.fetch_one(f"{_UPDATE} WHERE f.id = ?", (update_id,))
        return _update(row) if row else None

    async def unnotified(self) -> list[FieldUpdate]:
        """Pending proposals the reviewers have not been told of, oldest first (a household's
        together)."""
        rows = await self._db.fetch_all(
            f"{_UPDATE} WHERE f.notified_at IS NULL AND f.status = 'pending' ORDER BY f.household_id, f.id"
        )
        return [_update(row) for row in rows]

    async def mark_notified(self, update_ids: Sequence[int], at: int) -> None:
        if update_ids:
            await self._db.execute(
                f"UPDATE field_updates SET notified_at = ? WHERE id IN ({placeholders(update_ids)})"
                " AND notified_at IS NULL",
                (at, *update_ids),
            )

    async def pending(self, regions: Sequence[str] | None) -> list[FieldUpdate]:
        """Pending proposals of households in `regions` (None: every region), oldest first."""
        where = "" if regions is None else f" AND h.region_code IN ({placeholders(regions)})"
        rows = await self._db.fetch_all(
            f"{_UPDATE} WHERE f.status = 'pending'{where} ORDER BY f.id", tuple(regions or ())
        )
        return [_update(row) for row in rows]

    async def approve(
        self, update_id: int, *, reviewer_id: int, at: int, household: dict[str, Any], profile: dict[str, Any]
    ) -> bool:
        """Approve a pending proposal and write its change to the register (audited, with the
        values it replaced kept on the proposal); False if it is no longer pending."""
        assert set(household) <= HOUSEHOLD_COLUMNS and set(profile) <= PROFILE_COLUMNS, "columns named by the rules"
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE field_updates SET status = 'approved', decided_by = ?, decided_at = ?"
                " WHERE id = ? AND status = 'pending'",
                (reviewer_id, at, update_id),
            )
            if cursor.rowcount != 1:
                return False
            async with conn.execute("SELECT household_id FROM field_updates WHERE id = ?", (update_id,)) as cur:
                row = await cur.fetchone()
            assert row is not None, "the update above matched it"
            household_id = int(row[0])
            old: dict[str, Any] = {}
            if household:
                columns = ", ".join(household)
                async with conn.execute(f"SELECT {columns} FROM households WHERE id = ?", (household_id,)) as cur:
                    before = await cur.fetchone()
                old |= dict(before) if before else {}
                await conn.execute(
                    f"UPDATE households SET {', '.join(f'{column} = ?' for column in household)}, updated_at = ?"
                    " WHERE id = ?",
                    (*household.values(), at, household_id),
                )
            if profile:
                columns = ", ".join(profile)
                async with conn.execute(
                    f"SELECT {columns} FROM household_profiles WHERE household_id = ?", (household_id,)
                ) as cur:
                    before = await cur.fetchone()
                old |= dict(before) if before else dict.fromkeys(profile)
                await conn.execute(
                    f"INSERT INTO household_profiles (household_id, {columns}, updated_at)"
                    f" VALUES (?, {placeholders(profile)}, ?) ON CONFLICT (household_id) DO UPDATE SET"
                    f" {', '.join(f'{column} = excluded.{column}' for column in profile)},"
                    " updated_at = excluded.updated_at",
                    (household_id, *profile.values(), at),
                )
            await conn.execute(
                "UPDATE field_updates SET old_value = ? WHERE id = ?",
                (json.dumps(old, ensure_ascii=False, sort_keys=True), update_id),
            )
            await record_audit(
                conn,
                at=at,
                actor_id=reviewer_id,
                action="field_update",
                entity="household",
                entity_id=household_id,
                old=old,
                new={**household, **profile, "field_update": update_id},
            )
        return True

    async def reject(self, update_id: int, *, reviewer_id: int, at: int, reason: str) -> bool:
        """Reject a pending proposal for `reason` (audited); False if it is no longer pending."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE field_updates SET status = 'rejected', decided_by = ?, decided_at = ?, reason = ?"
                " WHERE id = ? AND status = 'pending'",
                (reviewer_id, at, reason, update_id),
            )
            if cursor.rowcount != 1:
                return False
            await record_audit(
                conn,
                at=at,
                actor_id=reviewer_id,
                action="field_update_rejected",
                entity="field_update",
                entity_id=update_id,
                new={"reason": reason},
            )
        return True

    async def profile(self, household_id: int) -> HouseholdProfile | None:
        row = await self._db.fetch_one(
            "SELECT phone, members, under_five, school_sd, school_smp, school_sma, pregnant, elderly, disabled,"
            " note, updated_at FROM household_profiles WHERE household_id = ?",
            (household_id,),
        )
        return HouseholdProfile(*row) if row else None

    async def pending_count(self, household_id: int) -> int:
        return int(
            await self._db.fetch_value(
                "SELECT COUNT(*) FROM field_updates WHERE household_id = ? AND status = 'pending'", (household_id,)
            )
        )

    async def approved(self, regions: Sequence[str], start: int, end: int) -> AsyncIterator[ApprovedChange]:
        """Changes approved in [start, end) of households in the regions, in the order decided."""
        rows = self._db.iterate(
            "SELECT f.id AS update_id, h.dtks_id, h.kk_number, h.head_nik, h.head_name, h.region_code, h.kecamatan,"
            " h.desa, f.field, f.value, f.old_value, p.full_name AS proposer_name, f.created_at AS proposed_at,"
            " f.visit_id, v.verdict AS visit_verdict, r.full_name AS reviewer_name, f.decided_at"
            " FROM field_updates f JOIN households h ON h.id = f.household_id"
            " JOIN people p ON p.id = f.proposed_by LEFT JOIN people r ON r.id = f.decided_by"
            " LEFT JOIN visits v ON v.id = f.visit_id"
            f" WHERE f.status = 'approved' AND f.decided_at >= ? AND f.decided_at < ?"
            f" AND h.region_code IN ({placeholders(regions)}) ORDER BY f.decided_at, f.id",
            (start, end, *regions),
        )
        async for row in rows:
            yield ApprovedChange(
                **{**dict(row), "value": json.loads(row["value"]), "old_value": json.loads(row["old_value"] or "{}")}
            )

    async def record_export(
        self, actor_id: int, at: int, *, regions: Sequence[str], start: int, end: int, rows: int, full_numbers: bool
    ) -> None:
        """Audit one export of approved changes, as /ekspor's: who, which regions and dates, and
        whether with the full NIK/KK numbers."""
        async with self._db.transaction() as conn:
            await record_audit(
                conn,
                at=at,
                actor_id=actor_id,
                action="export",
                entity="field_updates",
                entity_id=None,
                new={"regions": list(regions), "from": start, "to": end, "rows": rows, "full_numbers": full_numbers},
            )

    async def uncounted_not_found(self) -> list[NotFoundReport]:
        """'Not found' reports not yet counted towards their household, with the household's
        reports that say so until each (rejected ones do not count)."""
        rows = await self._db.fetch_all(
            "SELECT f.id, f.household_id, h.head_name, h.dtks_id, h.desa, h.region_code, p.full_name,"
            " (SELECT COUNT(*) FROM field_updates e WHERE e.household_id = f.household_id AND e.id <= f.id"
            f"   AND {_not_found('e')} AND e.status != 'rejected'),"
            " (SELECT MIN(e.created_at) FROM field_updates e WHERE e.household_id = f.household_id"
            f"   AND {_not_found('e')} AND e.status != 'rejected'),"
            # The partial index holds only the uncounted 'not found' reports: a handful, however
            # many proposals there are.
            " f.created_at FROM field_updates f INDEXED BY field_updates_uncounted"
            " JOIN households h ON h.id = f.household_id JOIN people p ON p.id = f.proposed_by"
            f" WHERE f.counted_at IS NULL AND {_not_found('f')} AND f.status != 'rejected' ORDER BY f.id"
        )
        return [NotFoundReport(*row) for row in rows]

    async def mark_counted(self, update_id: int, at: int) -> None:
        await self._db.execute(
            "UPDATE field_updates SET counted_at = ? WHERE id = ? AND counted_at IS NULL", (at, update_id)
        )
