"""Changing a task from its detail: ✏️ Ubah teks and 📅 Ubah tenggat begin a /tugas journey of
one step (the new text, or the new due date); the recipients who got the task are told once
what changed, by the next delivery round."""

from __future__ import annotations

import uuid

from telegram import Update

from bot.decisions.tasks import (
    DueInPast,
    EmptyText,
    NothingChanged,
    TaskClosed,
    TaskEdit,
    TaskEdited,
    TextTooLong,
    edit_task,
    task_for,
)
from bot.rules.task_draft import TaskDraft
from bot.rules.tasks import kind
from bot.texts import t_plain
from handlers.plumbing.buttons import button_id
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import END, STAY, Next, answer_query
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import reply
from handlers.scheduled.tasks import send_tasks_soon
from handlers.tasks.prompts import ask, hint_and_ask
from handlers.tasks.session import EDIT_DUE, EDIT_TEXT, TASK, read_due, typed

step = TASK.step


async def start_text_edit(update: Update, context: BotContext) -> Next:
    """✏️ Ubah teks: ask for the task's new text."""
    return await _start_edit(update, context, EDIT_TEXT)


async def start_due_edit(update: Update, context: BotContext) -> Next:
    """📅 Ubah tenggat: ask for the task's new due date."""
    return await _start_edit(update, context, EDIT_DUE)


@step
async def got_new_text(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Change the task's text."""
    return await _edit(update, context, draft, TaskEdit(text=typed(update)))


@step
async def got_new_due(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Change the task's due date."""
    due = await read_due(update, context, draft, EDIT_DUE)
    return STAY if due is None else await _edit(update, context, draft, TaskEdit(due=due))


@step
async def remove_due(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take the task's due date away."""
    await answer_query(update, context)
    return await _edit(update, context, draft, TaskEdit(no_due=True))


async def _start_edit(update: Update, context: BotContext, state: str) -> Next:
    await answer_query(update, context)
    task_id = button_id(update.callback_query.data if update.callback_query else None)
    task = await task_for(context.services, context.member, task_id)
    if task is None:
        await reply(update, context, "task.unknown", id=task_id)
        return END
    if not task.open:
        await reply(update, context, "task.closed", kind=kind(task, context.language), id=task.id)
        return END
    draft = TaskDraft(key=uuid.uuid4().hex, active_at=context.services.clock.now(), editing=task.id)
    await TASK.begin(context, draft)
    return await ask(update, context, draft, state)


async def _edit(update: Update, context: BotContext, draft: TaskDraft, edit: TaskEdit) -> Next:
    assert draft.editing is not None
    outcome = await edit_task(context.services, context.member, draft.editing, edit)
    lang = context.language
    if isinstance(outcome, TextTooLong):
        await reply(update, context, "task.text_too_long", limit=outcome.limit)
        return STAY
    if isinstance(outcome, EmptyText):
        return await hint_and_ask(update, context, draft, EDIT_TEXT)
    if isinstance(outcome, DueInPast):
        await reply(update, context, "task.due_past", due=f"{outcome.due:%d/%m/%Y}")
        return STAY
    TASK.forget(context)
    if isinstance(outcome, TaskEdited):
        task = outcome.task
        send_tasks_soon(context.application)
        changed = ", ".join(t_plain(f"task.changed.{name}", lang) for name in task.changed)
        await confirm_reply(update, context, "task.edit.done", kind=kind(task, lang), id=task.id, changed=changed)
    elif isinstance(outcome, NothingChanged):
        await reply(update, context, "task.edit.nothing")
    elif isinstance(outcome, TaskClosed):
        await reply(update, context, "task.closed", kind=kind(outcome.task, lang), id=outcome.task.id)
    else:
        await reply(update, context, "task.unknown", id=draft.editing)
    return END
