"""/tugas: a coordinator (for their regions) or an admin (for all) gives companions a task or
an announcement, step by step, or changes one.

    /tugas baru, ➕ → TEXT (text; or a photo/file with or before it) → AUDIENCE (buttons)
        → REGION (buttons) | PEOPLE (numbers typed) → HOUSEHOLDS (DTKS ids typed, a CSV/XLSX,
        or Lewati) → DUE (a date, or Tanpa tenggat) → CONFIRM (preview: Kirim, ⚡, Batal)
    ✏️ Ubah teks → EDIT_TEXT, 📅 Ubah tenggat → EDIT_DUE (`editing.py`)

/tugas alone lists the open tasks (`views.show_list`), /tugas <number> shows one. A journey of
`handlers.plumbing.journey`: the draft survives restarts, every step answers any other kind of
message with its hint and keeps the draft, /batal cancels. Every value is decided again by
`bot.decisions.tasks` at Kirim (the draft may be old); a refusal there asks its step again.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.decisions.tasks import (
    HOUSEHOLD_LIMIT,
    EmptyText,
    TaskCreated,
    TextTooLong,
    check_companions,
    check_households,
    check_text,
    create_task,
    office_regions,
)
from bot.domain import Audience
from bot.files.spreadsheet import file_kind
from bot.files.task_households import read_dtks_ids
from bot.files.upload_caps import FileProblem, ReadCaps
from bot.rules.task_draft import TaskDraft, typed_list
from bot.rules.tasks import kind
from bot.texts import t
from handlers.plumbing.access import Callback, for_roles
from handlers.plumbing.buttons import ID
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import END, STAY, Next, State, answer_query
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import reply, reply_text
from handlers.registry.views import number_arg
from handlers.scheduled.tasks import send_tasks_soon
from handlers.tasks import editing, views
from handlers.tasks import keyboards as kb
from handlers.tasks.prompts import ask, confirm_buttons, hint, hint_and_ask, refused
from handlers.tasks.session import (
    AUDIENCE,
    CONFIRM,
    DUE,
    EDIT_DUE,
    EDIT_TEXT,
    HOUSEHOLDS,
    OFFICE,
    PEOPLE,
    REGION,
    TASK,
    TEXT,
    pressed,
    read_due,
    typed,
)

BYTES_PER_MB = 1024 * 1024
# How many refused DTKS ids an answer lists (their count says the rest).
REFUSED_LISTED = 20
_TYPED = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & ~filters.FORWARDED
# The text step takes what a coordinator forwards too: a circular from another chat.
_TEXT = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
_ATTACHMENT = filters.UpdateType.MESSAGE & (filters.PHOTO | filters.Document.ALL)
_SPREADSHEET = filters.UpdateType.MESSAGE & (
    filters.Document.FileExtension("csv")
    | filters.Document.FileExtension("txt")
    | filters.Document.FileExtension("xlsx")
)
step = TASK.step


async def tasks_command(update: Update, context: BotContext) -> Next:
    """/tugas: the list; /tugas baru: a new task; /tugas <number>: one task's detail."""
    args = context.args or []
    if not args:
        await views.show_list(update, context)
        return END
    if len(args) == 1 and args[0].lower() in ("baru", "new"):
        return await start(update, context)
    number = number_arg(args[0]) if len(args) == 1 else None
    if number is None:
        await reply(update, context, "task.usage")
        return END
    await views.show_detail(update, context, number)
    return END


async def start(update: Update, context: BotContext) -> Next:
    """Begin a new task and ask for its text."""
    await answer_query(update, context)
    draft = TaskDraft(key=uuid.uuid4().hex, active_at=context.services.clock.now())
    await TASK.begin(context, draft)
    return await ask(update, context, draft, TEXT)


