"""What companions and the office read of a task: the task itself (with the recipient's own
households still to visit), the notices of an edit, a withdrawal, a missed due date, and the
lines of the office's list. The task's text is the creator's own words: `t()` fills it in
escaped, so it can never break the bot's markup."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain import Task, TaskProgress
from bot.rules.readable import chat_date
from bot.texts import t, t_plain
from storage.tasks import LeftHousehold

# A companion's message lists this many of their households of the task; /tugassaya has the rest.
LISTED = 10
SUMMARY_CHARS = 60


@dataclass(frozen=True)
class Holding:
    """A recipient's share of a task's households: how many they hold, how many are left, and
    the first of those."""

    held: int
    left: int
    first: list[LeftHousehold]


NO_HOUSEHOLDS = Holding(0, 0, [])


def kind(task: Task, lang: str) -> str:
    return t_plain("task.kind.announcement" if task.is_announcement else "task.kind.task", lang)


def summary(task: Task) -> str:
    """The first line of the task's text, cut to a list line's width."""
    first = task.text.strip().split("\n", 1)[0]
    return first if len(first) <= SUMMARY_CHARS else first[: SUMMARY_CHARS - 1].rstrip() + "…"


def due_text(task: Task, lang: str, tz: ZoneInfo) -> str:
    return chat_date(task.due_at, tz) if task.due_at is not None else t_plain("task.no_due", lang)


def changed_text(task: Task, lang: str) -> str:
    return ", ".join(t_plain(f"task.changed.{name}", lang) for name in task.changed)


def task_message(task: Task, creator: str, holding: Holding, lang: str, tz: ZoneInfo) -> str:
    """The task as a companion receives it: who sent it, when it is due, its text, their own
    households of it that are still to visit, and what ✅ Siap means."""
    lines = [t("task.header", lang, kind=kind(task, lang), id=task.id, creator=creator)]
    if task.urgent:
        lines.append(t("task.urgent", lang))
    if task.due_at is not None:
        lines.append(t("task.due", lang, due=due_text(task, lang, tz)))
    lines += ["", t("task.text", lang, text=task.text), ""]
    lines += _holding_lines(holding, lang)
    lines.append(t("task.ack_hint_announcement" if task.is_announcement else "task.ack_hint", lang))
    return "\n".join(lines)


def edit_notice(task: Task, creator: str, holding: Holding, lang: str, tz: ZoneInfo) -> str:
    intro = t("task.edited", lang, kind=kind(task, lang), id=task.id, changed=changed_text(task, lang))
    return f"{intro}\n\n{task_message(task, creator, holding, lang, tz)}"


def ack_reminder(task: Task, creator: str, holding: Holding, lang: str, tz: ZoneInfo) -> str:
    intro = t("task.ack_reminder", lang, kind=kind(task, lang), id=task.id)
    return f"{intro}\n\n{task_message(task, creator, holding, lang, tz)}"


def withdrawal_notice(task: Task, lang: str) -> str:
    return t("task.withdrawn", lang, kind=kind(task, lang), id=task.id)


def overdue_notice(task: Task, holding: Holding, lang: str, tz: ZoneInfo) -> str:
    lines = [t("task.overdue", lang, kind=kind(task, lang), id=task.id, due=due_text(task, lang, tz))]
    if holding.left:
        lines.append(t("task.overdue_households", lang, count=holding.left))
        lines += _household_lines(holding, lang)
    else:
        lines.append(t("task.overdue_ack", lang))
    return "\n".join(lines)


def needs_overdue_notice(holding: Holding, acknowledged: bool) -> bool:
    """Whether a recipient still has something to do for a task past its due day: households
    of theirs not reported, or, holding none, the ✅ Siap not pressed."""
    return holding.left > 0 if holding.held else not acknowledged


def progress_line(progress: TaskProgress, lang: str, tz: ZoneInfo, now: int) -> str:
    """One task in the office's list and in the digest."""
    task = progress.task
    households = (
        ""
        if task.is_announcement
        else t_plain("task.list.households", lang, done=progress.done, total=progress.households)
    )
    return t(
        "task.list.line",
        lang,
        id=task.id,
        summary=summary(task),
        due=due_text(task, lang, tz),
        acknowledged=progress.acknowledged,
        recipients=progress.recipients,
        households=households,
        overdue=t_plain("task.list.overdue", lang) if progress.overdue(now) else "",
    )


def _holding_lines(holding: Holding, lang: str) -> list[str]:
    if not holding.held:
        return []
    if not holding.left:
        return [t("task.none_left", lang), ""]
    return [t("task.your_households", lang, count=holding.left), *_household_lines(holding, lang), ""]


def _household_lines(holding: Holding, lang: str) -> list[str]:
    lines = [
        t("task.household_line", lang, name=household.head_name, desa=household.desa or "–", dtks=household.dtks_id)
        for household in holding.first
    ]
    if holding.left > len(holding.first):
        lines.append(t("task.more_households", lang, count=holding.left - len(holding.first)))
    return lines
