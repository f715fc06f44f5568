"""Digests of the companions' work for a period: pure arithmetic over the aggregate rows of
`storage/digests.py`, and the short message a coordinator reads on a phone.

`collect()` runs the aggregate queries for the regions a person covers; `assemble()` turns the
rows into a `Digest` (province total, one summary per kabupaten/kota, one line per companion).
`render_national()` words the national office's digest: the nation's total and one line per
province (`storage/national.py`, PostgreSQL only).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.domain import Person, Role, TaskProgress
from bot.rules.followup import FollowupSection, digest_lines
from bot.rules.periods import Period
from bot.rules.tasks import progress_line
from bot.rules.wording import flag_label
from bot.texts import t, t_plain
from storage.digests import (
    CompanionActivity,
    CompanionStanding,
    DigestRepository,
    DwellMedians,
    FlagCount,
    FlaggedReport,
    OverdueSummary,
    RegionTotals,
    UnvisitedHousehold,
)
from storage.national import ProvinceTotals

DAY_S = 24 * 3600
ATTENTION_NAMES = 5
# The message lists this many open tasks; the workbook's sheet has them all.
TASKS_LISTED = 10


@dataclass(frozen=True)
class Scope:
    """The kabupaten/kota a person sees; `province` when they see all of them."""

    codes: tuple[str, ...]
    province: bool


def scope_of(person: Person, all_codes: Sequence[str]) -> Scope:
    if person.role is Role.ADMIN or person.covers_province:
        return Scope(tuple(all_codes), True)
    return Scope(tuple(code for code in all_codes if code in person.region_codes), False)


@dataclass(frozen=True)
class CompanionLine:
    companion_id: int
    name: str
    region_code: str
    visits: int
    verified: int
    verified_unflagged: int
    flagged: int
    overdue_households: int
    days_since_last_report: int | None
    live: int = 0
    dwell_median_s: float | None = None

    @property
    def verified_share(self) -> float | None:
        return self.verified / self.visits if self.visits else None

    @property
    def live_share(self) -> float | None:
        """Share of the reports made with a live location: a habit, not one alert per report."""
        return self.live / self.visits if self.visits else None


@dataclass(frozen=True)
class RegionSummary:
    code: str
    name: str
    visits: int
    households: int
    verified: int
    flagged: int
    previous_visits: int
    previous_verified: int
    flags: dict[str, int] = field(default_factory=dict)
    reviews: dict[str, int] = field(default_factory=dict)
    companions: tuple[CompanionLine, ...] = ()
    longest_unvisited: tuple[UnvisitedHousehold, ...] = ()
    live: int = 0
    dwell_median_s: float | None = None

    @property
    def verified_share(self) -> float | None:
        return self.verified / self.visits if self.visits else None

    @property
    def live_share(self) -> float | None:
        return self.live / self.visits if self.visits else None

    @property
    def previous_verified_share(self) -> float | None:
        return self.previous_verified / self.previous_visits if self.previous_visits else None

    @property
    def silent_companions(self) -> tuple[CompanionLine, ...]:
        """Companions without a single report in the period."""
        return tuple(line for line in self.companions if line.visits == 0)


@dataclass(frozen=True)
class Digest:
    period: Period
    scope: Scope
    total: RegionSummary
    regions: tuple[RegionSummary, ...]
    # The households to follow up (programme conditions a problem visit after visit), if asked for.
    followup: FollowupSection | None = None
    # Every flagged report of the period with its review (who, when): the workbook lists them.
    flagged: tuple[FlaggedReport, ...] = ()
    # The open tasks of the scope, as they stood when the digest was made (`made_at`).
    tasks: tuple[TaskProgress, ...] = ()
    made_at: int = 0


@dataclass(frozen=True)
class DigestRows:
    """What the aggregate queries return for one scope and period."""

    totals: list[RegionTotals]
    previous_totals: list[RegionTotals]
    flags: list[FlagCount]
    activity: list[CompanionActivity]
    standing: list[CompanionStanding]
    overdue: OverdueSummary
    flagged: list[FlaggedReport]
    dwell: DwellMedians = field(default_factory=dict)
    followup: FollowupSection | None = None


async def collect(
    repo: DigestRepository,
    scope: Scope,
    period: Period,
    previous: Period,
    *,
    overdue_days: int,
    longest: int,
) -> DigestRows:
    codes = scope.codes
    return DigestRows(
        totals=await repo.region_totals(codes, period.start, period.end),
        previous_totals=await repo.region_totals(codes, previous.start, previous.end),
        flags=await repo.flag_counts(codes, period.start, period.end),
        activity=await repo.companion_activity(codes, period.start, period.end),
        standing=await repo.companions(codes, period.end),
        overdue=await repo.overdue(codes, period.end, period.end - overdue_days * DAY_S, longest),
        flagged=await repo.flagged_reports(codes, period.start, period.end),
        dwell=await repo.dwell_medians(codes, period.start, period.end),
    )


def assemble(rows: DigestRows, period: Period, scope: Scope, region_names: dict[str, str], *, longest: int) -> Digest:
    """Turn aggregate rows into per-region summaries and the scope's total."""
    totals = {row.region_code: row for row in rows.totals}
    previous = {row.region_code: row for row in rows.previous_totals}
    activity = {(row.companion_id, row.region_code): row for row in rows.activity}
    dwell = rows.dwell
    regions = []
    for code in scope.codes:
        current, before = totals.get(code), previous.get(code)
        companions = tuple(
            _companion_line(
                standing,
                activity.get((standing.companion_id, code)),
                rows.overdue.per_companion.get(standing.companion_id, 0),
                period.end,
                dwell.get((standing.companion_id, code)),
            )
            for standing in rows.standing
            if standing.region_code == code
        )
        regions.append(
            RegionSummary(
                code=code,
                name=region_names.get(code, code),
                visits=current.visits if current else 0,
                households=current.households if current else 0,
                verified=current.verified if current else 0,
                flagged=sum(row.flagged for row in rows.activity if row.region_code == code),
                previous_visits=before.visits if before else 0,
                previous_verified=before.verified if before else 0,
                flags={row.flag: row.visits for row in rows.flags if row.region_code == code},
                reviews=_reviews(current),
                companions=companions,
                longest_unvisited=tuple(rows.overdue.longest.get(code, ())),
                live=current.live if current else 0,
                dwell_median_s=dwell.get((None, code)),
            )
        )
    total = _total(regions, scope, region_names, longest, dwell.get((None, None)))
    return Digest(period, scope, total, tuple(regions), followup=rows.followup, flagged=tuple(rows.flagged))


