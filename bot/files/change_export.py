"""The approved changes of a period as CSV and XLSX, for reconciling the register with DTKS by
NIK and KK: full numbers for admins only, masked for everyone else (the current record's and
those inside a change, e.g. a new head's NIK)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.files.tables import ExportFiles, write_table
from bot.rules.field_updates import field_label, old_text, value_text
from bot.rules.households import mask_number
from bot.rules.readable import sheet_time, zone_name
from bot.texts import t_plain
from storage.field_updates import ApprovedChange

COLUMNS = (
    "update_id",
    "decided_at",
    "dtks_id",
    "kk_number",
    "head_nik",
    "head_name",
    "region",
    "kecamatan",
    "desa",
    "field",
    "old_value",
    "value",
    "proposer",
    "proposed_at",
    "visit_id",
    "verdict",
    "reviewer",
)


def change_row(
    change: ApprovedChange, *, lang: str, tz: ZoneInfo, reveal: bool, region_names: dict[str, str]
) -> list[Any]:
    """One approved change as the cells of a row, in `COLUMNS` order."""
    return [
        change.update_id,
        sheet_time(change.decided_at, tz, seconds=True),
        change.dtks_id,
        change.kk_number if reveal else mask_number(change.kk_number),
        change.head_nik if reveal else mask_number(change.head_nik),
        change.head_name,
        region_names.get(change.region_code, change.region_code),
        change.kecamatan,
        change.desa,
        field_label(change.field, lang),
        old_text(change.field, change.old_value, lang, reveal=reveal),
        value_text(change.field, change.value, lang, reveal=reveal),
        change.proposer_name,
        sheet_time(change.proposed_at, tz, seconds=True),
        change.visit_id,
        t_plain(f"report.verdict_name.{change.visit_verdict}", lang) if change.visit_verdict else None,
        change.reviewer_name,
    ]


async def write_change_export(
    changes: AsyncIterator[ApprovedChange],
    folder: Path,
    name: str,
    *,
    lang: str,
    tz: ZoneInfo,
    reveal: bool,
    region_names: dict[str, str],
) -> ExportFiles:
    """Write `name`.csv and `name`.xlsx into `folder` in one pass over the changes."""
    header = [t_plain(f"upd.export.col.{column}", lang, zone=zone_name(tz)) for column in COLUMNS]

    async def rows() -> AsyncIterator[list[Any]]:
        async for change in changes:
            yield change_row(change, lang=lang, tz=tz, reveal=reveal, region_names=region_names)

    return await write_table(rows(), header, folder, name)
