"""The visit report conversation: a companion at a household reports the visit.

Flow: /lapor (or the main-menu button, or an inline `rep:start` button from a reminder)
→ LOCATION (a live location, checked for forwarding, age and accuracy; a static one is taken
  but counts as weak evidence, and a live location shared at any later step replaces it)
→ HOUSEHOLD (own households nearest first, paging, search by name or DTKS id)
→ VERDICT (only when the position is not verified: continue, propose coordinates, cancel)
→ PHOTOS (1..N, downloaded, hashed, checked for reuse and EXIF)
→ CONDITIONS (inline toggles) → NOTE (text or voice, optional) → CONFIRM (Send / Cancel).

The draft lives in `user_data` (see `report_session`), so a restart resumes at the same step
and the idle limit holds across restarts. Every step answers any other message with a hint
and stays; /batal (or the Batal key, which replaces the main menu while a report is written)
cancels everywhere, and /lapor mid-report offers to go on or start again. The prompts are in
`report_prompts`, the photo and voice steps in `report_photos`.
"""

from __future__ import annotations

import contextlib
import uuid
import warnings
from collections.abc import Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any

from telegram import Location, Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.domain import Household, Person, Verdict
from bot.rules.coordinates import visit_position_problem
from bot.rules.readable import distance_text
from bot.rules.relocation import REPEATED_VISITS, relocation_proposal
from bot.rules.report import (
    CONDITION_MARKS,
    ReportDraft,
    SharedLocation,
    compose_visit,
    conditions_complete,
    new_photo,
    next_mark,
    position_verdict,
    shared_before_start,
)
from bot.texts import t
from handlers.plumbing.buttons import ID
from handlers.plumbing.context import BotContext
from handlers.plumbing.outbox import outbox_of
from handlers.plumbing.replies import reply
from handlers.report import keyboards as kb
from handlers.report.photos import finish_photos, receive_photo, receive_voice_note
from handlers.report.prompts import ask_note, ask_photos, list_households, show_summary
from handlers.report.recovery import send_receipt
from handlers.report.session import (
    CONDITIONS,
    CONFIRM,
    END,
    HOUSEHOLD,
    LOCATION,
    NOTE,
    PHOTOS,
    REPORT,
    VERDICT,
    abandon_draft,
    answer_query,
    callback_suffix,
    drop_draft,
    keep_draft,
    main_menu_for,
    report_step,
    send,
)
from handlers.scheduled.jobs import alert_soon

if TYPE_CHECKING:  # the command table imports this module for its callback
    from handlers.commands import Command

NOTE_LIMIT = 1000
# What each step waits for, said again to anything else sent there.
STEP_HINTS = {
    LOCATION: "report.hint.location",
    HOUSEHOLD: "report.hint.household",
    VERDICT: "report.hint.verdict",
    PHOTOS: "report.hint.photos",
    CONDITIONS: "report.hint.conditions",
    NOTE: "report.hint.note",
    CONFIRM: "report.hint.confirm",
}
NOT_EDITED = ~filters.UpdateType.EDITED
# Text the companion wrote now: a forwarded message is someone else's words, and a keyboard
# label (the report's Batal, or a main-menu button still on screen) is a press, not a text.
TYPED = filters.TEXT & ~filters.COMMAND & ~filters.FORWARDED & ~filters.Text(kb.KEYBOARD_LABELS) & NOT_EDITED
CANCEL_KEY = filters.Text(kb.menu_labels("report.button.cancel")) & NOT_EDITED
REPORT_KEY = filters.Text(kb.menu_labels("report.menu.report")) & NOT_EDITED


async def start_report(update: Update, context: BotContext) -> int:
    """Begin a report: ask for the companion's location."""
    await answer_query(update, context)
    person = context.member
    if not await context.services.nearby.has_any(person.id):
        await reply(update, context, "report.no_households")
        return END
    await abandon_draft(context)  # a draft left over from a lost conversation
    keep_draft(context, ReportDraft(uuid.uuid4().hex, context.services.clock.now(), started_at=_start_date(update)))
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


async def cancel(update: Update, context: BotContext) -> int:
    """Cancel the report at any step; nothing is stored."""
    await answer_query(update, context)
    await abandon_draft(context)
    await reply(update, context, "report.cancelled", markup=await main_menu_for(update, context))
    return END


