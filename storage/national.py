"""Across provinces (PostgreSQL only): the provinces whose bots share the database, and the
figures of the national digest, read from every province's schema.

A bot registers its province in `national.provinces` when it opens the database. The national
queries are one UNION ALL with a branch per province, each reading that province's own tables
and indexes by schema-qualified names (a province's schema is `province_<code>`).
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from storage.database import Database, Dialect

_REGISTRY = (
    "CREATE SCHEMA IF NOT EXISTS national;"
    " CREATE TABLE IF NOT EXISTS national.provinces (code TEXT PRIMARY KEY, schema_name TEXT NOT NULL UNIQUE,"
    " joined_at BIGINT NOT NULL DEFAULT extract(epoch FROM now())::bigint)"
)


async def register_province(conn: asyncpg.Connection, province: str, schema: str) -> None:
    """Enter the province in the national registry (once; its schema holds its tables)."""
    await conn.execute(_REGISTRY)
    await conn.execute(
        "INSERT INTO national.provinces (code, schema_name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING",
        province,
        schema,
    )


@dataclass(frozen=True)
class ProvinceTotals:
    """One province's visits of a period, as `storage.digests.RegionTotals` counts a region's."""

    province: str
    name: str
    visits: int
    households: int
    verified: int
    flagged: int
    live: int


class NationalDigests:
    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def available(self) -> bool:
        """Only a shared PostgreSQL database holds several provinces."""
        return self._db.dialect is Dialect.POSTGRES

    async def provinces(self) -> list[tuple[str, str]]:
        """(code, schema) of every province registered whose schema exists, by code."""
        rows = await self._db.fetch_all(
            "SELECT p.code, p.schema_name FROM national.provinces p"
            " JOIN information_schema.schemata s ON s.schema_name = p.schema_name ORDER BY p.code"
        )
        return [(row[0], row[1]) for row in rows]

    async def totals(self, start: int, end: int) -> list[ProvinceTotals]:
        """Every province's visits made in [start, end) (visit time), one row per province."""
        branches = [
            f"SELECT '{code}' AS province, (SELECT name FROM {schema}.regions WHERE code = '{code}') AS name,"
            " COUNT(*) AS visits, COUNT(DISTINCT v.household_id) AS households,"
            " COUNT(*) FILTER (WHERE v.verdict = 'verified') AS verified,"
            f" COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM {schema}.visit_flags f WHERE f.visit_id = v.id))"
            " AS flagged, COALESCE(SUM(v.live), 0) AS live"
            f" FROM {schema}.visits v WHERE v.started_at >= ? AND v.started_at < ?"
            for code, schema in await self.provinces()
        ]
        if not branches:
            return []
        rows = await self._db.fetch_all(
            " UNION ALL ".join(branches) + " ORDER BY province", [value for _ in branches for value in (start, end)]
        )
        return [ProvinceTotals(row[0], row[1] or row[0], *(int(value) for value in tuple(row)[2:])) for row in rows]
