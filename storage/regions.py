"""The `regions` table: the configured province and its kabupaten/kota, from the region data.

Migration 0001 seeded Banten's rows by hand; from then on every start makes the table hold the
configured province (`install`). A database whose register lives in another province is refused:
one bot and one database serve one province.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import Region
from storage.database import Database, DatabaseError

# Every table whose rows name a region, with the column that names it.
_REFERENCES = (
    ("households", "region_code"),
    ("visits", "region_code"),
    ("person_regions", "region_code"),
    ("invitations", "region_code"),
)


class ProvinceMismatch(DatabaseError):
    """The database holds the register of another province than the configured one."""


class RegionRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def install(self, province: Region, regencies: Sequence[Region]) -> None:
        """Make the table hold `province` and its `regencies` (names kept current); drop other
        provinces' rows, which nothing may name."""
        code = province.code
        # The codes of the province's regions lie in [code, next); two range look-ups on each
        # table's region index instead of reading all 645,000 households at every start.
        following = code[:-1] + chr(ord(code[-1]) + 1)
        async with self._db.transaction() as conn:
            for table, column in _REFERENCES:
                async with conn.execute(
                    f"SELECT {column} FROM {table} WHERE {column} < ? OR {column} >= ? LIMIT 1", (code, following)
                ) as cursor:
                    row = await cursor.fetchone()
                if row is not None:
                    raise ProvinceMismatch(
                        f"province.code: the database {self._db.path} holds the register of another province"
                        f" (region {row[0]} in {table}), not of {code}; each province needs its own database"
                    )
            await conn.execute("DELETE FROM regions WHERE substr(code, 1, 2) != ? AND parent_code IS NOT NULL", (code,))
            await conn.execute("DELETE FROM regions WHERE substr(code, 1, 2) != ?", (code,))
            await conn.executemany(
                "INSERT INTO regions (code, name, kind, parent_code) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
                " parent_code = excluded.parent_code",
                [(r.code, r.name, r.kind, r.parent_code) for r in (province, *regencies)],
            )
