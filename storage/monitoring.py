"""What the office's dashboard reads: the register and the recent visits in bulk for its
in-memory index (`bot/monitoring/register.py`), what changed since its last look, and the
details a click opens (a household, a visit, a photo, the review queue, today's reports).

The bulk reads run on a reader connection of their own, so the seconds they take at start (and
at every full refresh) never hold up the reads of the chat. Which rows a person may see is
decided above (`bot.monitoring`, `bot.decisions`): every query here takes the regions to read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from storage.audit import record_audit
from storage.clock import Clock
from storage.database import FLAG_ITEMS, Database, Reader, Row, placeholders

_FLAGGED = "EXISTS (SELECT 1 FROM visit_flags f WHERE f.visit_id = v.id)"
# Columns of a household as the index keeps it.
_HOUSEHOLD = (
    "SELECT h.id, h.latitude, h.longitude, h.region_code, COALESCE(h.kecamatan, ''), COALESCE(h.desa, ''),"
    " COALESCE(h.companion_id, 0), h.active, h.created_at, h.updated_at FROM households h"
)
# Columns of a visit as the index keeps it.
_VISIT = (
    "SELECT v.id, v.household_id, v.companion_id, v.started_at, v.verdict, v.live, COALESCE(v.dwell_s, -1),"
    " COALESCE({flags}, ''), COALESCE(v.review_status, ''), v.latitude, v.longitude FROM visits v"
)
# Rows handed over at a time by the bulk reads: the index converts each chunk before the next
# arrives, so the rows of the whole register never sit in memory at once.
CHUNK = 20_000


@dataclass(frozen=True)
class VisitLine:
    """A report as the dashboard lists it (today's reports, the review queue, a household's)."""

    visit_id: int
    household_id: int
    dtks_id: str
    head_name: str
    region_code: str
    kecamatan: str | None
    desa: str | None
    companion_id: int
    companion_name: str
    started_at: int
    verdict: str
    distance_m: float | None
    live: bool
    latitude: float
    longitude: float
    flags: str | None  # comma-separated flag items (see `FLAG_ITEMS`)
    review_status: str | None
    photo_ids: tuple[int, ...]


@dataclass(frozen=True)
class VisitDetail:
    line: VisitLine
    accuracy_m: float | None
    dwell_s: int | None
    max_distance_m: float | None
    conditions: str  # JSON object
    note: str | None
    has_voice: bool
    review_reason: str | None
    reviewer_name: str | None
    reviewed_at: int | None
    track: tuple[tuple[int, float, float], ...]  # (time, latitude, longitude)


@dataclass(frozen=True)
class HouseholdDetail:
    household_id: int
    dtks_id: str
    head_name: str
    kk_number: str | None
    head_nik: str | None
    address: str | None
    region_code: str
    kecamatan: str | None
    desa: str | None
    latitude: float | None
    longitude: float | None
    active: bool
    companion_name: str | None


@dataclass(frozen=True)
class StoredFile:
    """A photo or voice note, and the region of the visit it belongs to (who may see it)."""

    path: str
    region_code: str


class MonitoringQueries:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._bulk: Reader | None = None
        self._details: Reader | None = None
        self._flags = FLAG_ITEMS[db.dialect]
        self._visit = _VISIT.format(flags=self._flags)

    def now(self) -> int:
        """The clock that stamps the households' `updated_at` (the index's watermark)."""
        return self._clock.now()

    async def _reader(self) -> Reader:
        if self._bulk is None:
            self._bulk = await self._db.own_reader()
        return self._bulk

    async def _fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """A dashboard's look-up, on a reader of its own: the chat's reads never wait behind it,
        nor it behind the index's long readings."""
        if self._details is None:
            self._details = await self._db.own_reader()
        return await self._details.fetch_all(sql, params)

    async def _fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = await self._fetch_all(sql, params)
        return rows[0] if rows else None

    async def _chunks(self, sql: str, params: Sequence[Any] = ()) -> AsyncIterator[list[Row]]:
        chunk: list[Row] = []
        async for row in (await self._reader()).iterate(sql, params, CHUNK):
            chunk.append(row)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    async def _bulk_rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await (await self._reader()).fetch_all(sql, params)

    # ── Bulk reads of the index ────────────────────────────────────────────
    def households(self, updated_from: int = 0) -> AsyncIterator[list[Row]]:
        """Every household (with coordinates or not, active or not) changed at or after
        `updated_from`, in id order: (id, latitude, longitude, region, kecamatan, desa, companion,
        active, created_at, updated_at)."""
        if not updated_from:
            return self._chunks(f"{_HOUSEHOLD} ORDER BY h.id")
        return self._chunks(f"{_HOUSEHOLD} WHERE h.updated_at >= ? ORDER BY h.id", (updated_from,))

    def last_visits(self) -> AsyncIterator[list[Row]]:
        """(household id, time of its last visit) of every household ever visited: one pass over
        the (household, visit time) index."""
        return self._chunks("SELECT household_id, MAX(started_at) FROM visits GROUP BY household_id")

    def visits_from(self, regions: Sequence[str], start: int) -> AsyncIterator[list[Row]]:
        """Every visit made since `start`, through the (region, visit time) index: (id, household,
        companion, started_at, verdict, live, dwell_s or -1, flag items, review status or '',
        latitude, longitude), in no particular order."""
        return self._chunks(
            # In index order, not id order: the index sorts them (a sort here would spill to disk).
            f"{self._visit} WHERE v.region_code IN ({placeholders(regions)}) AND v.started_at >= ?",
            (*regions, start),
        )

    def visits_after(self, visit_id: int) -> AsyncIterator[list[Row]]:
        """Visits stored after `visit_id` (the index's last look), by primary key."""
        return self._chunks(f"{self._visit} WHERE v.id > ? ORDER BY v.id", (visit_id,))

    async def flags_put_back(self, visit_id: int) -> list[Row]:
        """(visit id, flag) of the flags that reports stored after `visit_id` put on reports up to
        it (impossible travel names the later report): what the index's last look could not see."""
        return await self._bulk_rows(
            "SELECT visit_id, flag FROM visit_flags WHERE related_visit_id > ? AND visit_id <= ?",
            (visit_id, visit_id),
        )

    async def reviews_after(self, audit_id: int) -> list[Row]:
        """(audit id, visit id, review status) of reviews stored since the audit entry `audit_id`."""
        return await self._bulk_rows(
            "SELECT id, CAST(entity_id AS BIGINT), new_value FROM audit_log"
            " WHERE id > ? AND action = 'review' AND entity = 'visit' ORDER BY id",
            (audit_id,),
        )

    async def last_audit_id(self) -> int:
        return int((await self._fetch_all("SELECT COALESCE(MAX(id), 0) FROM audit_log"))[0][0])

    # ── Details ────────────────────────────────────────────────────────────
    async def household(self, household_id: int) -> HouseholdDetail | None:
        row = await self._fetch_one(
            "SELECT h.id, h.dtks_id, h.head_name, h.kk_number, h.head_nik, h.address, h.region_code, h.kecamatan,"
            " h.desa, h.latitude, h.longitude, h.active, p.full_name"
            " FROM households h LEFT JOIN people p ON p.id = h.companion_id WHERE h.id = ?",
            (household_id,),
        )
        if row is None:
            return None
        values = list(row)
        values[11] = bool(values[11])
        return HouseholdDetail(*values)

    async def lines(self, where: str, params: Sequence[Any], order: str, limit: int) -> list[VisitLine]:
        rows = await self._fetch_all(
            "SELECT v.id, v.household_id, h.dtks_id, h.head_name, v.region_code, h.kecamatan, h.desa,"
            " v.companion_id, p.full_name, v.started_at, v.verdict, v.distance_m, v.live, v.latitude, v.longitude,"
            f" {self._flags}, v.review_status"
            " FROM visits v JOIN households h ON h.id = v.household_id JOIN people p ON p.id = v.companion_id"
            f" WHERE {where} ORDER BY {order} LIMIT ?",
            (*params, limit),
        )
        photos = await self._photo_ids([row[0] for row in rows])
        return [
            VisitLine(
                visit_id=row[0],
                household_id=row[1],
                dtks_id=row[2],
                head_name=row[3],
                region_code=row[4],
                kecamatan=row[5],
                desa=row[6],
                companion_id=row[7],
                companion_name=row[8],
                started_at=row[9],
                verdict=row[10],
                distance_m=row[11],
                live=bool(row[12]),
                latitude=row[13],
                longitude=row[14],
                flags=row[15],
                review_status=row[16],
                photo_ids=tuple(photos.get(row[0], ())),
            )
            for row in rows
        ]

    async def visits_of_household(self, household_id: int, limit: int) -> list[VisitLine]:
        return await self.lines("v.household_id = ?", (household_id,), "v.started_at DESC, v.id DESC", limit)

    async def visits_by_id(self, visit_ids: Sequence[int]) -> list[VisitLine]:
        if not visit_ids:
            return []
        return await self.lines(
            f"v.id IN ({placeholders(visit_ids)})", tuple(visit_ids), "v.started_at DESC, v.id DESC", len(visit_ids)
        )

    async def visit(self, visit_id: int) -> VisitDetail | None:
        lines = await self.visits_by_id([visit_id])
        if not lines:
            return None
        row = await self._fetch_one(
            "SELECT v.accuracy_m, v.dwell_s, v.max_distance_m, v.conditions, v.note, v.voice_note_path IS NOT NULL,"
            " v.review_reason, r.full_name, v.reviewed_at FROM visits v LEFT JOIN people r ON r.id = v.reviewed_by"
            " WHERE v.id = ?",
            (visit_id,),
        )
        assert row is not None
        track = await self._fetch_all(
            "SELECT recorded_at, latitude, longitude FROM visit_track WHERE visit_id = ? ORDER BY recorded_at",
            (visit_id,),
        )
        return VisitDetail(
            lines[0],
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            bool(row[5]),
            row[6],
            row[7],
            row[8],
            tuple((point[0], point[1], point[2]) for point in track),
        )

    async def photo(self, photo_id: int) -> StoredFile | None:
        row = await self._fetch_one(
            "SELECT ph.path, v.region_code FROM photos ph JOIN visits v ON v.id = ph.visit_id WHERE ph.id = ?",
            (photo_id,),
        )
        return None if row is None else StoredFile(row[0], row[1])

    async def voice_note(self, visit_id: int) -> StoredFile | None:
        row = await self._fetch_one(
            "SELECT voice_note_path, region_code FROM visits WHERE id = ? AND voice_note_path IS NOT NULL",
            (visit_id,),
        )
        return None if row is None else StoredFile(row[0], row[1])

    async def last_reports(self, companion_ids: Sequence[int]) -> dict[int, int]:
        """Companion id → time of their last visit (one look-up each in their own index)."""
        if not companion_ids:
            return {}
        rows = await self._fetch_all(
            "SELECT p.id, (SELECT MAX(v.started_at) FROM visits v WHERE v.companion_id = p.id)"
            f" FROM people p WHERE p.id IN ({placeholders(companion_ids)})",
            tuple(companion_ids),
        )
        return {row[0]: row[1] for row in rows if row[1] is not None}

    async def record_download(self, actor_id: int, at: int, *, what: str, regions: Sequence[str], rows: int) -> None:
        """Audit a table downloaded from the dashboard, as /ekspor is audited."""
        async with self._db.transaction() as conn:
            await record_audit(
                conn,
                at=at,
                actor_id=actor_id,
                action="export",
                entity=what,
                entity_id=None,
                new={"regions": list(regions), "rows": rows, "full_numbers": False, "via": "dashboard"},
            )

    async def _photo_ids(self, visit_ids: Sequence[int]) -> dict[int, list[int]]:
        if not visit_ids:
            return {}
        found: dict[int, list[int]] = {}
        for row in await self._fetch_all(
            f"SELECT visit_id, id FROM photos WHERE visit_id IN ({placeholders(visit_ids)}) ORDER BY id",
            tuple(visit_ids),
        ):
            found.setdefault(row[0], []).append(row[1])
        return found
