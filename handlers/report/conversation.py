"""The visit report conversation: a companion at a household reports the visit.

Flow: /lapor (or the main-menu button, or an inline `rep:start` button from a reminder)
→ LOCATION (a live location, checked for forwarding, age and accuracy; a static one is taken
  but counts as weak evidence, and a live location shared at any later step replaces it)
→ HOUSEHOLD (own households nearest first, paging, search by name or DTKS id)
→ VERDICT (only when the position is not verified: continue, propose coordinates, cancel)
→ PHOTOS (1..N, downloaded, hashed, checked for reuse and EXIF)
→ CONDITIONS (inline toggles) → NOTE (text or voice, optional) → CONFIRM (Send / Cancel).

The report is a journey of `handlers.plumbing.journey`, declared in `session`: its draft lives
in `user_data`, so a restart resumes at the same step and the idle limit holds across restarts,
and every step answers any other message with its hint and stays. /batal (or the Batal key,
which replaces the main menu while a report is written) cancels everywhere, and /lapor
mid-report offers to go on or start again. The prompts are in `prompts`, the location step in
`location`, the photo and voice steps in `photos`, Send in `sending`.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Mapping
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain import Verdict
from bot.rules.readable import distance_text
from bot.rules.report import CONDITION_MARKS, ReportDraft, conditions_complete, next_mark, report_position
from bot.texts import t
from handlers.plumbing.access import Callback
from handlers.plumbing.buttons import ID
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import END, Next, State, answer_query, say
from handlers.plumbing.replies import reply
from handlers.report import keyboards as kb
from handlers.report.location import receive_location, upgrade_location
from handlers.report.photos import finish_photos, receive_photo, receive_voice_note
from handlers.report.prompts import STEP_HINTS, ask_note, ask_photos, list_households, show_summary
from handlers.report.sending import merge_into_earlier, send_report, store_as_new_visit
from handlers.report.session import (
    CONDITIONS,
    CONFIRM,
    HOUSEHOLD,
    LOCATION,
    NOTE,
    PHOTOS,
    REPORT,
    VERDICT,
    callback_suffix,
)

NOTE_LIMIT = 1000
NOT_EDITED = ~filters.UpdateType.EDITED
# Text the companion wrote now: a forwarded message is someone else's words, and a keyboard
# label (the report's Batal, or a main-menu button still on screen) is a press, not a text.
TYPED = filters.TEXT & ~filters.COMMAND & ~filters.FORWARDED & ~filters.Text(kb.KEYBOARD_LABELS) & NOT_EDITED
CANCEL_KEY = filters.Text(kb.menu_labels("report.button.cancel")) & NOT_EDITED
REPORT_KEY = filters.Text(kb.menu_labels("report.menu.report")) & NOT_EDITED


async def start_report(update: Update, context: BotContext) -> Next:
    """Begin a report: ask for the companion's location."""
    await answer_query(update, context)
    person = context.member
    if not await context.services.nearby.has_any(person.id):
        await reply(update, context, "report.no_households")
        return END
    now = context.services.clock.now()
    await REPORT.begin(context, ReportDraft(uuid.uuid4().hex, now, started_at=_start_date(update)))
    await reply(update, context, "report.ask_location", markup=kb.during_report(person.language))
    return LOCATION


def _start_date(update: Update) -> int | None:
    """Telegram's date of what started the report: the command or menu text, or the message
    whose button was pressed (a button's press has no date; the press came after it)."""
    if update.callback_query is not None:
        pressed = update.callback_query.message
        return int(pressed.date.timestamp()) if pressed is not None and pressed.is_accessible else None
    message = update.effective_message
    return int(message.date.timestamp()) if message is not None else None


async def answer_stale_button(update: Update, context: BotContext) -> None:
    """Answer a report button whose report has ended: nothing happens."""
    await answer_query(update, context, "report.stale_button")


