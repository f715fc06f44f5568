"""The reminder a companion reads: overdue households, revisits asked by a coordinator first;
then the households whose same condition keeps being a problem (programme follow-up)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.rules.followup import reminder_lines
from bot.texts import t
from storage.followups import OpenFollowup
from storage.reminders import Overdue, OverdueHousehold

DAY_S = 24 * 3600


def reminder_text(
    overdue: Overdue, lang: str, now: int, followups: Sequence[OpenFollowup] = (), listed: int = 10
) -> str:
    """The overdue households listed, with the count of the rest; then the open follow-ups (the
    first `listed` households)."""
    lines = []
    if overdue.total:
        lines.append(t("reminder.header", lang, count=overdue.total))
        lines.extend(_line(household, lang, now) for household in overdue.first)
        rest = overdue.total - len(overdue.first)
        if rest > 0:
            lines.append(t("reminder.more", lang, count=rest))
    if followups:
        lines += [""] * bool(lines) + reminder_lines(followups, lang, listed=listed)
    lines.append(t("reminder.footer", lang))
    return "\n".join(lines)


def _line(household: OverdueHousehold, lang: str, now: int) -> str:
    place = household.desa or "–"
    if household.revisit_requested:
        return t("reminder.line_revisit", lang, name=household.head_name, desa=place)
    if household.last_visit_at is None:
        days = (now - household.registered_at) // DAY_S
        return t("reminder.line_never", lang, name=household.head_name, desa=place, days=days)
    return t("reminder.line", lang, name=household.head_name, desa=place, days=(now - household.last_visit_at) // DAY_S)
