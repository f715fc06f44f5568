"""Flagged visits waiting for coordinators, their review, and coordinate proposals waiting for
admins: what the alert job picks up and what the review buttons store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import VisitFlag
from storage.audit import record_audit
from storage.database import Database, Row, placeholders

_FLAGGED_VISIT = (
    "SELECT v.id AS visit_id, v.household_id, h.head_name, h.dtks_id, h.desa, v.region_code, v.companion_id,"
    " p.full_name AS companion_name, p.telegram_user_id AS companion_telegram_id,"
    " v.started_at AS visited_at,"
    " v.verdict, v.distance_m, v.latitude, v.longitude, v.review_status, v.note, v.voice_note_path,"
    " (SELECT COUNT(*) FROM photos ph WHERE ph.visit_id = v.id) AS photo_count"
    " FROM visits v JOIN households h ON h.id = v.household_id JOIN people p ON p.id = v.companion_id"
)


@dataclass(frozen=True)
class FlaggedVisit:
    visit_id: int
    household_id: int
    head_name: str
    dtks_id: str
    desa: str | None
    region_code: str
    companion_id: int
    companion_name: str
    companion_telegram_id: int | None
    visited_at: int  # the location's date
    verdict: str
    distance_m: float | None
    latitude: float
    longitude: float
    review_status: str | None
    note: str | None
    voice_note_path: str | None
    photo_count: int
    flags: tuple[VisitFlag, ...]


@dataclass(frozen=True)
class StoredPhoto:
    file_id: str
    path: str


@dataclass(frozen=True)
class ProposalNotice:
    proposal_id: int
    household_id: int
    head_name: str
    dtks_id: str
    region_code: str
    proposer_name: str
    latitude: float
    longitude: float
    accuracy_m: float | None
    reason: str
    current_latitude: float | None
    current_longitude: float | None


class ReviewRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def unalerted_flagged(self, since: int, quiet: Sequence[str] = ()) -> list[FlaggedVisit]:
        """Flagged visits reported since `since` that coordinators have not been told of, oldest
        first; a visit whose only flags are `quiet` ones waits for the digest instead."""
        rows = await self._db.fetch_all(
            f"{_FLAGGED_VISIT} WHERE v.alerted_at IS NULL AND v.reported_at >= ?"
            " AND EXISTS (SELECT 1 FROM visit_flags f WHERE f.visit_id = v.id"
            f" AND f.flag NOT IN ({placeholders(quiet)})) ORDER BY v.id",
            (since, *quiet),
        )
        return await self._with_flags(rows)

    async def flagged_visit(self, visit_id: int) -> FlaggedVisit | None:
        """A visit with at least one flag (only those are up for review)."""
        rows = await self._db.fetch_all(
            f"{_FLAGGED_VISIT} WHERE v.id = ? AND EXISTS (SELECT 1 FROM visit_flags f WHERE f.visit_id = v.id)",
            (visit_id,),
        )
        found = await self._with_flags(rows)
        return found[0] if found else None

    async def mark_alerted(self, visit_ids: list[int], at: int) -> None:
        if visit_ids:
            await self._db.execute(
                f"UPDATE visits SET alerted_at = ? WHERE id IN ({placeholders(visit_ids)}) AND alerted_at IS NULL",
                (at, *visit_ids),
            )

    async def review(self, visit_id: int, *, status: str, reason: str | None, reviewer_id: int, at: int) -> bool:
        """Store a coordinator's review of a visit, audited; False if it was reviewed before."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE visits SET review_status = ?, review_reason = ?, reviewed_by = ?, reviewed_at = ?"
                " WHERE id = ? AND review_status IS NULL",
                (status, reason, reviewer_id, at, visit_id),
            )
            if cursor.rowcount != 1:
                return False
            await record_audit(
                conn,
                at=at,
                actor_id=reviewer_id,
                action="review",
                entity="visit",
                entity_id=visit_id,
                new={"review_status": status, "review_reason": reason},
            )
        return True

    async def reviewer_name(self, visit_id: int) -> str | None:
        name = await self._db.fetch_value(
            "SELECT p.full_name FROM visits v JOIN people p ON p.id = v.reviewed_by WHERE v.id = ?", (visit_id,)
        )
        return None if name is None else str(name)

    async def photos(self, visit_id: int) -> list[StoredPhoto]:
        rows = await self._db.fetch_all("SELECT file_id, path FROM photos WHERE visit_id = ? ORDER BY id", (visit_id,))
        return [StoredPhoto(row[0], row[1]) for row in rows]

    async def unnotified_proposals(self) -> list[ProposalNotice]:
        rows = await self._db.fetch_all(
            "SELECT c.id, c.household_id, h.head_name, h.dtks_id, h.region_code, p.full_name,"
            " c.latitude, c.longitude, c.accuracy_m, c.reason, h.latitude, h.longitude"
            " FROM coordinate_proposals c JOIN households h ON h.id = c.household_id"
            " JOIN people p ON p.id = c.proposed_by"
            " WHERE c.status = 'pending' AND c.notified_at IS NULL ORDER BY c.id"
        )
        return [ProposalNotice(*row) for row in rows]

    async def mark_proposal_notified(self, proposal_id: int, at: int) -> None:
        await self._db.execute(
            "UPDATE coordinate_proposals SET notified_at = ? WHERE id = ? AND notified_at IS NULL", (at, proposal_id)
        )

    async def _with_flags(self, rows: list[Row]) -> list[FlaggedVisit]:
        ids = [row["visit_id"] for row in rows]
        flags: dict[int, list[VisitFlag]] = {visit_id: [] for visit_id in ids}
        if ids:
            for flag in await self._db.fetch_all(
                f"SELECT * FROM visit_flags WHERE visit_id IN ({placeholders(ids)}) ORDER BY flag, related_visit_id",
                ids,
            ):
                flags[flag["visit_id"]].append(VisitFlag(flag["flag"], flag["detail"], flag["related_visit_id"]))
        return [FlaggedVisit(**dict(row), flags=tuple(flags[row["visit_id"]])) for row in rows]