@step
async def got_text(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take the text, and a photo or file sent with it (or before it)."""
    message = update.effective_message
    assert message is not None
    if message.photo:
        draft.attachment_kind, draft.attachment_file_id, draft.attachment_name = (
            "photo",
            message.photo[-1].file_id,
            None,
        )
    elif message.document is not None:
        document = message.document
        draft.attachment_kind, draft.attachment_file_id = "document", document.file_id
        draft.attachment_name = document.file_name
    text = check_text(message.text or message.caption or "")
    if isinstance(text, TextTooLong):
        await reply(update, context, "task.text_too_long", limit=text.limit)
        return STAY
    if isinstance(text, EmptyText):
        if draft.attachment_file_id is not None:
            await reply(update, context, "task.attachment_kept")
            return STAY
        return await hint_and_ask(update, context, draft, TEXT)
    draft.text = text
    return await ask(update, context, draft, AUDIENCE)


@step
async def got_audience(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take who the task is for."""
    await answer_query(update, context)
    audience = Audience(pressed(update, kb.AUDIENCE))
    draft.audience, draft.region_code, draft.companion_ids = audience.value, None, []
    if audience is Audience.REGION:
        return await ask(update, context, draft, REGION)
    if audience is Audience.PEOPLE:
        return await ask(update, context, draft, PEOPLE)
    return await ask(update, context, draft, HOUSEHOLDS)


@step
async def got_region(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take the kabupaten/kota pressed, if it is one of the person's."""
    await answer_query(update, context)
    code = pressed(update, kb.REGION)
    if code not in await office_regions(context.services, context.member):
        return await ask(update, context, draft, REGION)
    draft.region_code = code
    return await ask(update, context, draft, HOUSEHOLDS)


@step
async def got_people(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take the companions' numbers; refuse them all when one is not a companion of the regions."""
    numbers = [number_arg(item) for item in typed_list(typed(update))]
    ids = [number for number in numbers if number is not None]
    if not ids or len(ids) != len(numbers):
        return await hint_and_ask(update, context, draft, PEOPLE)
    refused = await check_companions(context.services, context.member, tuple(dict.fromkeys(ids)))
    if refused is not None:
        await reply(update, context, "task.people_refused", numbers=", ".join(map(str, refused.ids)))
        return STAY
    draft.companion_ids = list(dict.fromkeys(ids))
    return await ask(update, context, draft, HOUSEHOLDS)


@step
async def got_typed_households(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take DTKS ids typed."""
    return await _take_households(update, context, draft, typed_list(typed(update)))


@step
async def got_household_file(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take the DTKS ids of a CSV/XLSX file's id_dtks column."""
    message = update.effective_message
    assert message is not None and message.document is not None
    document = message.document
    kind_ = file_kind(document.file_name or "") or "csv"
    limit_mb = context.services.settings.registry.import_max_mb
    if (document.file_size or 0) > limit_mb * BYTES_PER_MB:
        size = f"{(document.file_size or 0) / BYTES_PER_MB:.1f}"
        await reply(update, context, "task.file_too_large", size=size, limit=f"{limit_mb:g}")
        return STAY
    with tempfile.TemporaryDirectory(prefix="task-households-") as folder:
        upload = Path(folder) / f"list.{kind_}"  # openpyxl insists on the extension
        try:
            await (await context.bot.get_file(document.file_id)).download_to_drive(upload)
        except TelegramError:
            await reply(update, context, "task.file_failed")
            return STAY
        caps = ReadCaps(rows=HOUSEHOLD_LIMIT, cell_chars=context.services.settings.registry.import_max_cell_chars)
        try:
            ids = await asyncio.to_thread(read_dtks_ids, upload, kind_, caps)
        except FileProblem as problem:
            await reply(update, context, problem.key, **problem.values)
            return STAY
    return await _take_households(update, context, draft, ids)


@step
async def skip_households(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Go on without households: an announcement (not when the audience is the households')."""
    await answer_query(update, context)
    if draft.audience == Audience.HOUSEHOLDS.value:
        return await ask(update, context, draft, HOUSEHOLDS)
    draft.dtks_ids = []
    return await ask(update, context, draft, DUE)


@step
async def got_due(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take the due date: today or later."""
    due = await read_due(update, context, draft, DUE)
    if due is None:
        return STAY
    draft.due = due.isoformat()
    return await ask(update, context, draft, CONFIRM)


@step
async def no_due(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Go on without a due date."""
    await answer_query(update, context)
    draft.due = None
    return await ask(update, context, draft, CONFIRM)


@step
async def toggle_urgent(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Mark the task urgent (sent in the quiet hours too), or not."""
    await answer_query(update, context)
    draft.urgent = not draft.urgent
    query = update.callback_query
    if query is not None:
        try:
            await query.edit_message_reply_markup(confirm_buttons(draft, context.language))
            return STAY
        except TelegramError:
            pass  # too old to edit: show the preview anew
    return await ask(update, context, draft, CONFIRM)


@step
async def send(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Store the task (its recipients are decided again now) and let the delivery round send it."""
    await answer_query(update, context)
    outcome = await create_task(context.services, context.member, draft.new_task(), draft.key)
    if not isinstance(outcome, TaskCreated):
        return await refused(update, context, draft, outcome)
    TASK.forget(context)
    task = outcome.task
    lang = context.language
    send_tasks_soon(context.application)  # before the answer, which may wait for the chat's pace
    await confirm_reply(
        update, context, "task.created", kind=kind(task, lang), id=task.id, recipients=outcome.recipients
    )
    return END


async def _take_households(update: Update, context: BotContext, draft: TaskDraft, ids: list[str]) -> Next:
    """Keep the households the person may name; list the others; go on if any was kept."""
    if len(ids) > HOUSEHOLD_LIMIT:
        await reply(update, context, "task.too_many_households", limit=HOUSEHOLD_LIMIT)
        return STAY
    checked = await check_households(context.services, context.member, tuple(ids))
    lang = context.language
    lines = [t("task.households_kept", lang, count=len(checked.kept))]
    for key, ids_refused in (
        ("task.households_unknown", checked.unknown),
        ("task.households_outside", checked.outside),
    ):
        if ids_refused:
            listed = ", ".join(ids_refused[:REFUSED_LISTED]) + ("…" if len(ids_refused) > REFUSED_LISTED else "")
            lines.append(t(key, lang, count=len(ids_refused), ids=listed))
    if not checked.kept:
        lines.append(t("task.households_none", lang))
    await reply_text(update, context, "\n".join(lines))
    if not checked.kept:
        return STAY
    draft.dtks_ids = list(checked.kept)
    return await ask(update, context, draft, DUE)


async def answer_stale_button(update: Update, context: BotContext) -> None:
    """A button of the journey pressed after it ended (e.g. Kirim pressed twice)."""
    await answer_query(update, context, "task.stale_button")


def conversation(command: Callback, user_data: Mapping[int, dict[str, Any]]) -> ConversationHandler[BotContext]:
    """The whole /tugas journey, persistent across restarts; `command` is /tugas's callback,
    guarded by the command table's roles (the buttons that begin it are guarded here)."""
    office = for_roles(*OFFICE)
    entry_points: list[BaseHandler[Update, BotContext, Any]] = [
        CommandHandler("tugas", command),
        CallbackQueryHandler(office(start), pattern=f"^{kb.NEW}$"),
        CallbackQueryHandler(office(editing.start_text_edit), pattern=f"^{kb.EDIT_TEXT}{ID}$"),
        CallbackQueryHandler(office(editing.start_due_edit), pattern=f"^{kb.EDIT_DUE}{ID}$"),
    ]
    audiences = "|".join(audience.value for audience in Audience)
    handlers: dict[str, list[BaseHandler[Update, BotContext, Any]]] = {
        TEXT: [MessageHandler(_TEXT, got_text), MessageHandler(_ATTACHMENT, got_text)],
        AUDIENCE: [CallbackQueryHandler(got_audience, pattern=f"^{kb.AUDIENCE}({audiences})$")],
        REGION: [CallbackQueryHandler(got_region, pattern=f"^{kb.REGION}{ID}$")],
        PEOPLE: [MessageHandler(_TYPED, got_people)],
        HOUSEHOLDS: [
            MessageHandler(_TYPED, got_typed_households),
            MessageHandler(_SPREADSHEET & ~filters.FORWARDED, got_household_file),
            CallbackQueryHandler(skip_households, pattern=f"^{kb.SKIP_HOUSEHOLDS}$"),
        ],
        DUE: [MessageHandler(_TYPED, got_due), CallbackQueryHandler(no_due, pattern=f"^{kb.NO_DUE}$")],
        CONFIRM: [
            CallbackQueryHandler(send, pattern=f"^{kb.SEND}$"),
            CallbackQueryHandler(toggle_urgent, pattern=f"^{kb.URGENT}$"),
            CallbackQueryHandler(TASK.guard(TASK.cancel), pattern=f"^{kb.CANCEL}$"),
        ],
        EDIT_TEXT: [MessageHandler(_TYPED, editing.got_new_text)],
        EDIT_DUE: [
            MessageHandler(_TYPED, editing.got_new_due),
            CallbackQueryHandler(editing.remove_due, pattern=f"^{kb.NO_DUE}$"),
        ],
    }
    states = {state: State(hint(state), state_handlers) for state, state_handlers in handlers.items()}
    return TASK.conversation(entry_points, states, user_data)
