"""What people read and press of tasks outside the /tugas journey: the office's list and a
task's detail (progress, who has not acknowledged, which households are left) with its edit
and withdrawal buttons; a companion's /tugassaya and ✅ Siap. Each press is decided in
`bot.decisions.tasks`, which checks that the presser may (button data can be forged)."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.decisions.tasks import (
    DETAIL_LISTED,
    Acknowledged,
    TaskClosed,
    TaskDetail,
    TaskWithdrawn,
    UnknownTask,
    acknowledge_task,
    task_detail,
    task_for,
    tasks_in_scope,
    withdraw_task,
)
from bot.domain import Task
from bot.rules.readable import chat_time
from bot.rules.tasks import due_text, kind, progress_line, summary
from bot.texts import t, t_plain
from handlers.plumbing.buttons import button_id
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import answer_query
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import reply, reply_text
from handlers.scheduled.tasks import send_tasks_soon
from handlers.tasks import keyboards as kb

# The list shows this many tasks with a button each; /tugas <number> reaches the others.
LISTED = 20


async def show_list(update: Update, context: BotContext) -> None:
    """The open tasks the person sees, newest first, with their progress; a button per task for
    its detail and one to make a new task."""
    person = context.member
    lang, tz, now = person.language, context.services.settings.locale.tz, context.services.clock.now()
    progress = await tasks_in_scope(context.services, person)
    new = InlineKeyboardButton(t_plain("task.button.new", lang), callback_data=kb.NEW)
    if not progress:
        await reply(update, context, "task.list.empty", markup=InlineKeyboardMarkup([[new]]))
        return
    lines = [t("task.list.header", lang, count=len(progress))]
    lines += [progress_line(item, lang, tz, now) for item in progress[:LISTED]]
    if len(progress) > LISTED:
        lines.append(t("task.list.more", lang, count=len(progress) - LISTED))
    lines.append(t("task.list.hint", lang))
    details = [
        InlineKeyboardButton(
            t_plain("task.button.detail", lang, id=item.task.id), callback_data=f"{kb.DETAIL}{item.task.id}"
        )
        for item in progress[:LISTED]
    ]
    await reply_text(update, context, "\n".join(lines), markup=InlineKeyboardMarkup([*kb.rows(details), [new]]))


async def press_detail(update: Update, context: BotContext) -> None:
    """Show the detail of the task whose button was pressed."""
    await answer_query(update, context)
    await show_detail(update, context, button_id(update.callback_query.data if update.callback_query else None))


async def show_detail(update: Update, context: BotContext, task_id: int) -> None:
    """A task's progress, who has not acknowledged it, which households are left; buttons to
    change or withdraw it. Only for whoever covers every region it reaches."""
    services, person = context.services, context.member
    lang, tz = person.language, services.settings.locale.tz
    detail = await task_detail(services, person, task_id)
    if not isinstance(detail, TaskDetail):
        await reply(update, context, "task.unknown", id=task_id)
        return
    task, progress = detail.progress.task, detail.progress
    creator = await services.people.by_id(task.created_by)
    lines = [
        t(
            "task.detail.header",
            lang,
            kind=kind(task, lang),
            id=task.id,
            created=chat_time(task.created_at, tz),
            creator=creator.full_name if creator else "–",
        ),
        t("task.due", lang, due=due_text(task, lang, tz)),
        "",
        t("task.text", lang, text=task.text),
        "",
        t("task.detail.progress", lang, acknowledged=progress.acknowledged, recipients=progress.recipients),
    ]
    if not task.is_announcement:
        lines.append(t("task.detail.households", lang, done=progress.done, total=progress.households))
    if progress.overdue(services.clock.now()):
        lines.append(t("task.detail.overdue", lang))
    if detail.not_acknowledged:
        listed = detail.not_acknowledged[:DETAIL_LISTED]
        names = ", ".join(recipient.full_name for recipient in listed)
        more = len(detail.not_acknowledged) - len(listed)
        names += t_plain("task.detail.more_names", lang, count=more) if more else ""
        lines.append(t("task.detail.not_acknowledged", lang, count=len(detail.not_acknowledged), names=names))
    if detail.households_left:
        lines.append(t("task.detail.left_header", lang, count=detail.households_left))
        no_companion = t_plain("task.detail.no_companion", lang)
        lines += [
            t(
                "task.detail.left_line",
                lang,
                name=household.head_name,
                desa=household.desa or "–",
                dtks=household.dtks_id,
                companion=household.companion_name or no_companion,
            )
            for household in detail.left
        ]
        if detail.households_left > len(detail.left):
            lines.append(t("task.detail.more", lang, count=detail.households_left - len(detail.left)))
    # A long list shows what fits; the whole of it follows as a file.
    await reply_text(update, context, "\n".join(lines), markup=_detail_buttons(task, lang))


def _detail_buttons(task: Task, lang: str) -> InlineKeyboardMarkup:
    def button(key: str, prefix: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(t_plain(key, lang), callback_data=f"{prefix}{task.id}")

    return InlineKeyboardMarkup(
        [
            [button("task.button.edit_text", kb.EDIT_TEXT), button("task.button.edit_due", kb.EDIT_DUE)],
            [button("task.button.withdraw", kb.WITHDRAW)],
        ]
    )


async def ask_withdrawal(update: Update, context: BotContext) -> None:
    """Ask before withdrawing: the recipients are told, and it cannot be undone."""
    await answer_query(update, context)
    task_id = button_id(update.callback_query.data if update.callback_query else None)
    task = await task_for(context.services, context.member, task_id)
    if task is None:
        await reply(update, context, "task.unknown", id=task_id)
        return
    lang = context.language
    yes = InlineKeyboardButton(
        t_plain("task.button.withdraw_yes", lang, id=task.id), callback_data=f"{kb.WITHDRAW_YES}{task.id}"
    )
    await reply(
        update, context, "task.withdraw.ask", kind=kind(task, lang), id=task.id, markup=InlineKeyboardMarkup([[yes]])
    )


async def withdraw(update: Update, context: BotContext) -> None:
    """Withdraw the task; its recipients are told once, by the next delivery round."""
    await answer_query(update, context)
    task_id = button_id(update.callback_query.data if update.callback_query else None)
    outcome = await withdraw_task(context.services, context.member, task_id)
    lang = context.language
    if isinstance(outcome, TaskWithdrawn):
        send_tasks_soon(context.application)
        await confirm_reply(update, context, "task.withdraw.done", kind=kind(outcome.task, lang), id=task_id)
    elif isinstance(outcome, TaskClosed):
        await reply(update, context, "task.closed", kind=kind(outcome.task, lang), id=task_id)
    else:
        await reply(update, context, "task.unknown", id=task_id)


async def my_tasks(update: Update, context: BotContext) -> None:
    """A companion's open tasks, due first, each with what is left and ✅ Siap if not pressed."""
    services, person = context.services, context.member
    lang, tz, now = person.language, services.settings.locale.tz, services.clock.now()
    tasks = await services.tasks.open_for(person.id)
    if not tasks:
        await reply(update, context, "task.mine.empty")
        return
    lines = [t("task.mine.header", lang, count=len(tasks))]
    buttons = []
    for item in tasks:
        task = item.task
        states = [t_plain("task.mine.acknowledged" if item.acknowledged else "task.mine.not_acknowledged", lang)]
        if item.held:  # none: an announcement, or its households are another companion's
            states.append(
                t_plain("task.mine.left", lang, count=item.left) if item.left else t_plain("task.mine.all_done", lang)
            )
        if task.due_at is not None and now > task.due_at:
            states.append(t_plain("task.mine.overdue", lang))
        lines.append(
            t(
                "task.mine.line",
                lang,
                id=task.id,
                summary=summary(task),
                due=due_text(task, lang, tz),
                state=" · ".join(states),
            )
        )
        if not item.acknowledged:
            buttons.append(
                InlineKeyboardButton(t_plain("task.mine.button", lang, id=task.id), callback_data=f"{kb.ACK}{task.id}")
            )
    markup = InlineKeyboardMarkup(kb.rows(buttons, 2)) if buttons else None
    await reply_text(update, context, "\n".join(lines), markup=markup)


