"""The reminder a companion reads: the households their open tasks wait for first (the earliest
due first), then the overdue ones, revisits asked by a coordinator first; then the households
whose same condition keeps being a problem (programme follow-up)."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.rules.followup import reminder_lines
from bot.rules.readable import chat_date
from bot.texts import t
from storage.followups import OpenFollowup
from storage.reminders import Overdue, OverdueHousehold
from storage.tasks import TaskHousehold

DAY_S = 24 * 3600


def reminder_text(
    overdue: Overdue,
    lang: str,
    now: int,
    tz: ZoneInfo,
    tasks: Sequence[TaskHousehold] = (),
    listed: int = 10,
    followups: Sequence[OpenFollowup] = (),
    followups_listed: int = 10,
) -> str:
    """The task households (the first `listed`), then the overdue ones not listed already, each
    list with the count of its rest; then the open follow-ups (the first `followups_listed`
    households)."""
    lines = []
    shown = {household.household_id for household in tasks[:listed]}
    if tasks:
        lines.append(t("reminder.tasks_header", lang, count=len(tasks)))
        lines += [_task_line(household, lang, tz) for household in tasks[:listed]]
        if len(tasks) > listed:
            lines.append(t("reminder.tasks_more", lang, count=len(tasks) - listed))
    if overdue.total:
        if lines:
            lines.append("")
        lines.append(t("reminder.header", lang, count=overdue.total))
        lines += [_line(household, lang, now) for household in overdue.first if household.household_id not in shown]
        rest = overdue.total - len(overdue.first)
        if rest > 0:
            lines.append(t("reminder.more", lang, count=rest))
    if followups:
        lines += [""] * bool(lines) + reminder_lines(followups, lang, listed=followups_listed)
    lines.append(t("reminder.footer", lang))
    return "\n".join(lines)


def _task_line(household: TaskHousehold, lang: str, tz: ZoneInfo) -> str:
    place = household.desa or "–"
    if household.due_at is None:
        return t("reminder.task_line_no_due", lang, name=household.head_name, desa=place, task=household.task_id)
    due = chat_date(household.due_at, tz)
    return t("reminder.task_line", lang, name=household.head_name, desa=place, task=household.task_id, due=due)


def _line(household: OverdueHousehold, lang: str, now: int) -> str:
    place = household.desa or "–"
    if household.revisit_requested:
        return t("reminder.line_revisit", lang, name=household.head_name, desa=place)
    if household.last_visit_at is None:
        days = (now - household.registered_at) // DAY_S
        return t("reminder.line_never", lang, name=household.head_name, desa=place, days=days)
    return t("reminder.line", lang, name=household.head_name, desa=place, days=(now - household.last_visit_at) // DAY_S)
