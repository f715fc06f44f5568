"""The /tugas journey (`handlers.plumbing.journey`): its states, its draft in `user_data`, what
it says when it ends unfinished, and the readings of input its steps share."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from telegram import Update

from bot.decisions.tasks import DueInPast, check_due
from bot.domain import Role
from bot.rules.periods import parse_day
from bot.rules.task_draft import TaskDraft
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import Journey, JourneyTexts
from handlers.plumbing.replies import reply

TEXT, AUDIENCE, REGION, PEOPLE, HOUSEHOLDS, DUE, CONFIRM, EDIT_TEXT, EDIT_DUE = (
    "text",
    "audience",
    "region",
    "people",
    "households",
    "due",
    "confirm",
    "edit_text",
    "edit_due",
)
OFFICE = frozenset({Role.COORDINATOR, Role.ADMIN})

# Coordinators give tasks for their regions, admins for all; someone deactivated or moved to
# another role mid-way is told so at the next step, and the draft is dropped.
TASK = Journey(
    name="task",
    role=OFFICE,
    draft_key="task_draft",
    load=TaskDraft.from_json,
    texts=JourneyTexts(
        cancelled="task.cancelled",
        expired="task.expired",
        refused="unknown_command",
        ended="task.cancelled",
        stale_button="task.stale_button",
    ),
    idle_minutes=lambda settings: settings.tasks.idle_minutes,
)


def pressed(update: Update, prefix: str) -> str:
    data = update.callback_query.data if update.callback_query else None
    return str(data or "").removeprefix(prefix)


def typed(update: Update) -> str:
    message = update.effective_message
    return message.text or "" if message is not None else ""


def example_day(context: BotContext) -> date:
    """A week from today, for the examples of a date."""
    tz = context.services.settings.locale.tz
    return datetime.fromtimestamp(context.services.clock.now(), tz).date() + timedelta(days=7)


async def read_due(update: Update, context: BotContext, draft: TaskDraft, state: str) -> date | None:
    """The date typed, if it is one and not over; else say why (the step waits)."""
    day = parse_day(typed(update))
    if day is None:
        await reply(update, context, "task.due_bad", example=f"{example_day(context):%d/%m/%Y}")
        return None
    if isinstance(check_due(context.services, day), DueInPast):
        await reply(update, context, "task.due_past", due=f"{day:%d/%m/%Y}")
        return None
    return day
