"""Visit exports as CSV and XLSX, written row by row as the database streams them (a month of the
province never sits in memory). NIK and KK numbers are masked unless the reader is an admin."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.files.tables import ExportFiles, write_table
from bot.rules.households import mask_number
from bot.rules.readable import sheet_time, zone_name
from bot.rules.wording import conditions_text, flags_text, split_flags
from bot.texts import t_plain
from storage.exports import ExportedVisit

COLUMNS = (
    "visit_id",
    "dtks_id",
    "kk_number",
    "head_nik",
    "head_name",
    "region",
    "companion",
    "started_at",
    "reported_at",
    "latitude",
    "longitude",
    "accuracy_m",
    "distance_m",
    "verdict",
    "flags",
    "conditions",
    "note",
    "voice_note",
    "review",
    "review_reason",
    "reviewer",
    "reviewed_at",
)


def export_row(
    visit: ExportedVisit,
    *,
    lang: str,
    tz: ZoneInfo,
    reveal: bool,
    region_names: dict[str, str],
    condition_order: Sequence[str] = (),
) -> list[Any]:
    """One visit as the cells of a row, in `COLUMNS` order; conditions read as the companion saw
    them, in `condition_order` (the configured order)."""
    conditions = json.loads(visit.conditions or "{}")
    return [
        visit.visit_id,
        visit.dtks_id,
        visit.kk_number if reveal else mask_number(visit.kk_number),
        visit.head_nik if reveal else mask_number(visit.head_nik),
        visit.head_name,
        region_names.get(visit.region_code, visit.region_code),
        visit.companion_name,
        sheet_time(visit.started_at, tz, seconds=True),
        sheet_time(visit.reported_at, tz, seconds=True),
        visit.latitude,
        visit.longitude,
        visit.accuracy_m,
        None if visit.distance_m is None else round(visit.distance_m, 1),
        t_plain(f"report.verdict_name.{visit.verdict}", lang),
        flags_text(split_flags(visit.flags), visit.visit_id, lang) or None,
        conditions_text(conditions, lang, condition_order) or None,
        visit.note,
        t_plain("export.voice_note", lang) if visit.voice_note_path else None,
        t_plain(f"office.review.{visit.review_status}", lang) if visit.review_status else None,
        visit.review_reason,
        visit.reviewer_name,
        sheet_time(visit.reviewed_at, tz, seconds=True),
    ]


async def write_visit_export(
    visits: AsyncIterator[ExportedVisit],
    folder: Path,
    name: str,
    *,
    lang: str,
    tz: ZoneInfo,
    reveal: bool,
    region_names: dict[str, str],
    condition_order: Sequence[str] = (),
) -> ExportFiles:
    """Write `name`.csv and `name`.xlsx into `folder` in one pass over the visits."""
    header = [t_plain(f"export.col.{column}", lang, zone=zone_name(tz)) for column in COLUMNS]

    async def rows() -> AsyncIterator[list[Any]]:
        async for visit in visits:
            yield export_row(
                visit, lang=lang, tz=tz, reveal=reveal, region_names=region_names, condition_order=condition_order
            )

    return await write_table(rows(), header, folder, name)
