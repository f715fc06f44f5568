"""Rows for exports and maps, streamed from the database rather than loaded at once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from storage.audit import record_audit
from storage.database import FLAG_ITEMS, Database, placeholders


@dataclass(frozen=True)
class ExportedVisit:
    visit_id: int
    dtks_id: str
    kk_number: str | None
    head_nik: str | None
    head_name: str
    region_code: str
    companion_name: str
    started_at: int
    reported_at: int
    latitude: float
    longitude: float
    accuracy_m: float | None
    distance_m: float | None
    verdict: str
    flags: str | None  # comma-separated flag items (see `FLAG_ITEMS`)
    conditions: str  # JSON object
    review_status: str | None
    review_reason: str | None
    reviewer_name: str | None
    reviewed_at: int | None
    note: str | None
    voice_note_path: str | None


@dataclass(frozen=True)
class MapHousehold:
    household_id: int
    dtks_id: str
    head_name: str
    region_code: str
    desa: str | None
    latitude: float
    longitude: float
    last_visit_at: int | None
    status: str | None  # a field update's status ('moved', 'not_found', …), none in the programme


class ExportRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def visits(
        self,
        regions: Sequence[str],
        start: int,
        end: int,
        limit: int | None = None,
    ) -> AsyncIterator[ExportedVisit]:
        """Visits made in [start, end) (visit time: the location's date) in the regions, in visit
        order (the first `limit`)."""
        rows = self._db.iterate(
            "SELECT v.id, h.dtks_id, h.kk_number, h.head_nik, h.head_name, v.region_code, p.full_name,"
            " v.started_at, v.reported_at, v.latitude, v.longitude, v.accuracy_m, v.distance_m, v.verdict,"
            f" {FLAG_ITEMS}, v.conditions, v.review_status, v.review_reason, r.full_name, v.reviewed_at,"
            " v.note, v.voice_note_path"
            " FROM visits v JOIN households h ON h.id = v.household_id JOIN people p ON p.id = v.companion_id"
            " LEFT JOIN people r ON r.id = v.reviewed_by"
            f" WHERE v.region_code IN ({placeholders(regions)}) AND v.started_at >= ? AND v.started_at < ?"
            " ORDER BY v.started_at, v.id LIMIT ?",
            (*regions, start, end, -1 if limit is None else limit),
        )
        async for row in rows:
            yield ExportedVisit(*tuple(row))

    async def record_export(
        self, actor_id: int, at: int, *, regions: Sequence[str], start: int, end: int, rows: int, full_numbers: bool
    ) -> None:
        """Audit one /ekspor: who took which visits, and whether with the full NIK/KK numbers."""
        async with self._db.transaction() as conn:
            await record_audit(
                conn,
                at=at,
                actor_id=actor_id,
                action="export",
                entity="visits",
                entity_id=None,
                new={
                    "regions": list(regions),
                    "from": start,
                    "to": end,
                    "rows": rows,
                    "full_numbers": full_numbers,
                },
            )

    async def households(self, regions: Sequence[str], limit: int) -> AsyncIterator[MapHousehold]:
        """Households with coordinates in the regions, with their last visit: the active ones, and
        those a field update took out of the programme (moved, graduated, deceased)."""
        rows = self._db.iterate(
            "SELECT h.id, h.dtks_id, h.head_name, h.region_code, h.desa, h.latitude, h.longitude,"
            " (SELECT MAX(v.started_at) FROM visits v WHERE v.household_id = h.id), h.status"
            f" FROM households h WHERE (h.active = 1 OR h.status IS NOT NULL) AND h.latitude IS NOT NULL"
            f" AND h.region_code IN ({placeholders(regions)}) ORDER BY h.id LIMIT ?",
            (*regions, limit),
        )
        async for row in rows:
            yield MapHousehold(*tuple(row))
