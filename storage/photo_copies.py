"""Where a transformed copy (mirrored, turned, cropped) of an earlier photo is looked for: the
photos of the same household, and the companion's own photos of a recent window.

A fixed neighbourhood rather than every photo: comparing a photo's turned versions with every
stored crop costs in proportion to the photos compared, and the companion's and the
household's photos stay a few thousand however many the province holds (an index lookup per
visit, then one vectorised comparison). Copies of other people's photos are still caught by
`PhotoIndex` when they are untransformed.
"""

from __future__ import annotations

from storage.database import Database


class PhotoCopies:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def neighbourhood(self, *, companion_id: int, household_id: int, since: int) -> list[tuple[int, bytes]]:
        """(visit id, crop hashes) of every stored photo of the household, and of the
        companion's reports since `since`."""
        rows = await self._db.fetch_all(
            "SELECT p.visit_id, p.crop_hashes FROM visits v JOIN photos p ON p.visit_id = v.id"
            " WHERE v.household_id = ? AND p.crop_hashes IS NOT NULL"
            " UNION ALL SELECT p.visit_id, p.crop_hashes FROM visits v JOIN photos p ON p.visit_id = v.id"
            " WHERE v.companion_id = ? AND v.reported_at >= ? AND v.household_id != ? AND p.crop_hashes IS NOT NULL",
            (household_id, companion_id, since, household_id),
        )
        return [(int(row[0]), bytes(row[1])) for row in rows]
