"""/tugas: a coordinator (for their regions) or an admin (for all) gives companions a task or
an announcement, step by step, or changes one.

    /tugas baru, ➕ → TEXT (text; or a photo/file with or before it) → AUDIENCE (buttons)
        → REGION (buttons) | PEOPLE (numbers typed) → HOUSEHOLDS (DTKS ids typed, a CSV/XLSX,
        or Lewati) → DUE (a date, or Tanpa tenggat) → CONFIRM (preview: Kirim, ⚡, Batal)
    ✏️ Ubah teks → EDIT_TEXT;  📅 Ubah tenggat → EDIT_DUE

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
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.decisions.access import NotAllowed
from bot.decisions.tasks import (
    HOUSEHOLD_LIMIT,
    CompanionsRefused,
    DueInPast,
    EmptyText,
    NoHouseholds,
    NoRecipients,
    NothingChanged,
    Refusal,
    RegionNotCovered,
    TaskClosed,
    TaskCreated,
    TaskEdit,
    TaskEdited,
    TaskPreview,
    TextTooLong,
    TooManyHouseholds,
    check_companions,
    check_due,
    check_households,
    check_text,
    create_task,
    edit_task,
    office_regions,
    preview_task,
    task_for,
)
from bot.domain import Audience, Role, Task
from bot.files.spreadsheet import file_kind
from bot.files.task_households import read_dtks_ids
from bot.files.upload_caps import FileProblem, ReadCaps
from bot.rules.periods import parse_day
from bot.rules.task_draft import TaskDraft, typed_list
from bot.rules.tasks import due_text, kind
from bot.texts import t, t_plain
from handlers.plumbing.access import Callback, for_roles
from handlers.plumbing.buttons import ID, button_id
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import END, STAY, Hint, Journey, JourneyTexts, Next, State, answer_query
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import reply, reply_text
from handlers.registry.views import number_arg
from handlers.scheduled.tasks import send_tasks_soon
from handlers.tasks import keyboards as kb
from handlers.tasks import views

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
    return await _ask(update, context, draft, TEXT)


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
        return await _hint_and_ask(update, context, draft, TEXT)
    draft.text = text
    return await _ask(update, context, draft, AUDIENCE)


@step
async def got_audience(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take who the task is for."""
    await answer_query(update, context)
    audience = Audience(_pressed(update, kb.AUDIENCE))
    draft.audience, draft.region_code, draft.companion_ids = audience.value, None, []
    if audience is Audience.REGION:
        return await _ask(update, context, draft, REGION)
    if audience is Audience.PEOPLE:
        return await _ask(update, context, draft, PEOPLE)
    return await _ask(update, context, draft, HOUSEHOLDS)