def hint(key: str) -> Callable[[Update, BotContext], Coroutine[Any, Any, None]]:
    """A callback answering anything unexpected at a step with the hint `key`, staying there."""

    async def answer_with_hint(update: Update, context: BotContext) -> None:
        """Explain what this step expects and stay in it."""
        await answer_query(update, context, "report.stale_button")
        await reply(update, context, key)

    return answer_with_hint


async def answer_stale_button(update: Update, context: BotContext) -> None:
    """Answer a report button whose report has ended: nothing happens."""
    await answer_query(update, context, "report.stale_button")


@report_step
async def receive_location(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Check the shared location, keep it and list the nearest households."""
    message = update.effective_message
    assert message is not None and message.location is not None
    refusal = _location_refusal(message, draft, context)
    if refusal is not None:
        return await _refuse_location(update, context, refusal, LOCATION if draft.location is None else HOUSEHOLD)
    draft.location = _shared(message, context.services.clock.now())
    draft.track, draft.query, draft.page = [], None, 0
    # What was received and the households to choose from, in one message (one call, one turn of the chat's limit).
    received = t("report.location.live" if draft.location.live else "report.location.static", context.language)
    return await list_households(update, context, draft, lead=received)


def _shared(message: Message, now: int) -> SharedLocation:
    location = message.location
    assert location is not None
    return SharedLocation(
        latitude=location.latitude,
        longitude=location.longitude,
        accuracy_m=location.horizontal_accuracy,
        live_period_s=live_period_s(location),
        sent_at=int(message.date.timestamp()),
        chat_id=message.chat_id,
        message_id=message.message_id,
        delay_s=max(0, now - int(message.date.timestamp())),
    )


def upgrade_location(state: int) -> Callable[[Update, BotContext], Coroutine[Any, Any, int]]:
    """A location sent after the household was chosen: a live one replaces a static point (the
    report then counts as live), anything else is explained; the step stays where it was."""

    @report_step
    async def take_live_location(update: Update, context: BotContext, draft: ReportDraft) -> int:
        """Make a live location shared mid-report the report's evidence."""
        message = update.effective_message
        assert message is not None and message.location is not None and draft.location is not None
        refusal = _location_refusal(message, draft, context)
        if refusal is not None:
            return await _refuse_location(update, context, refusal, state)
        if draft.location.live or not live_period_s(message.location):
            await reply(update, context, "report.location.kept")
        else:
            draft.location, draft.track = _shared(message, context.services.clock.now()), []
            await reply(update, context, "report.location.upgraded")
        return state

    return take_live_location


def live_period_s(location: Location) -> int | None:
    """The live period in seconds (read raw: PTB 22 warns that the attribute will change type)."""
    value = location.to_dict().get("live_period")
    return int(value) if value else None


async def _refuse_location(update: Update, context: BotContext, refusal: tuple[str, dict[str, Any]], state: int) -> int:
    """Say why the location cannot be used; after the location step, also what this step waits for."""
    key, values = refusal
    await reply(update, context, key, **values)
    if state != LOCATION:
        await reply(update, context, STEP_HINTS[state])
    return state


def _location_refusal(message: Message, draft: ReportDraft, context: BotContext) -> tuple[str, dict[str, Any]] | None:
    settings = context.services.settings
    verification = settings.verification
    location = message.location
    assert location is not None
    if message.forward_origin is not None:
        return "report.refused.forwarded", {}
    if message.venue is not None:
        return "report.refused.venue", {}
    # No household of the province can be verified from there: refused rather than flagged later.
    reach_m = verification.radius_m + verification.max_accuracy_m
    problem = visit_position_problem(location.latitude, location.longitude, settings.province.box, reach_m)
    if problem is not None:
        return f"report.refused.{problem.value}", {}
    # Judged at the message's own date: a location the bot handles late (it was down) is not stale.
    before = shared_before_start(int(message.date.timestamp()), draft.started_at, verification)
    if before is not None:
        return "report.refused.stale", {"minutes": before // 60}
    accuracy = location.horizontal_accuracy
    if accuracy is not None and accuracy > verification.max_accuracy_m:
        return "report.refused.accuracy", {"accuracy": f"{accuracy:.0f}", "limit": f"{verification.max_accuracy_m:.0f}"}
    if verification.require_live_location and not live_period_s(location):
        return "report.refused.static", {}
    return None


@report_step
async def search_households(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """List the companion's households whose name or DTKS id matches the text."""
    message = update.effective_message
    assert message is not None and message.text is not None
    draft.query, draft.page = message.text.strip()[:64], 0
    return await list_households(update, context, draft)


@report_step
async def turn_page(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Show another page of the current household list."""
    await answer_query(update, context)
    draft.page = max(0, int(callback_suffix(update, kb.PAGE)))
    return await list_households(update, context, draft)


@report_step
async def show_nearest(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Go back from search results to the nearest households."""
    await answer_query(update, context)
    draft.query, draft.page = None, 0
    return await list_households(update, context, draft)


@report_step
async def choose_household(update: Update, context: BotContext, draft: ReportDraft) -> int:
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
    distance, verdict = position_verdict(draft.location, household, verification)
    accuracy = min(draft.location.accuracy_m or 0.0, verification.accuracy_cap_m)
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


@report_step
async def continue_after_verdict(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Go on to the photos despite the verdict."""
    await answer_query(update, context)
    return await ask_photos(update, context)


@report_step
async def propose_position(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Note that this position is proposed as the household's location, then go on."""
    await answer_query(update, context)
    draft.propose_coordinates = True
    await reply(update, context, "report.proposal.noted")
    return await ask_photos(update, context)


@report_step
async def toggle_condition(update: Update, context: BotContext, draft: ReportDraft) -> int:
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


@report_step
async def finish_conditions(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Move on to the note once every condition is marked."""
    if not conditions_complete(draft.conditions, context.services.settings.report):
        await answer_query(update, context, "report.conditions.incomplete")
        return CONDITIONS
    await answer_query(update, context)
    return await ask_note(update, context)


@report_step
async def receive_note(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Keep the written note and show the summary."""
    message = update.effective_message
    assert message is not None and message.text is not None
    if len(message.text) > NOTE_LIMIT:
        await reply(update, context, "report.note.too_long", limit=NOTE_LIMIT)
        return NOTE
    draft.note = message.text.strip()
    return await show_summary(update, context, draft)


@report_step
async def skip_note(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Go to the summary without a note."""
    await answer_query(update, context)
    return await show_summary(update, context, draft)


@report_step
async def send_report(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Store the report in one transaction (once, however often Send is pressed) and give a
    receipt; first ask whether it repeats a report of the same household stored just before."""
    return await _store(update, context, draft)


@report_step
async def store_as_new_visit(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """The companion says this report is a new visit: store it."""
    draft.new_visit = True
    return await _store(update, context, draft)


async def _store(update: Update, context: BotContext, draft: ReportDraft) -> int:
    await answer_query(update, context)
    person = context.member
    assert draft.household_id is not None and draft.location is not None
    services = context.services
    household = await services.nearby.own_active(person.id, draft.household_id)
    if household is None:
        # Reassigned or deactivated by an admin while the report was being written.
        await abandon_draft(context)
        await send(update, context, t("report.household_gone", person.language), kb.main_menu(person.language))
        return END
    if not draft.new_visit and not await services.visits.by_keys([draft.key]):
        window_s = services.settings.report.duplicate_window_minutes * 60
        earlier = (
            await services.visits.same_visit_candidate(person.id, household.id, draft.location.sent_at, window_s)
            if window_s
            else None
        )
        if earlier is not None:
            draft.earlier_visit_id = earlier.id
            minutes = abs(draft.location.sent_at - earlier.started_at) // 60
            await reply(
                update,
                context,
                "report.same_visit.ask",
                markup=kb.same_visit(person.language),
                number=earlier.id,
                minutes=minutes,
            )
            return CONFIRM
    latest = await services.visits.latest_of_companion(person.id, 1)
    visit = compose_visit(
        draft,
        household,
        companion_id=person.id,
        now=services.clock.now(),
        previous=latest[0] if latest else None,
        verification=services.settings.verification,
    )
    visit_id, created = await services.visits.add(visit)
    # Also on a repeated Send: a crash may have come between the visit and the proposal.
    relocated = visit.verdict is Verdict.OUTSIDE and await _propose_relocation(context, household, person, visit_id)
    if relocated or (created and (visit.flags or visit.proposal)):
        alert_soon(context.application)
    drop_draft(context)
    await send_receipt(context.application, draft.location.chat_id, visit_id, visit.flags, person.language)
    return END


@report_step
async def merge_into_earlier(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """The companion says this report repeats the earlier one: store no new report, add its new
    photos to the earlier one."""
    await answer_query(update, context)
    person = context.member
    assert draft.location is not None
    services = context.services
    earlier = await services.visits.by_id(draft.earlier_visit_id) if draft.earlier_visit_id else None
    if earlier is None or earlier.companion_id != person.id:
        return CONFIRM
    added = await services.visits.attach_photos(
        earlier.id, [new_photo(photo) for photo in draft.photos], services.clock.now()
    )
    await abandon_draft(context)  # deletes the files of photos the earlier report already had
    lang = person.language
    await outbox_of(context.application).confirm(
        f"same-visit:{draft.key}",
        draft.location.chat_id,
        t("report.same_visit.done", lang, number=earlier.id, photos=len(added)),
        kb.main_menu(lang),
        lang=lang,
    )
    return END


async def _propose_relocation(context: BotContext, household: Household, person: Person, visit_id: int) -> bool:
    """Offer the admins the spot the household's last reports agree on, if its register is off."""
    services = context.services
    proposal = relocation_proposal(await services.visits.latest_of_household(household.id, REPEATED_VISITS))
    if proposal is None or await services.proposals.has_pending(household.id):
        return False
    await services.proposals.add(
        household_id=household.id,
        proposed_by=person.id,
        latitude=proposal.latitude,
        longitude=proposal.longitude,
        accuracy_m=proposal.accuracy_m,
        reason=proposal.reason,
        visit_id=visit_id,
    )
    return True


async def offer_restart(update: Update, context: BotContext) -> None:
    """/lapor (or its menu button) while a report is under way: go on with it, or start again."""
    await answer_query(update, context)
    await reply(update, context, "report.already_started", markup=kb.resume_or_restart(context.language))


def resume(hint_key: str) -> Callable[[Update, BotContext], Coroutine[Any, Any, None]]:
    """A callback going on with the report where it was: it repeats what the step expects."""

    async def go_on(update: Update, context: BotContext) -> None:
        """Say again what this step expects."""
        await answer_query(update, context)
        await reply(update, context, hint_key)

    return go_on


def _step(state: int, *handlers: BaseHandler[Update, BotContext, Any]) -> list[BaseHandler[Update, BotContext, Any]]:
    """A state's handlers: cancel and restart first, the step's own, then a hint for anything else."""
    hint_key = STEP_HINTS[state]
    answer = hint(hint_key)
    upgrade = [] if state == LOCATION else [MessageHandler(filters.LOCATION & NOT_EDITED, upgrade_location(state))]
    return [
        CommandHandler("batal", cancel),
        MessageHandler(CANCEL_KEY, cancel),
        CallbackQueryHandler(cancel, pattern=f"^{kb.CANCEL}$"),
        CommandHandler("lapor", offer_restart),
        MessageHandler(REPORT_KEY, offer_restart),
        CallbackQueryHandler(offer_restart, pattern=f"^{kb.START}$"),
        CallbackQueryHandler(resume(hint_key), pattern=f"^{kb.RESUME}$"),
        # Starting again is a step of the report: only while the sender is still a companion.
        CallbackQueryHandler(REPORT.step(start_report), pattern=f"^{kb.RESTART}$"),
        *handlers,
        *upgrade,
        # An edited message too (a live location's moves were taken before the conversation).
        MessageHandler(filters.UpdateType.MESSAGES, answer),
        CallbackQueryHandler(answer),
    ]


def build_conversation(user_data: Mapping[int, dict[str, Any]], lapor: Command) -> ConversationHandler[BotContext]:
    """The report conversation, laid out step by step. Its states apply only while the companion
    has a draft in `user_data` (see `report_session`); after the idle job ended a draft, the
    entry points, as fallbacks, start a new report."""
    with warnings.catch_warnings():
        # Buttons belong to the companion's one report, not to one message: per_message=False is meant.
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        return _conversation(user_data, lapor)


def _conversation(user_data: Mapping[int, dict[str, Any]], lapor: Command) -> ConversationHandler[BotContext]:
    start = lapor.guarded
    entry_points: list[BaseHandler[Update, BotContext, Any]] = [
        # Reports are made in the private chat with the bot only.
        CommandHandler(lapor.name, start, filters=filters.ChatType.PRIVATE & NOT_EDITED),
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
    return ConversationHandler(
        entry_points=entry_points,
        states={
            state: [REPORT.while_drafting(handler, user_data) for handler in handlers]
            for state, handlers in states.items()
        },
        # Reached only when the idle job ended the draft: a new report may start.
        fallbacks=entry_points,
        name="visit_report",
        persistent=True,
    )
