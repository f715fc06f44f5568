"""Visit reports with their flags, photos and live-location track."""

from __future__ import annotations

import json
from collections.abc import Sequence

import aiosqlite

from bot.domain import NewPhoto, NewVisit, TrackedReport, TrackPoint, Verdict, Visit, VisitFlag
from storage.database import Database, Row, placeholders
from storage.proposals import insert_proposal


class VisitRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, visit: NewVisit) -> tuple[int, bool]:
        """Store a report and everything attached to it in one transaction.

        Returns (visit id, created). A report whose idempotency key was stored before is not
        stored again: the id of the first one is returned with created=False."""
        async with self._db.transaction() as conn:
            if visit.idempotency_key is not None:
                async with conn.execute(
                    "SELECT id FROM visits WHERE idempotency_key = ?", (visit.idempotency_key,)
                ) as cursor:
                    existing = await cursor.fetchone()
                if existing:
                    return int(existing[0]), False
            cursor = await conn.execute(
                "INSERT INTO visits (household_id, companion_id, region_code, started_at, reported_at,"
                " latitude, longitude, accuracy_m, live, live_period_s, distance_m, verdict, conditions,"
                " note, voice_note_path, dwell_s, max_distance_m, chat_id, location_message_id,"
                " idempotency_key, location_delay_s)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    visit.household_id,
                    visit.companion_id,
                    visit.region_code,
                    visit.started_at,
                    visit.reported_at,
                    visit.latitude,
                    visit.longitude,
                    visit.accuracy_m,
                    int(visit.live),
                    visit.live_period_s,
                    visit.distance_m,
                    visit.verdict.value,
                    json.dumps(visit.conditions or {}, sort_keys=True),
                    visit.note,
                    visit.voice_note_path,
                    visit.dwell_s,
                    visit.max_distance_m,
                    visit.chat_id,
                    visit.location_message_id,
                    visit.idempotency_key,
                    visit.location_delay_s,
                ),
            )
            visit_id = int(cursor.lastrowid or 0)
            await conn.executemany(
                "INSERT INTO visit_flags (visit_id, flag, detail, related_visit_id) VALUES (?, ?, ?, ?)",
                [(visit_id, flag.flag, flag.detail, flag.related_visit_id) for flag in visit.flags],
            )
            await _insert_photos(conn, visit_id, visit.photos, visit.reported_at)
            await conn.executemany(
                "INSERT INTO visit_track (visit_id, recorded_at, latitude, longitude, accuracy_m, distance_m)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(visit_id, t.recorded_at, t.latitude, t.longitude, t.accuracy_m, t.distance_m) for t in visit.track],
            )
            await conn.executemany(
                "INSERT OR IGNORE INTO visit_flags (visit_id, flag, detail, related_visit_id) VALUES (?, ?, ?, ?)",
                [(earlier_id, flag.flag, flag.detail, visit_id) for earlier_id, flag in visit.flag_earlier],
            )
            if visit.proposal is not None:
                await insert_proposal(
                    conn,
                    household_id=visit.household_id,
                    proposed_by=visit.companion_id,
                    latitude=visit.proposal.latitude,
                    longitude=visit.proposal.longitude,
                    accuracy_m=visit.proposal.accuracy_m,
                    reason=visit.proposal.reason,
                    visit_id=visit_id,
                    at=visit.reported_at,
                )
        return visit_id, True

    async def attach_photos(self, visit_id: int, photos: Sequence[NewPhoto], at: int) -> list[str]:
        """Add to a stored visit the photos it does not have yet (same bytes count as had);
        return the paths of the photos added."""
        async with self._db.transaction() as conn:
            async with conn.execute("SELECT sha256 FROM photos WHERE visit_id = ?", (visit_id,)) as cursor:
                have = {row[0] for row in await cursor.fetchall()}
            new = [photo for photo in photos if photo.sha256 not in have]
            await _insert_photos(conn, visit_id, new, at)
        return [photo.path for photo in new]

    async def by_keys(self, keys: Sequence[str]) -> dict[str, Visit]:
        """The stored visits of these idempotency keys (reports' drafts), by key."""
        if not keys:
            return {}
        rows = await self._db.fetch_all(
            f"SELECT * FROM visits WHERE idempotency_key IN ({placeholders(keys)})", list(keys)
        )
        visits = await self._with_flags(rows)
        return {row["idempotency_key"]: visit for row, visit in zip(rows, visits, strict=True)}

    async def same_visit_candidate(
        self, companion_id: int, household_id: int, around: int, window_s: int
    ) -> Visit | None:
        """The companion's latest stored report of the household made within `window_s` of `around`."""
        row = await self._db.fetch_one(
            "SELECT * FROM visits WHERE companion_id = ? AND household_id = ? AND started_at BETWEEN ? AND ?"
            " ORDER BY started_at DESC, id DESC LIMIT 1",
            (companion_id, household_id, around - window_s, around + window_s),
        )
        return None if row is None else (await self._with_flags([row]))[0]

    async def by_id(self, visit_id: int) -> Visit | None:
        row = await self._db.fetch_one("SELECT * FROM visits WHERE id = ?", (visit_id,))
        if row is None:
            return None
        return (await self._with_flags([row]))[0]

    async def latest_of_companion(self, companion_id: int, limit: int = 10) -> list[Visit]:
        rows = await self._db.fetch_all(
            "SELECT * FROM visits WHERE companion_id = ? ORDER BY reported_at DESC, id DESC LIMIT ?",
            (companion_id, limit),
        )
        return await self._with_flags(rows)

    async def latest_of_household(self, household_id: int, limit: int) -> list[Visit]:
        rows = await self._db.fetch_all(
            "SELECT * FROM visits WHERE household_id = ? ORDER BY reported_at DESC, id DESC LIMIT ?",
            (household_id, limit),
        )
        return await self._with_flags(rows)

    async def live_reports_of_companion(self, companion_id: int, since: int) -> list[TrackedReport]:
        """The companion's live reports of visits since `since`, with their households' points and
        every fix, for the track rules (`bot.rules.track`)."""
        rows = await self._db.fetch_all(
            "SELECT v.id, v.household_id, h.latitude, h.longitude, v.started_at,"
            " v.latitude AS at_latitude, v.longitude AS at_longitude, v.accuracy_m"
            " FROM visits v JOIN households h ON h.id = v.household_id"
            " WHERE v.companion_id = ? AND v.started_at >= ? AND v.live = 1 ORDER BY v.started_at, v.id",
            (companion_id, since),
        )
        ids = [row["id"] for row in rows]
        tracks: dict[int, list[TrackPoint]] = {visit_id: [] for visit_id in ids}
        if ids:
            for point in await self._db.fetch_all(
                "SELECT visit_id, recorded_at, latitude, longitude, accuracy_m FROM visit_track"
                f" WHERE visit_id IN ({placeholders(ids)}) ORDER BY visit_id, recorded_at",
                ids,
            ):
                tracks[point[0]].append(TrackPoint(point[1], point[2], point[3], point[4]))
        reports = []
        for row in rows:
            track = tracks[row["id"]]
            position = TrackPoint(row["started_at"], row["at_latitude"], row["at_longitude"], row["accuracy_m"])
            # The report's position is its first fix, or the track's fix that verified it.
            placed = any((p.latitude, p.longitude) == (position.latitude, position.longitude) for p in track)
            fixes = tuple(track) if placed else (position, *track)
            reports.append(TrackedReport(row["id"], row["household_id"], row[2], row[3], row["started_at"], fixes))
        return reports

    async def _with_flags(self, rows: list[Row]) -> list[Visit]:
        ids = [row["id"] for row in rows]
        flags: dict[int, list[VisitFlag]] = {visit_id: [] for visit_id in ids}
        if ids:
            for flag in await self._db.fetch_all(
                f"SELECT * FROM visit_flags WHERE visit_id IN ({placeholders(ids)}) ORDER BY flag, related_visit_id",
                ids,
            ):
                flags[flag["visit_id"]].append(VisitFlag(flag["flag"], flag["detail"], flag["related_visit_id"]))
        return [
            Visit(
                id=row["id"],
                household_id=row["household_id"],
                companion_id=row["companion_id"],
                region_code=row["region_code"],
                started_at=row["started_at"],
                reported_at=row["reported_at"],
                latitude=row["latitude"],
                longitude=row["longitude"],
                accuracy_m=row["accuracy_m"],
                live=bool(row["live"]),
                distance_m=row["distance_m"],
                verdict=Verdict(row["verdict"]),
                conditions=json.loads(row["conditions"]),
                note=row["note"],
                flags=tuple(flags[row["id"]]),
                review_status=row["review_status"],
            )
            for row in rows
        ]


async def _insert_photos(conn: aiosqlite.Connection, visit_id: int, photos: Sequence[NewPhoto], at: int) -> None:
    await conn.executemany(
        "INSERT INTO photos (visit_id, file_id, file_unique_id, path, sha256, phash, size_bytes,"
        " width, height, exif_taken_at, exif_latitude, exif_longitude, message_id, created_at,"
        " had_exif, crop_hashes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                visit_id,
                p.file_id,
                p.file_unique_id,
                p.path,
                p.sha256,
                p.phash,
                p.size_bytes,
                p.width,
                p.height,
                p.exif_taken_at,
                p.exif_latitude,
                p.exif_longitude,
                p.message_id,
                at,
                None if p.had_exif is None else int(p.had_exif),
                p.crop_hashes,
            )
            for p in photos
        ],
    )
