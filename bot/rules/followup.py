"""Programme follow-up as people read it: the households whose same condition was a problem in
their latest `followup.consecutive_visits` visits, one line each with every such condition, the
longest run first (the digest, /tindaklanjut, a companion's reminder)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.rules.readable import chat_date
from bot.rules.wording import condition_label
from bot.texts import t, t_plain
from storage.followups import OpenFollowup


@dataclass(frozen=True)
class FollowupSection:
    """The digest's follow-up section: the open follow-ups of its scope as they stand when it is
    made, at `visits` visits in a row, the first `listed` households named in its message."""

    visits: int
    listed: int
    open: tuple[OpenFollowup, ...]


@dataclass(frozen=True)
class HouseholdFollowup:
    """A household to follow up and its conditions, the longest run first."""

    conditions: tuple[OpenFollowup, ...]

    @property
    def first(self) -> OpenFollowup:
        return self.conditions[0]


def by_household(followups: Sequence[OpenFollowup]) -> list[HouseholdFollowup]:
    """The open follow-ups grouped by household, in the order of each household's first (the
    repository lists the longest runs first)."""
    grouped: dict[int, list[OpenFollowup]] = {}
    for followup in followups:
        grouped.setdefault(followup.household_id, []).append(followup)
    return [HouseholdFollowup(tuple(conditions)) for conditions in grouped.values()]


def conditions_text(household: HouseholdFollowup, lang: str, tz: ZoneInfo | None = None) -> str:
    """`Kehadiran sekolah anak 3×, Posyandu anak balita 2×` (with each latest visit's date, given `tz`)."""
    if tz is None:
        items = [
            t_plain("digest.followup_condition", lang, condition=condition_label(f.condition, lang), streak=f.streak)
            for f in household.conditions
        ]
    else:
        items = [
            t_plain(
                "followup.condition",
                lang,
                condition=condition_label(f.condition, lang),
                streak=f.streak,
                date=chat_date(f.last_at, tz),
            )
            for f in household.conditions
        ]
    return ", ".join(items)


def followup_list(followups: Sequence[OpenFollowup], lang: str, tz: ZoneInfo, *, scope: str, visits: int) -> str:
    """The /tindaklanjut message: every household of the scope to follow up now."""
    households = by_household(followups)
    if not households:
        return t("followup.none", lang, scope=scope, visits=visits)
    lines = [t("followup.title", lang, scope=scope, count=len(households), visits=visits)]
    lines += [
        t(
            "followup.line",
            lang,
            name=household.first.head_name,
            dtks_id=household.first.dtks_id,
            desa=household.first.desa or "–",
            conditions=conditions_text(household, lang, tz),
            companion=household.first.companion_name or "–",
        )
        for household in households
    ]
    return "\n".join(lines)


def digest_lines(followups: Sequence[OpenFollowup], lang: str, *, visits: int, listed: int) -> list[str]:
    """The digest's section: how many households, the first `listed` of them."""
    households = by_household(followups)
    if not households:
        return [t("digest.followup_none", lang)]
    lines = [t("digest.followup", lang, count=len(households), visits=visits)]
    lines += [
        t(
            "digest.followup_line",
            lang,
            name=household.first.head_name,
            desa=household.first.desa or "–",
            conditions=conditions_text(household, lang),
        )
        for household in households[:listed]
    ]
    if len(households) > listed:
        lines.append(t("digest.followup_more", lang, count=len(households) - listed))
    return lines


def reminder_lines(followups: Sequence[OpenFollowup], lang: str, *, listed: int) -> list[str]:
    """The companion's reminder names each open problem of their households (the first `listed`)."""
    households = by_household(followups)
    if not households:
        return []
    lines = [t("reminder.followup_header", lang)]
    lines += [
        t(
            "reminder.followup_line",
            lang,
            name=household.first.head_name,
            desa=household.first.desa or "–",
            conditions=conditions_text(household, lang),
        )
        for household in households[:listed]
    ]
    if len(households) > listed:
        lines.append(t("reminder.followup_more", lang, count=len(households) - listed))
    return lines