async def acknowledge(update: Update, context: BotContext) -> None:
    """✅ Siap: recorded for the task's recipient only; the button gives way to a mark."""
    query = update.callback_query
    assert query is not None
    task_id = button_id(query.data)
    outcome = await acknowledge_task(context.services, context.member, task_id)
    lang = context.language
    if isinstance(outcome, UnknownTask):
        await answer_query(update, context, "button.not_available")
        return
    if isinstance(outcome, TaskClosed):
        await answer_query(update, context, "task.closed", kind=kind(outcome.task, lang), id=task_id)
        return
    await answer_query(
        update, context, "task.acknowledged" if isinstance(outcome, Acknowledged) else "task.already_acknowledged"
    )
    message = query.message
    if message is None:
        return
    # The pressed button becomes a mark; the message's other buttons (/tugassaya's) stay.
    data = f"{kb.ACK}{task_id}"
    mark = InlineKeyboardButton(t_plain("task.acknowledged_mark", lang), callback_data=data)
    markup = getattr(message, "reply_markup", None)
    rows = markup.inline_keyboard if isinstance(markup, InlineKeyboardMarkup) else ((mark,),)
    marked = [[mark if button.callback_data == data else button for button in row] for row in rows]
    # A convenience: an old message may no longer be editable.
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(InlineKeyboardMarkup(marked))
