"""Across provinces (PostgreSQL only): the provinces whose bots share the database, and the
figures of the national digest, read from every province's schema.

A bot registers its province in `national.provinces` when it opens the database. The national
queries are one UNION ALL with a branch per province, each reading that province's own tables
and indexes by schema-qualified names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.database import Database, Dialect

REGISTRY = (
    "CREATE SCHEMA IF NOT EXISTS national;"
    " CREATE TABLE IF NOT EXISTS national.provinces (code TEXT PRIMARY KEY,"
    " joined_at BIGINT NOT NULL DEFAULT extract(epoch FROM now())::bigint)"
)


def province_schema(province: str) -> str:
    """The schema of a province's tables (the code is two digits: a safe identifier)."""
    if not re.fullmatch(r"\d{2}", province):
        raise ValueError(f"not a province code: {province!r}")
    return f"province_{province}"


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

    async def provinces(self) -> list[str]:
        """The codes of the provinces registered whose schema exists."""
        rows = await self._db.fetch_all(
            "SELECT p.code FROM national.provinces p"
            " JOIN information_schema.schemata s ON s.schema_name = 'province_' || p.code ORDER BY p.code"
        )
        return [row[0] for row in rows]

    async def totals(self, start: int, end: int) -> list[ProvinceTotals]:
        """Every province's visits made in [start, end) (visit time), one row per province. Each
        branch names its province's regions (every visit has one of them), so the week is read
        by the period index of each region rather than by scanning all of the province's visits:
        at 10 million households, 8 weeks of visits, Jawa Barat's branch 1.0 s → 0.4 s, and the
        same however many years the visits go back."""
        branches = [
            f"SELECT '{code}' AS province, (SELECT name FROM {schema}.regions WHERE code = '{code}') AS name,"
            " COUNT(*) AS visits, COUNT(DISTINCT v.household_id) AS households,"
            " COUNT(*) FILTER (WHERE v.verdict = 'verified') AS verified,"
            f" COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM {schema}.visit_flags f WHERE f.visit_id = v.id))"
            " AS flagged, COALESCE(SUM(v.live), 0) AS live"
            f" FROM {schema}.visits v WHERE v.region_code IN (SELECT code FROM {schema}.regions)"
            " AND v.started_at >= ? AND v.started_at < ?"
            for code, schema in ((code, province_schema(code)) for code in await self.provinces())
        ]
        if not branches:
            return []
        rows = await self._db.fetch_all(
            " UNION ALL ".join(branches) + " ORDER BY province", [value for _ in branches for value in (start, end)]
        )
        return [ProvinceTotals(row[0], row[1] or row[0], *(int(value) for value in tuple(row)[2:])) for row in rows]