def _reviews(totals: RegionTotals | None) -> dict[str, int]:
    if totals is None:
        return {}
    counts = {"accepted": totals.accepted, "rejected": totals.rejected, "revisit": totals.revisit}
    return {status: count for status, count in counts.items() if count}


def _companion_line(
    standing: CompanionStanding, activity: CompanionActivity | None, overdue: int, end: int, dwell: float | None
) -> CompanionLine:
    days = None if standing.last_report_at is None else (end - standing.last_report_at) // DAY_S
    return CompanionLine(
        companion_id=standing.companion_id,
        name=standing.full_name,
        region_code=standing.region_code,
        visits=activity.visits if activity else 0,
        verified=activity.verified if activity else 0,
        verified_unflagged=activity.verified_unflagged if activity else 0,
        flagged=activity.flagged if activity else 0,
        overdue_households=overdue,
        days_since_last_report=days,
        live=activity.live if activity else 0,
        dwell_median_s=dwell,
    )


def _total(
    regions: list[RegionSummary], scope: Scope, names: dict[str, str], longest: int, dwell: float | None
) -> RegionSummary:
    if len(regions) == 1 and not scope.province:
        return regions[0]
    flags: Counter[str] = Counter()
    reviews: Counter[str] = Counter()
    for region in regions:
        flags.update(region.flags)
        reviews.update(region.reviews)
    unvisited = sorted(
        (household for region in regions for household in region.longest_unvisited),
        key=lambda h: (h.last_visit_at is not None, h.last_visit_at or 0, h.household_id),
    )
    # The province's region row is the one with a two-digit code.
    province = next((code for code in names if len(code) == 2), "")
    return RegionSummary(
        code=province if scope.province else ",".join(scope.codes),
        name=names.get(province, province) if scope.province else ", ".join(r.name for r in regions),
        visits=sum(r.visits for r in regions),
        households=sum(r.households for r in regions),
        verified=sum(r.verified for r in regions),
        flagged=sum(r.flagged for r in regions),
        previous_visits=sum(r.previous_visits for r in regions),
        previous_verified=sum(r.previous_verified for r in regions),
        flags=dict(flags),
        reviews=dict(reviews),
        companions=tuple(line for r in regions for line in r.companions),
        longest_unvisited=tuple(unvisited[:longest]),
        live=sum(r.live for r in regions),
        dwell_median_s=dwell,
    )


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def _flagged_line(total: RegionSummary, lang: str) -> str:
    """How many reports were flagged and for what; no dangling dash when none was."""
    if not total.flagged:
        return t("digest.flagged_none", lang)
    reasons = sorted(total.flags.items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join(f"{flag_label(flag, lang)} {count}" for flag, count in reasons)
    return t("digest.flagged", lang, flagged=total.flagged, reasons=text)


def render_message(digest: Digest, lang: str, tz: ZoneInfo) -> str:
    """The short phone message: headline numbers, then who and what needs attention, then a
    line per open task."""
    total = digest.total
    change = total.visits - total.previous_visits
    lines = [
        t("digest.title", lang, period=digest.period.label()),
        t("digest.scope", lang, name=total.name),
        t("digest.visits", lang, visits=total.visits, change=f"{change:+d}", previous=total.previous_visits),
        t("digest.households", lang, households=total.households),
        t(
            "digest.verified",
            lang,
            share=percent(total.verified_share),
            previous=percent(total.previous_verified_share),
        ),
        t("digest.live", lang, share=percent(total.live_share), dwell=dwell_text(total.dwell_median_s, lang)),
        _flagged_line(total, lang),
    ]
    if total.reviews:
        lines.append(
            t(
                "digest.reviews",
                lang,
                reviews=", ".join(
                    f"{t(f'office.review.{status}', lang)} {count}" for status, count in sorted(total.reviews.items())
                ),
            )
        )
    if len(digest.regions) > 1:
        lines.append("")
        lines.append(t("digest.regions_header", lang))
        lines += [
            t(
                "digest.region_line",
                lang,
                name=r.name,
                visits=r.visits,
                share=percent(r.verified_share),
                flagged=r.flagged,
                live=percent(r.live_share),
            )
            for r in digest.regions
        ]
    lines.append("")
    lines.append(t("digest.attention_header", lang))
    silent = total.silent_companions
    if silent:
        names = ", ".join(line.name for line in silent[:ATTENTION_NAMES])
        more = len(silent) - ATTENTION_NAMES
        lines.append(
            t("digest.silent", lang, count=len(silent), names=names)
            + (t("digest.and_more", lang, count=more) if more > 0 else "")
        )
    else:
        lines.append(t("digest.nobody_silent", lang))
    rarely_live = sorted(
        (line for line in total.companions if line.visits and line.live * 2 < line.visits),
        key=lambda line: (line.live / line.visits, line.name),
    )
    if rarely_live:
        names = ", ".join(f"{line.name} {percent(line.live_share)}" for line in rarely_live[:ATTENTION_NAMES])
        more = len(rarely_live) - ATTENTION_NAMES
        lines.append(
            t("digest.rarely_live", lang, count=len(rarely_live), names=names)
            + (t("digest.and_more", lang, count=more) if more > 0 else "")
        )
    if digest.followup is not None:
        section = digest.followup
        lines += digest_lines(section.open, lang, visits=section.visits, listed=section.listed)
    if total.longest_unvisited:
        lines.append(t("digest.unvisited_header", lang))
        lines += [unvisited_line(household, lang, digest.period.end) for household in total.longest_unvisited]
    if digest.tasks:
        lines += ["", t("digest.tasks_header", lang, count=len(digest.tasks))]
        lines += [progress_line(progress, lang, tz, digest.made_at) for progress in digest.tasks[:TASKS_LISTED]]
        if len(digest.tasks) > TASKS_LISTED:
            lines.append(t("digest.tasks_more", lang, count=len(digest.tasks) - TASKS_LISTED))
    lines.append("")
    lines.append(t("digest.attachments", lang))
    return "\n".join(lines)


def dwell_text(seconds: float | None, lang: str) -> str:
    """A median dwell in whole minutes, or – without live reports."""
    return "–" if seconds is None else t_plain("digest.minutes", lang, minutes=round(seconds / 60))


def dwell_minutes(seconds: float | None) -> float | None:
    """A median dwell in minutes for a spreadsheet cell."""
    return None if seconds is None else round(seconds / 60, 1)


def unvisited_line(household: UnvisitedHousehold, lang: str, end: int) -> str:
    if household.last_visit_at is None:
        return t("digest.unvisited_never", lang, name=household.head_name, desa=household.desa or "–")
    return t(
        "digest.unvisited_line",
        lang,
        name=household.head_name,
        desa=household.desa or "–",
        days=(end - household.last_visit_at) // DAY_S,
    )


def render_national(current: list[ProvinceTotals], previous: list[ProvinceTotals], period: Period, lang: str) -> str:
    """The national office's digest: every province's visits of `period`, summed and one by one."""
    visits, households = sum(r.visits for r in current), sum(r.households for r in current)
    verified, flagged = sum(r.verified for r in current), sum(r.flagged for r in current)
    previous_visits, previous_verified = sum(r.visits for r in previous), sum(r.verified for r in previous)
    lines = [
        t("digest.title", lang, period=period.label()),
        t("digest.national.scope", lang, count=len(current)),
        t("digest.visits", lang, visits=visits, change=f"{visits - previous_visits:+d}", previous=previous_visits),
        t("digest.households", lang, households=households),
        t(
            "digest.verified",
            lang,
            share=percent(verified / visits if visits else None),
            previous=percent(previous_verified / previous_visits if previous_visits else None),
        ),
        t("digest.national.flagged", lang, flagged=flagged),
        "",
        t("digest.national.header", lang),
    ]
    lines += [
        t(
            "digest.region_line",
            lang,
            name=row.name,
            visits=row.visits,
            share=percent(row.verified / row.visits if row.visits else None),
            flagged=row.flagged,
            live=percent(row.live / row.visits if row.visits else None),
        )
        for row in current
    ]
    return "\n".join(lines)
