"""What each step of /tugas asks, what it says to a message it cannot use, and which step a
refusal at Kirim sends the person back to."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.decisions.access import NotAllowed
from bot.decisions.tasks import (
    CompanionsRefused,
    DueInPast,
    EmptyText,
    NoHouseholds,
    NoRecipients,
    Refusal,
    RegionNotCovered,
    TaskPreview,
    TextTooLong,
    TooManyHouseholds,
    office_regions,
    preview_task,
)
from bot.domain import Audience, Role, Task
from bot.rules.task_draft import TaskDraft
from bot.rules.tasks import due_text, kind
from bot.texts import t, t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import STAY, Hint, Next
from handlers.plumbing.replies import reply, reply_text
from handlers.tasks import keyboards as kb
from handlers.tasks.session import (
    AUDIENCE,
    CONFIRM,
    DUE,
    EDIT_DUE,
    EDIT_TEXT,
    HOUSEHOLDS,
    PEOPLE,
    REGION,
    TASK,
    TEXT,
    example_day,
)


async def ask(update: Update, context: BotContext, draft: TaskDraft, state: str) -> Next:
    """Ask the question of `state` (with its buttons); return it."""
    lang, services = context.language, context.services
    example = f"{example_day(context):%d/%m/%Y}"
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
            task = await edited_task(context, draft)
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
        task = await edited_task(context, draft)
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
        return await refused(update, context, draft, outcome)
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
    await reply_text(update, context, text, markup=confirm_buttons(draft, lang))
    return CONFIRM


def confirm_buttons(draft: TaskDraft, lang: str) -> InlineKeyboardMarkup:
    def button(key: str, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(t_plain(key, lang), callback_data=data)

    urgent = "task.button.urgent_on" if draft.urgent else "task.button.urgent_off"
    return InlineKeyboardMarkup(
        [[button("task.button.send", kb.SEND)], [button(urgent, kb.URGENT), button("task.button.cancel", kb.CANCEL)]]
    )


async def refused(update: Update, context: BotContext, draft: TaskDraft, refusal: Refusal) -> Next:
    """Say why the task cannot go as it is, and ask the step that can change it."""
    if isinstance(refusal, NotAllowed):
        return await TASK.cancel(update, context)
    if isinstance(refusal, EmptyText | TextTooLong):
        return await ask(update, context, draft, TEXT)
    if isinstance(refusal, DueInPast):
        await reply(update, context, "task.due_past", due=f"{refusal.due:%d/%m/%Y}")
        return await ask(update, context, draft, DUE)
    if isinstance(refusal, NoHouseholds | TooManyHouseholds):
        await reply(update, context, "task.households_none")
        return await ask(update, context, draft, HOUSEHOLDS)
    if isinstance(refusal, CompanionsRefused):
        await reply(update, context, "task.people_refused", numbers=", ".join(map(str, refusal.ids)))
    elif isinstance(refusal, RegionNotCovered):
        await reply(update, context, "task.region_not_covered")
    elif isinstance(refusal, NoRecipients):
        await reply(update, context, "task.no_recipients")
    return await ask(update, context, draft, AUDIENCE)


async def edited_task(context: BotContext, draft: TaskDraft) -> Task:
    assert draft.editing is not None
    task = await context.services.tasks.by_id(draft.editing)
    assert task is not None, "an edit begins with a task the person may change"
    return task


def hint(state: str) -> Hint[TaskDraft]:
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
            await reply(update, context, key, markup=confirm_buttons(draft, context.language))
            return
        await reply(update, context, key, example=f"{example_day(context):%d/%m/%Y}")
        await ask(update, context, draft, state)

    return ask_again


async def hint_and_ask(update: Update, context: BotContext, draft: TaskDraft, state: str) -> Next:
    await hint(state)(update, context, draft)
    return STAY