@REPORT.step
async def search_households(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """List the companion's households whose name or DTKS id matches the text."""
    message = update.effective_message
    assert message is not None and message.text is not None
    draft.query, draft.page = message.text.strip()[:64], 0
    return await list_households(update, context, draft)


@REPORT.step
async def turn_page(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Show another page of the current household list."""
    await answer_query(update, context)
    draft.page = max(0, int(callback_suffix(update, kb.PAGE)))
    return await list_households(update, context, draft)


@REPORT.step
async def show_nearest(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Go back from search results to the nearest households."""
    await answer_query(update, context)
    draft.query, draft.page = None, 0
    return await list_households(update, context, draft)


@REPORT.step
async def choose_household(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Take the chosen household and tell the companion the verdict of their position."""
    assert draft.location is not None
    person = context.member
    household = await context.services.nearby.own_active(person.id, int(callback_suffix(update, kb.CHOOSE)))
    if household is None:
        await answer_query(update, context, "report.not_yours")
        return HOUSEHOLD
    await answer_query(update, context)
    draft.household_id = household.id
    verification = context.services.settings.verification
    position, distance, verdict = report_position(draft, household, verification)
    accuracy = min(position.accuracy_m or 0.0, verification.accuracy_cap_m)
    values: dict[str, Any] = {
        "name": household.head_name,
        "distance": distance_text(distance, person.language),
        "radius": f"{verification.radius_m:.0f}",
        "accuracy": f"{accuracy:.0f}",
    }
    if verdict is Verdict.VERIFIED:
        # One message: the companion goes straight on to the photos.
        return await ask_photos(update, context, lead=t("report.verdict.verified", person.language, **values))
    await reply(
        update, context, f"report.verdict.{verdict.value}", markup=kb.after_verdict(verdict, person.language), **values
    )
    return VERDICT


@REPORT.step
async def continue_after_verdict(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Go on to the photos despite the verdict."""
    await answer_query(update, context)
    return await ask_photos(update, context)


@REPORT.step
async def propose_position(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Note that this position is proposed as the household's location, then go on."""
    await answer_query(update, context)
    draft.propose_coordinates = True
    await reply(update, context, "report.proposal.noted")
    return await ask_photos(update, context)


@REPORT.step
async def toggle_condition(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Set the mark of one condition (the pressed mark, or the next one when its name was
    pressed) and redraw the toggles."""
    query = update.callback_query
    assert query is not None
    await answer_query(update, context)
    keys = context.services.settings.report.conditions
    index, _, mark = callback_suffix(update, kb.TOGGLE).partition(":")
    if int(index) >= len(keys) or (mark and int(mark) >= len(CONDITION_MARKS)):
        return CONDITIONS
    key = keys[int(index)]
    chosen = CONDITION_MARKS[int(mark)] if mark else next_mark(draft.conditions.get(key))
    if draft.conditions.get(key) == chosen:
        return CONDITIONS  # pressed again: nothing to redraw
    draft.conditions[key] = chosen
    # The message may be gone or unchanged; the marks are kept in the draft either way.
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(kb.conditions(keys, draft.conditions, context.language))
    return CONDITIONS


@REPORT.step
async def finish_conditions(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Move on to the note once every condition is marked."""
    if not conditions_complete(draft.conditions, context.services.settings.report):
        await answer_query(update, context, "report.conditions.incomplete")
        return CONDITIONS
    await answer_query(update, context)
    return await ask_note(update, context)


@REPORT.step
async def receive_note(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Keep the written note and show the summary."""
    message = update.effective_message
    assert message is not None and message.text is not None
    if len(message.text) > NOTE_LIMIT:
        await reply(update, context, "report.note.too_long", limit=NOTE_LIMIT)
        return NOTE
    draft.note = message.text.strip()
    return await show_summary(update, context, draft)


@REPORT.step
async def skip_note(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Go to the summary without a note."""
    await answer_query(update, context)
    return await show_summary(update, context, draft)


async def offer_restart(update: Update, context: BotContext) -> None:
    """/lapor (or its menu button) while a report is under way: go on with it, or start again."""
    await answer_query(update, context)
    await reply(update, context, "report.already_started", markup=kb.resume_or_restart(context.language))


def resume(hint_key: str) -> Callback:
    """A callback going on with the report where it was: it repeats what the step expects."""

    async def go_on(update: Update, context: BotContext) -> None:
        """Say again what this step expects."""
        await answer_query(update, context)
        await reply(update, context, hint_key)

    return go_on


cancel = REPORT.guard(REPORT.cancel)


def _step(state: str, *handlers: BaseHandler[Update, BotContext, Any]) -> State[ReportDraft]:
    """A state: its hint; the Batal key and restarting first, the step's own handlers, then a
    live location that may replace a static one."""
    hint_key = STEP_HINTS[state]
    upgrade = [] if state == LOCATION else [MessageHandler(filters.LOCATION & NOT_EDITED, upgrade_location(state))]
    return State(
        say(hint_key),
        [
            MessageHandler(CANCEL_KEY, cancel),
            CallbackQueryHandler(cancel, pattern=f"^{kb.CANCEL}$"),
            CommandHandler("lapor", offer_restart),
            MessageHandler(REPORT_KEY, offer_restart),
            CallbackQueryHandler(offer_restart, pattern=f"^{kb.START}$"),
            CallbackQueryHandler(resume(hint_key), pattern=f"^{kb.RESUME}$"),
            # Starting again is a step of the report: only while the sender is still a companion.
            CallbackQueryHandler(REPORT.guard(start_report), pattern=f"^{kb.RESTART}$"),
            *handlers,
            *upgrade,
        ],
    )


def build_conversation(user_data: Mapping[int, dict[str, Any]], start: Callback) -> ConversationHandler[BotContext]:
    """The report conversation, laid out step by step; `start` is /lapor's callback, guarded by
    the command table's roles."""
    entry_points: list[BaseHandler[Update, BotContext, Any]] = [
        # Reports are made in the private chat with the bot only.
        CommandHandler("lapor", start, filters=filters.ChatType.PRIVATE & NOT_EDITED),
        MessageHandler(
            filters.Text(kb.menu_labels("report.menu.report")) & filters.ChatType.PRIVATE & NOT_EDITED, start
        ),
        CallbackQueryHandler(start, pattern=f"^{kb.START}$"),
    ]
    states = {
        LOCATION: _step(
            LOCATION,
            MessageHandler(filters.LOCATION & NOT_EDITED, receive_location),
        ),
        HOUSEHOLD: _step(
            HOUSEHOLD,
            CallbackQueryHandler(choose_household, pattern=rf"^{kb.CHOOSE}{ID}$"),
            CallbackQueryHandler(turn_page, pattern=rf"^{kb.PAGE}{ID}$"),
            CallbackQueryHandler(show_nearest, pattern=f"^{kb.NEAREST}$"),
            MessageHandler(filters.LOCATION & NOT_EDITED, receive_location),
            MessageHandler(TYPED, search_households),
        ),
        VERDICT: _step(
            VERDICT,
            CallbackQueryHandler(continue_after_verdict, pattern=f"^{kb.CONTINUE}$"),
            CallbackQueryHandler(propose_position, pattern=f"^{kb.PROPOSE}$"),
        ),
        PHOTOS: _step(
            PHOTOS,
            MessageHandler((filters.PHOTO | filters.Document.IMAGE) & NOT_EDITED, receive_photo),
            CallbackQueryHandler(finish_photos, pattern=f"^{kb.PHOTOS_DONE}$"),
        ),
        CONDITIONS: _step(
            CONDITIONS,
            CallbackQueryHandler(toggle_condition, pattern=rf"^{kb.TOGGLE}{ID}(:[0-9])?$"),
            CallbackQueryHandler(finish_conditions, pattern=f"^{kb.CONDITIONS_DONE}$"),
        ),
        NOTE: _step(
            NOTE,
            MessageHandler(TYPED, receive_note),
            MessageHandler(filters.VOICE & ~filters.FORWARDED & NOT_EDITED, receive_voice_note),
            CallbackQueryHandler(skip_note, pattern=f"^{kb.SKIP_NOTE}$"),
        ),
        CONFIRM: _step(
            CONFIRM,
            CallbackQueryHandler(send_report, pattern=f"^{kb.SEND}$"),
            CallbackQueryHandler(merge_into_earlier, pattern=f"^{kb.SAME_VISIT}$"),
            CallbackQueryHandler(store_as_new_visit, pattern=f"^{kb.NEW_VISIT}$"),
        ),
    }
    return REPORT.conversation(entry_points, states, user_data)
