"""The digest's attachments: a workbook (a summary sheet, one sheet per kabupaten/kota, the
households longest unvisited, the flagged reports with their reviews) and a bar chart of
visits per companion."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.bidi import without_controls
from bot.files.cells import xlsx_row
from bot.rules.digest import DAY_S, Digest, RegionSummary, dwell_minutes
from bot.rules.readable import sheet_time, zone_name
from bot.rules.tasks import kind
from bot.rules.wording import condition_label, conditions_text, flags_text, split_flags
from bot.texts import t_plain

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from openpyxl.worksheet.worksheet import Worksheet

# Above this many companions one bar per companion is unreadable: the chart shows regions.
CHART_MAX_BARS = 30
SHEET_NAME_MAX = 31


def digest_workbook(digest: Digest, lang: str, tz: ZoneInfo) -> bytes:
    """The full tables as XLSX bytes, every sheet with a frozen header row and filters."""
    from openpyxl import Workbook  # openpyxl and matplotlib are imported where used (start-up time)

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = t_plain("digest.sheet.summary", lang)
    _table(
        summary,
        [
            t_plain(f"digest.col.{name}", lang, zone=zone_name(tz))
            for name in (
                "region",
                "visits",
                "households",
                "verified_pct",
                "flagged",
                "previous_visits",
                "change",
                "live_pct",
                "dwell_minutes",
            )
        ],
        [
            [
                r.name,
                r.visits,
                r.households,
                _pct(r.verified_share),
                r.flagged,
                r.previous_visits,
                r.visits - r.previous_visits,
                _pct(r.live_share),
                dwell_minutes(r.dwell_median_s),
            ]
            for r in _summary_rows(digest)
        ],
    )
    for region in digest.regions:
        sheet = workbook.create_sheet(region.name[:SHEET_NAME_MAX])
        _table(
            sheet,
            [
                t_plain(f"digest.col.{name}", lang, zone=zone_name(tz))
                for name in (
                    "companion",
                    "visits",
                    "verified",
                    "verified_pct",
                    "flagged",
                    "overdue",
                    "days_since",
                    "live_pct",
                    "dwell_minutes",
                )
            ],
            [
                [
                    c.name,
                    c.visits,
                    c.verified,
                    _pct(c.verified_share),
                    c.flagged,
                    c.overdue_households,
                    c.days_since_last_report,
                    _pct(c.live_share),
                    dwell_minutes(c.dwell_median_s),
                ]
                for c in region.companions
            ],
        )
    unvisited = workbook.create_sheet(t_plain("digest.sheet.unvisited", lang))
    _table(
        unvisited,
        [
            t_plain(f"digest.col.{name}", lang, zone=zone_name(tz))
            for name in ("region", "dtks_id", "head_name", "desa", "companion", "last_visit", "days")
        ],
        [
            [
                digest_region_name(digest, h.region_code),
                h.dtks_id,
                h.head_name,
                h.desa,
                h.companion_name,
                sheet_time(h.last_visit_at, tz),
                None if h.last_visit_at is None else (digest.period.end - h.last_visit_at) // DAY_S,
            ]
            for region in digest.regions
            for h in region.longest_unvisited
        ],
    )
    if digest.followup is not None:
        _followup_sheet(workbook.create_sheet(t_plain("digest.sheet.followup", lang)), digest, lang, tz)
    flagged = workbook.create_sheet(t_plain("digest.sheet.flagged", lang))
    _table(
        flagged,
        [
            t_plain(f"digest.col.{name}", lang, zone=zone_name(tz))
            for name in (
                "report",
                "region",
                "visited_at",
                "head_name",
                "dtks_id",
                "companion",
                "flags",
                "review",
                "reviewer",
                "reviewed_at",
                "review_reason",
                "note",
                "voice_note",
                "conditions",
            )
        ],
        [
            [
                f.visit_id,
                digest_region_name(digest, f.region_code),
                sheet_time(f.visited_at, tz),
                f.head_name,
                f.dtks_id,
                f.companion_name,
                flags_text(split_flags(f.flags), f.visit_id, lang),
                t_plain(f"office.review.{f.review_status}", lang) if f.review_status else None,
                f.reviewer_name,
                sheet_time(f.reviewed_at, tz),
                f.review_reason,
                f.note,
                t_plain("export.voice_note", lang) if f.voice_note_path else None,
                conditions_text(json.loads(f.conditions or "{}"), lang) or None,
            ]
            for f in digest.flagged
        ],
    )
    _task_sheet(workbook.create_sheet(t_plain("digest.sheet.tasks", lang)), digest, lang, tz)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _followup_sheet(sheet: Worksheet, digest: Digest, lang: str, tz: ZoneInfo) -> None:
    """Every household to follow up, a row per condition that keeps being a problem."""
    assert digest.followup is not None
    _table(
        sheet,
        [
            t_plain(f"digest.col.{name}", lang, zone=zone_name(tz))
            for name in ("region", "dtks_id", "head_name", "desa", "companion", "condition", "streak", "last_visit")
        ],
        [
            [
                digest_region_name(digest, f.region_code),
                f.dtks_id,
                f.head_name,
                f.desa,
                f.companion_name,
                condition_label(f.condition, lang),
                f.streak,
                sheet_time(f.last_at, tz),
            ]
            for f in digest.followup.open
        ],
    )


def _task_sheet(sheet: Worksheet, digest: Digest, lang: str, tz: ZoneInfo) -> None:
    """Every open task of the scope with its progress (a task's text is the creator's: written
    as text, never a formula)."""
    names = (
        "task",
        "kind",
        "text",
        "created_at",
        "due",
        "urgent",
        "recipients",
        "acknowledged",
        "task_households",
        "task_done",
        "task_overdue",
    )
    yes, no = t_plain("task.yes", lang), t_plain("task.no", lang)
    _table(
        sheet,
        [t_plain(f"digest.col.{name}", lang, zone=zone_name(tz)) for name in names],
        [
            [
                p.task.id,
                kind(p.task, lang),
                p.task.text,
                sheet_time(p.task.created_at, tz),
                None if p.task.due_at is None else datetime.fromtimestamp(p.task.due_at, tz).strftime("%Y-%m-%d"),
                yes if p.task.urgent else no,
                p.recipients,
                p.acknowledged,
                p.households,
                p.done,
                yes if p.overdue(digest.made_at) else no,
            ]
            for p in digest.tasks
        ],
    )


def _summary_rows(digest: Digest) -> list[RegionSummary]:
    """Each region, then the total when there is more than one region."""
    return [*digest.regions, digest.total] if len(digest.regions) > 1 else list(digest.regions)


def digest_region_name(digest: Digest, code: str) -> str:
    return next((region.name for region in digest.regions if region.code == code), code)


def _table(sheet: Worksheet, header: list[str], rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl.styles import Font

    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column, title in zip(sheet.columns, header, strict=False):
        width = max([len(title), *(len(str(cell.value)) for cell in column if cell.value is not None)])
        sheet.column_dimensions[column[0].column_letter].width = min(width + 2, 45)


def _pct(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def digest_chart(digest: Digest, lang: str) -> bytes:
    """PNG bars of visits per companion (per region when there are many companions), split into
    verified, flagged and other visits."""
    buffer = io.BytesIO()
    digest_figure(digest, lang).savefig(buffer, format="png")
    return buffer.getvalue()


def digest_figure(digest: Digest, lang: str) -> Figure:
    """The chart as a matplotlib figure; its legend sits below the bars, never over one."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    bars = chart_bars(digest)
    labels = [without_controls(label) for label, _, _, _ in bars]
    verified = [value for _, value, _, _ in bars]
    flagged = [value for _, _, value, _ in bars]
    other = [value for _, _, _, value in bars]
    figure = Figure(figsize=(8, max(3.0, 0.35 * len(bars) + 2.0)), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    positions = range(len(bars))
    axes.barh(positions, verified, color="#2e7d32", label=t_plain("digest.chart.verified", lang))
    axes.barh(positions, flagged, left=verified, color="#c62828", label=t_plain("digest.chart.flagged", lang))
    axes.barh(
        positions,
        other,
        left=[a + b for a, b in zip(verified, flagged, strict=True)],
        color="#9e9e9e",
        label=t_plain("digest.chart.other", lang),
    )
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    axes.set_xlabel(t_plain("digest.chart.visits", lang))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # visits are counted, never halved
    axes.set_title(t_plain("digest.chart.title", lang, period=digest.period.label()))
    # Outside the axes, in a row under the scale: inside them it covered the longest bars.
    figure.legend(loc="outside lower center", ncols=3, frameon=False)
    return figure


def chart_caption(digest: Digest, lang: str) -> str:
    """What the chart's bars are: companions, or the regions when there are too many companions."""
    companions = len(digest.total.companions)
    if companions <= CHART_MAX_BARS:
        return t_plain("digest.chart_caption.companions", lang)
    return t_plain("digest.chart_caption.regions", lang, companions=companions)


def chart_bars(digest: Digest) -> list[tuple[str, int, int, int]]:
    """(label, verified without flag, flagged, other) per companion, or per region if too many."""
    companions = digest.total.companions
    if len(companions) <= CHART_MAX_BARS:
        return [
            (c.name, c.verified_unflagged, c.flagged, c.visits - c.verified_unflagged - c.flagged) for c in companions
        ]
    return [_region_bar(region) for region in digest.regions]


def _region_bar(region: RegionSummary) -> tuple[str, int, int, int]:
    verified = sum(c.verified_unflagged for c in region.companions)
    flagged = sum(c.flagged for c in region.companions)
    visits = sum(c.visits for c in region.companions)
    return region.name, verified, flagged, visits - verified - flagged
