"""Live-location updates that arrive after a report was sent, recorded against its visit."""

from __future__ import annotations

from dataclasses import dataclass

from storage.database import Database
from storage.models import TrackPoint


@dataclass(frozen=True)
class LiveVisit:
    """A stored visit reported from a live location, with its household's coordinates."""

    id: int
    started_at: int
    live_period_s: int
    latitude: float
    longitude: float
    household_latitude: float | None
    household_longitude: float | None


class LiveTrackRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def visit_of_message(self, chat_id: int, message_id: int) -> LiveVisit | None:
        """The live visit whose location was shared in message `message_id` of `chat_id`."""
        row = await self._db.fetch_one(
            "SELECT v.id, v.started_at, v.live_period_s, v.latitude, v.longitude,"
            " h.latitude AS h_lat, h.longitude AS h_lon FROM visits v"
            " JOIN households h ON h.id = v.household_id"
            " WHERE v.chat_id = ? AND v.location_message_id = ? AND v.live = 1"
            " AND v.live_period_s IS NOT NULL ORDER BY v.id LIMIT 1",
            (chat_id, message_id),
        )
        if row is None:
            return None
        return LiveVisit(row["id"], row["started_at"], row["live_period_s"], row["latitude"],
                         row["longitude"], row["h_lat"], row["h_lon"])

    async def track(self, visit_id: int) -> list[TrackPoint]:
        rows = await self._db.fetch_all(
            "SELECT * FROM visit_track WHERE visit_id = ? ORDER BY recorded_at", (visit_id,)
        )
        return [TrackPoint(row["recorded_at"], row["latitude"], row["longitude"], row["accuracy_m"],
                           row["distance_m"]) for row in rows]

    async def record(self, visit_id: int, point: TrackPoint, *, dwell_s: int | None,
                     max_distance_m: float | None) -> None:
        """Add one point and the visit's recomputed dwell time and farthest distance."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO visit_track (visit_id, recorded_at, latitude, longitude, accuracy_m, distance_m)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (visit_id, point.recorded_at, point.latitude, point.longitude, point.accuracy_m,
                 point.distance_m),
            )
            await conn.execute(
                "UPDATE visits SET dwell_s = ?, max_distance_m = ? WHERE id = ?",
                (dwell_s, max_distance_m, visit_id),
            )