@step
async def got_region(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take the kabupaten/kota pressed, if it is one of the person's."""
    await answer_query(update, context)
    code = _pressed(update, kb.REGION)
    if code not in await office_regions(context.services, context.member):
        return await _ask(update, context, draft, REGION)
    draft.region_code = code
    return await _ask(update, context, draft, HOUSEHOLDS)


@step
async def got_people(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take the companions' numbers; refuse them all when one is not a companion of the regions."""
    numbers = [number_arg(item) for item in typed_list(_text(update))]
    ids = [number for number in numbers if number is not None]
    if not ids or len(ids) != len(numbers):
        return await _hint_and_ask(update, context, draft, PEOPLE)
    refused = await check_companions(context.services, context.member, tuple(dict.fromkeys(ids)))
    if refused is not None:
        await reply(update, context, "task.people_refused", numbers=", ".join(map(str, refused.ids)))
        return STAY
    draft.companion_ids = list(dict.fromkeys(ids))
    return await _ask(update, context, draft, HOUSEHOLDS)


@step
async def got_typed_households(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take DTKS ids typed."""
    return await _take_households(update, context, draft, typed_list(_text(update)))


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
        return await _ask(update, context, draft, HOUSEHOLDS)
    draft.dtks_ids = []
    return await _ask(update, context, draft, DUE)


@step
async def got_due(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Take the due date: today or later."""
    due = await _read_due(update, context, draft, DUE)
    if due is None:
        return STAY
    draft.due = due.isoformat()
    return await _ask(update, context, draft, CONFIRM)


@step
async def no_due(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Go on without a due date."""
    await answer_query(update, context)
    draft.due = None
    return await _ask(update, context, draft, CONFIRM)


@step
async def toggle_urgent(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Mark the task urgent (sent in the quiet hours too), or not."""
    await answer_query(update, context)
    draft.urgent = not draft.urgent
    query = update.callback_query
    if query is not None:
        try:
            await query.edit_message_reply_markup(_confirm_buttons(draft, context.language))
            return STAY
        except TelegramError:
            pass  # too old to edit: show the preview anew
    return await _ask(update, context, draft, CONFIRM)


@step
async def send(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Store the task (its recipients are decided again now) and let the delivery round send it."""
    await answer_query(update, context)
    outcome = await create_task(context.services, context.member, draft.new_task(), draft.key)
    if not isinstance(outcome, TaskCreated):
        return await _refused(update, context, draft, outcome)
    TASK.forget(context)
    task = outcome.task
    lang = context.language
    send_tasks_soon(context.application)  # before the answer, which may wait for the chat's pace
    await confirm_reply(
        update, context, "task.created", kind=kind(task, lang), id=task.id, recipients=outcome.recipients
    )
    return END


# ── Changing a task ─────────────────────────────────────────────────────────


async def start_text_edit(update: Update, context: BotContext) -> Next:
    """✏️ Ubah teks: ask for the task's new text."""
    return await _start_edit(update, context, EDIT_TEXT)


async def start_due_edit(update: Update, context: BotContext) -> Next:
    """📅 Ubah tenggat: ask for the task's new due date."""
    return await _start_edit(update, context, EDIT_DUE)


@step
async def got_new_text(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Change the task's text."""
    return await _edit(update, context, draft, TaskEdit(text=_text(update)))


@step
async def got_new_due(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Change the task's due date."""
    due = await _read_due(update, context, draft, EDIT_DUE)
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
    return await _ask(update, context, draft, state)


async def _edit(update: Update, context: BotContext, draft: TaskDraft, edit: TaskEdit) -> Next:
    assert draft.editing is not None
    outcome = await edit_task(context.services, context.member, draft.editing, edit)
    lang = context.language
    if isinstance(outcome, TextTooLong):
        await reply(update, context, "task.text_too_long", limit=outcome.limit)
        return STAY
    if isinstance(outcome, EmptyText):
        return await _hint_and_ask(update, context, draft, EDIT_TEXT)
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


async def answer_stale_button(update: Update, context: BotContext) -> None:
    """A button of the journey pressed after it ended (e.g. Kirim pressed twice)."""
    await answer_query(update, context, "task.stale_button")


# ── Questions, hints, refusals ──────────────────────────────────────────────


async def _ask(update: Update, context: BotContext, draft: TaskDraft, state: str) -> Next:
    """Ask the question of `state` (with its buttons); return it."""
    lang, services = context.language, context.services
    example = f"{_example_day(context):%d/%m/%Y}"
    if state == TEXT:
        await reply(update, context, "task.ask_text")
    elif state == AUDIENCE:
        buttons = [
            [
                InlineKeyboardButton(
                    t_plain(f"task.audience.{audience.value}", lang), callback_data=f"{kb.AUDIENCE}{audience.value}"
                )
            ]
            for audience in Audience
        ]
        await reply(update, context, "task.ask_audience", markup=InlineKeyboardMarkup(buttons))
    elif state == REGION:
        names = await services.registry.region_names()
        codes = await office_regions(services, context.member)
        buttons = [[InlineKeyboardButton(names.get(code, code), callback_data=f"{kb.REGION}{code}")] for code in codes]
        await reply(update, context, "task.ask_region", markup=InlineKeyboardMarkup(buttons))
    elif state == PEOPLE:
        await _ask_people(update, context)
    elif state == HOUSEHOLDS:
        if draft.audience == Audience.HOUSEHOLDS.value:
            await reply(update, context, "task.ask_households")
        else:
            skip = InlineKeyboardButton(t_plain("task.button.skip", lang), callback_data=kb.SKIP_HOUSEHOLDS)
            await reply(update, context, "task.ask_households_or_skip", markup=InlineKeyboardMarkup([[skip]]))
    elif state in (DUE, EDIT_DUE):
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(t_plain("task.button.no_due", lang), callback_data=kb.NO_DUE)]]
        )
        if state == DUE:
            await reply(update, context, "task.ask_due", example=example, markup=markup)
        else:
            task = await _edited_task(context, draft)
            due = due_text(task, lang, services.settings.locale.tz)
            await reply(
                update,
                context,
                "task.ask_new_due",
                kind=kind(task, lang),
                id=task.id,
                due=due,
                example=example,
                markup=markup,
            )
    elif state == CONFIRM:
        return await _preview(update, context, draft)
    elif state == EDIT_TEXT:
        task = await _edited_task(context, draft)
        await reply(update, context, "task.ask_new_text", kind=kind(task, lang), id=task.id, text=task.text)
    return state


async def _ask_people(update: Update, context: BotContext) -> None:
    services, lang = context.services, context.language
    regions = await office_regions(services, context.member)
    names = await services.registry.region_names()
    companions = [
        person for person in await services.recipients.active(Role.COMPANION) if set(person.region_codes) & set(regions)
    ]
    lines = [
        t_plain(
            "task.people_line", lang, id=person.id, name=person.full_name, region=names.get(person.region_codes[0], "")
        )
        for person in companions
    ]
    example = ", ".join(str(person.id) for person in companions[:3]) or "12, 15"
    # A province's companions are more than a message holds: what does not fit follows as a file.
    await reply(update, context, "task.ask_people", example=example, people="\n".join(lines))


async def _preview(update: Update, context: BotContext, draft: TaskDraft) -> Next:
    """Show what will be sent and to how many; a refusal asks its step again."""
    outcome = await preview_task(context.services, context.member, draft.new_task())
    if not isinstance(outcome, TaskPreview):
        return await _refused(update, context, draft, outcome)
    lang = context.language
    audience = t_plain(f"task.audience.{draft.audience}", lang)
    if draft.region_code is not None:
        names = await context.services.registry.region_names()
        audience = t_plain("task.preview_region", lang, audience=audience, region=names.get(draft.region_code, ""))
    announcement = not draft.dtks_ids
    text = t(
        "task.preview",
        lang,
        kind=t_plain("task.kind.announcement" if announcement else "task.kind.task", lang).lower(),
        text=draft.text or "",
        recipients=outcome.recipients,
        audience=audience,
        households=len(outcome.households.kept),
        due=f"{date.fromisoformat(draft.due):%d/%m/%Y}" if draft.due else t_plain("task.no_due", lang),
        attachment=draft.attachment_name or t_plain("task.yes" if draft.attachment_file_id else "task.no", lang),
        urgent=t_plain("task.urgent_note" if draft.urgent else "task.no", lang),
    )
    await reply_text(update, context, text, markup=_confirm_buttons(draft, lang))
    return CONFIRM


def _confirm_buttons(draft: TaskDraft, lang: str) -> InlineKeyboardMarkup:
    def button(key: str, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(t_plain(key, lang), callback_data=data)

    urgent = "task.button.urgent_on" if draft.urgent else "task.button.urgent_off"
    return InlineKeyboardMarkup(
        [[button("task.button.send", kb.SEND)], [button(urgent, kb.URGENT), button("task.button.cancel", kb.CANCEL)]]
    )


async def _refused(update: Update, context: BotContext, draft: TaskDraft, refusal: Refusal) -> Next:
    """Say why the task cannot go as it is, and ask the step that can change it."""
    if isinstance(refusal, NotAllowed):
        return await TASK.cancel(update, context)
    if isinstance(refusal, EmptyText | TextTooLong):
        return await _ask(update, context, draft, TEXT)
    if isinstance(refusal, DueInPast):
        await reply(update, context, "task.due_past", due=f"{refusal.due:%d/%m/%Y}")
        return await _ask(update, context, draft, DUE)
    if isinstance(refusal, NoHouseholds | TooManyHouseholds):
        await reply(update, context, "task.households_none")
        return await _ask(update, context, draft, HOUSEHOLDS)
    if isinstance(refusal, CompanionsRefused):
        await reply(update, context, "task.people_refused", numbers=", ".join(map(str, refusal.ids)))
    elif isinstance(refusal, RegionNotCovered):
        await reply(update, context, "task.region_not_covered")
    elif isinstance(refusal, NoRecipients):
        await reply(update, context, "task.no_recipients")
    return await _ask(update, context, draft, AUDIENCE)


async def _take_households(update: Update, context: BotContext, draft: TaskDraft, ids: list[str]) -> Next:
    """Keep the households the person may name; list the others; go on if any was kept."""
    if len(ids) > HOUSEHOLD_LIMIT:
        await reply(update, context, "task.too_many_households", limit=HOUSEHOLD_LIMIT)
        return STAY
    checked = await check_households(context.services, context.member, tuple(ids))
    lang = context.language
    lines = [t("task.households_kept", lang, count=len(checked.kept))]
    for key, refused in (("task.households_unknown", checked.unknown), ("task.households_outside", checked.outside)):
        if refused:
            listed = ", ".join(refused[:REFUSED_LISTED]) + ("…" if len(refused) > REFUSED_LISTED else "")
            lines.append(t(key, lang, count=len(refused), ids=listed))
    if not checked.kept:
        lines.append(t("task.households_none", lang))
    await reply_text(update, context, "\n".join(lines))
    if not checked.kept:
        return STAY
    draft.dtks_ids = list(checked.kept)
    return await _ask(update, context, draft, DUE)


async def _read_due(update: Update, context: BotContext, draft: TaskDraft, state: str) -> date | None:
    """The date typed, if it is one and not over; else say why (the step waits)."""
    day = parse_day(_text(update))
    if day is None:
        await reply(update, context, "task.due_bad", example=f"{_example_day(context):%d/%m/%Y}")
        return None
    if isinstance(check_due(context.services, day), DueInPast):
        await reply(update, context, "task.due_past", due=f"{day:%d/%m/%Y}")
        return None
    return day


async def _edited_task(context: BotContext, draft: TaskDraft) -> Task:
    assert draft.editing is not None
    task = await context.services.tasks.by_id(draft.editing)
    assert task is not None, "an edit begins with a task the person may change"
    return task


def _hint(state: str) -> Hint[TaskDraft]:
    """What `state` waits for, then its question again; the draft stays as it was."""
    key = {
        TEXT: "task.hint.text",
        PEOPLE: "task.hint.people",
        HOUSEHOLDS: "task.hint.households",
        DUE: "task.hint.due",
        EDIT_DUE: "task.hint.due",
        EDIT_TEXT: "task.hint.edit_text",
        CONFIRM: "task.hint.confirm",
    }.get(state, "task.hint.buttons")

    async def ask_again(update: Update, context: BotContext, draft: TaskDraft) -> None:
        if state == CONFIRM:  # the buttons again, not the whole preview
            await reply(update, context, key, markup=_confirm_buttons(draft, context.language))
            return
        await reply(update, context, key, example=f"{_example_day(context):%d/%m/%Y}")
        await _ask(update, context, draft, state)

    return ask_again


async def _hint_and_ask(update: Update, context: BotContext, draft: TaskDraft, state: str) -> Next:
    await _hint(state)(update, context, draft)
    return STAY


def _pressed(update: Update, prefix: str) -> str:
    data = update.callback_query.data if update.callback_query else None
    return str(data or "").removeprefix(prefix)


def _text(update: Update) -> str:
    message = update.effective_message
    return message.text or "" if message is not None else ""


def _example_day(context: BotContext) -> date:
    """A week from today, for the examples of a date."""
    tz = context.services.settings.locale.tz
    return datetime.fromtimestamp(context.services.clock.now(), tz).date() + timedelta(days=7)


def conversation(command: Callback, user_data: Mapping[int, dict[str, Any]]) -> ConversationHandler[BotContext]:
    """The whole /tugas journey, persistent across restarts; `command` is /tugas's callback,
    guarded by the command table's roles (the buttons that begin it are guarded here)."""
    office = for_roles(*OFFICE)
    entry_points: list[BaseHandler[Update, BotContext, Any]] = [
        CommandHandler("tugas", command),
        CallbackQueryHandler(office(start), pattern=f"^{kb.NEW}$"),
        CallbackQueryHandler(office(start_text_edit), pattern=f"^{kb.EDIT_TEXT}{ID}$"),
        CallbackQueryHandler(office(start_due_edit), pattern=f"^{kb.EDIT_DUE}{ID}$"),
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
        EDIT_TEXT: [MessageHandler(_TYPED, got_new_text)],
        EDIT_DUE: [MessageHandler(_TYPED, got_new_due), CallbackQueryHandler(remove_due, pattern=f"^{kb.NO_DUE}$")],
    }
    states = {state: State(_hint(state), state_handlers) for state, state_handlers in handlers.items()}
    return TASK.conversation(entry_points, states, user_data)
