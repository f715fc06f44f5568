"""Reviewing flagged reports from an alert, and deciding coordinate proposals.

Alert buttons (`rev:<action>:<visit id>`): p = send the report's photos, l = send its location,
n = play the companion's voice note, a = accept, v = ask the companion for a revisit,
r = reject, which asks for the reason: the reviewer's next text message is the reason (a reply
to the prompt or not), /batal drops the rejection, and it lapses after the idle time. A
conversation the reviewer is in (e.g. /kpmbaru) sees its text first. Proposal buttons
(`prop:a|r:<id>`) are for admins only. Coordinators may review the
reports of their regions; admins any report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram import ForceReply, Message, Update
from telegram.ext import Application, BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.domain import Person, Role
from bot.rules.readable import distance_text
from bot.rules.wording import companion_note
from bot.texts import t, t_plain
from handlers.plumbing.access import for_roles
from handlers.plumbing.buttons import ID, button_id
from handlers.plumbing.context import BotContext
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import reply, send_captioned, send_text
from handlers.scheduled.broadcast import broadcaster_for
from storage.reviews import FlaggedVisit

# The review buttons' callback data: a prefix and the visit's (or proposal's) id. The alerts
# (handlers.review.alerts) build them; `review_handlers` below matches them.
PHOTOS, LOCATION, VOICE = "rev:p:", "rev:l:", "rev:n:"
ACCEPT, REJECT, REVISIT = "rev:a:", "rev:r:", "rev:v:"
ACCEPT_PROPOSAL, REJECT_PROPOSAL = "prop:a:", "prop:r:"

REVIEW_NOTICE_JOB = "review_notice"
# user_data: the rejection waiting for its reason, {"visit": visit id, "at": asked at}
PENDING = "review_rejection"
REASON_LIMIT = 500


async def _answer(update: Update) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()


def _visit_id(update: Update) -> int:
    assert update.callback_query is not None
    return button_id(update.callback_query.data)


def may_review(person: Person, visit: FlaggedVisit) -> bool:
    """Admins review everything; coordinators the reports of the regions they cover."""
    if person.role is Role.ADMIN:
        return True
    return person.role is Role.COORDINATOR and (person.covers_province or visit.region_code in person.region_codes)


async def _reviewable(update: Update, context: BotContext) -> tuple[Person, FlaggedVisit] | None:
    """Answer the pressed button; the reviewer and its visit, or None after saying it is not theirs."""
    await _answer(update)
    person = context.member
    visit = await context.services.reviews.flagged_visit(_visit_id(update))
    if visit is None or not may_review(person, visit):
        await reply(update, context, "review.not_found")
        return None
    return person, visit


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def show_photos(update: Update, context: BotContext) -> None:
    """Send the reviewer the photos of the report, from storage (or by file id)."""
    found = await _reviewable(update, context)
    if found is None:
        return
    _, visit = found
    photos = await context.services.reviews.photos(visit.visit_id)
    chat = update.effective_chat
    if not photos or chat is None:
        await reply(update, context, "review.no_photos", id=visit.visit_id)
        return
    lang = context.language
    photo_dir = context.services.settings.storage.photo_dir
    for number, photo in enumerate(photos, start=1):
        caption = t("review.photo_caption", lang, id=visit.visit_id, number=number, total=len(photos))
        stored = Path(photo_dir) / photo.path
        content = stored.read_bytes() if stored.is_file() else photo.file_id
        await send_captioned(
            context.bot,
            chat.id,
            caption,
            lang,
            lambda shown: context.bot.send_photo(chat.id, content, caption=shown),  # noqa: B023
        )


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def show_location(update: Update, context: BotContext) -> None:
    """Send the reviewer where the companion was when reporting."""
    found = await _reviewable(update, context)
    if found is None or update.effective_chat is None:
        return
    _, visit = found
    distance = distance_text(visit.distance_m, context.language)
    await reply(update, context, "review.location", id=visit.visit_id, distance=distance)
    await context.bot.send_location(update.effective_chat.id, visit.latitude, visit.longitude)


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def play_voice_note(update: Update, context: BotContext) -> None:
    """Send the reviewer the companion's voice note, to play in the chat."""
    found = await _reviewable(update, context)
    if found is None or update.effective_chat is None:
        return
    _, visit = found
    photo_dir = context.services.settings.storage.photo_dir
    stored = None if visit.voice_note_path is None else photo_dir / visit.voice_note_path
    if stored is None or not stored.is_file():
        await reply(update, context, "review.no_voice", id=visit.visit_id)
        return
    caption = t("review.voice_caption", context.language, id=visit.visit_id)
    chat_id, voice = update.effective_chat.id, stored.read_bytes()
    await send_captioned(
        context.bot,
        chat_id,
        caption,
        context.language,
        lambda shown: context.bot.send_voice(chat_id, voice, caption=shown),
    )


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def accept(update: Update, context: BotContext) -> None:
    """Accept the report."""
    found = await _reviewable(update, context)
    if found is not None and await _store_review(update, context, *found, status="accepted", reason=None):
        await confirm_reply(update, context, "review.accepted", id=found[1].visit_id)


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def ask_revisit(update: Update, context: BotContext) -> None:
    """Send the report back: the companion is told and the household tops their reminders."""
    found = await _reviewable(update, context)
    if found is None:
        return
    _, visit = found
    if await _store_review(update, context, *found, status="revisit", reason=None):
        await confirm_reply(update, context, "review.revisit", id=visit.visit_id)
        await _tell_companion(context, visit, "review.companion_revisit")


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def start_reject(update: Update, context: BotContext) -> None:
    """Ask the reviewer why the report is rejected, as a prompt to reply to."""
    found = await _reviewable(update, context)
    if found is None:
        return
    _, visit = found
    if visit.review_status is not None:
        await _tell_already_reviewed(update, context, visit.visit_id, visit.review_status)
        return
    lang = context.language
    # Reviewers weigh the companion's own explanation before they reject.
    await reply(
        update,
        context,
        "review.ask_reason",
        id=visit.visit_id,
        note=companion_note(visit, lang),
        markup=ForceReply(input_field_placeholder=t_plain("review.reason_placeholder", lang)),
    )
    assert context.user_data is not None
    context.user_data[PENDING] = {"visit": visit.visit_id, "at": context.services.clock.now()}


async def reject_with_reason(update: Update, context: BotContext) -> None:
    """Store the rejection with the reason in this message and tell the companion."""
    message = update.effective_message
    assert message is not None and context.user_data is not None
    pending = context.user_data[PENDING]
    idle_s = context.services.settings.report.idle_minutes * 60
    if pending["at"] + idle_s < context.services.clock.now():
        del context.user_data[PENDING]
        await reply(update, context, "review.prompt_expired")
        return
    reason = (message.text or "").strip()
    # An edited message is an earlier one changed, not the reason this prompt asks for.
    edited = update.edited_message is not None
    if edited or not reason or message.forward_origin is not None or len(reason) > REASON_LIMIT:
        await reply(update, context, "review.reason_hint", limit=REASON_LIMIT)
        return
    visit_id = int(context.user_data.pop(PENDING)["visit"])
    person = context.person
    visit = await context.services.reviews.flagged_visit(visit_id)
    if person is None or visit is None or not may_review(person, visit):
        await reply(update, context, "review.not_found")
        return
    if await _store_review(update, context, person, visit, status="rejected", reason=reason):
        await confirm_reply(update, context, "review.rejected", id=visit_id)
        await _tell_companion(context, visit, "review.companion_rejected", reason=reason)


async def cancel_reject(update: Update, context: BotContext) -> None:
    """/batal while a rejection waits for its reason: drop it; the report stays unreviewed."""
    assert context.user_data is not None
    pending = context.user_data.pop(PENDING)
    await reply(update, context, "review.cancelled", id=pending["visit"])


class _RejectionPending(filters.MessageFilter):
    """A message of someone whose rejection waits for its reason (kept in user data, so it
    survives a restart)."""

    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        super().__init__(name="RejectionPending")
        self._app = app

    def filter(self, message: Message) -> bool:
        sender = message.from_user
        return sender is not None and PENDING in (self._app.user_data.get(sender.id) or {})


async def _store_review(
    update: Update, context: BotContext, person: Person, visit: FlaggedVisit, *, status: str, reason: str | None
) -> bool:
    services = context.services
    stored = await services.reviews.review(
        visit.visit_id, status=status, reason=reason, reviewer_id=person.id, at=services.clock.now()
    )
    if not stored:
        current = await services.reviews.flagged_visit(visit.visit_id)
        await _tell_already_reviewed(update, context, visit.visit_id, current.review_status if current else None)
    return stored


async def _tell_already_reviewed(update: Update, context: BotContext, visit_id: int, status: str | None) -> None:
    lang = context.language
    name = await context.services.reviews.reviewer_name(visit_id) or "–"
    await reply(
        update,
        context,
        "review.already",
        id=visit_id,
        name=name,
        status=t(f"office.review.{status}", lang) if status else "–",
    )


async def _tell_companion(context: BotContext, visit: FlaggedVisit, key: str, **values: str) -> None:
    """Tell the companion of the review, once per visit, through the broadcaster (retries, blocks).
    The review is stored either way; digests and exports show it."""
    companion = await context.services.people.by_id(visit.companion_id)
    if companion is None or companion.telegram_user_id is None:
        return
    text = t(key, companion.language, id=visit.visit_id, household=visit.head_name, **values)
    await broadcaster_for(context.application).deliver(
        REVIEW_NOTICE_JOB,
        [str(visit.visit_id)],
        companion,
        lambda _: [lambda chat_id: send_text(context.bot, chat_id, text, companion.language)],
    )


@for_roles(Role.ADMIN)
async def decide_proposal(update: Update, context: BotContext) -> None:
    """Accept or reject a companion's coordinate proposal (the accepted point moves the household)."""
    await _answer(update)
    query = update.callback_query
    assert query is not None and query.data is not None
    action = query.data.split(":")[1]
    person = context.member
    proposal = await context.services.proposals.decide(button_id(query.data), accept=action == "a", admin_id=person.id)
    if proposal is None:
        await reply(update, context, "proposal.already")
        return
    household = await context.services.households.by_id(proposal.household_id)
    name = household.head_name if household else str(proposal.household_id)
    await confirm_reply(update, context, "proposal.accepted" if action == "a" else "proposal.rejected", household=name)


def review_handlers(app: Application[Any, Any, Any, Any, Any, Any]) -> list[BaseHandler[Update, BotContext, Any]]:
    """The handlers of this journey, in the order they must be registered."""
    return [
        # /batal drops a rejection waiting for its reason; other commands do their own work and
        # are never the reason; any other new message is, an edited one gets the hint.
        CommandHandler("batal", cancel_reject, filters=_RejectionPending(app) & ~filters.UpdateType.EDITED),
        MessageHandler(_RejectionPending(app) & ~filters.COMMAND, reject_with_reason),
        CallbackQueryHandler(start_reject, pattern=rf"^{REJECT}{ID}$"),
        CallbackQueryHandler(show_photos, pattern=rf"^{PHOTOS}{ID}$"),
        CallbackQueryHandler(show_location, pattern=rf"^{LOCATION}{ID}$"),
        CallbackQueryHandler(play_voice_note, pattern=rf"^{VOICE}{ID}$"),
        CallbackQueryHandler(accept, pattern=rf"^{ACCEPT}{ID}$"),
        CallbackQueryHandler(ask_revisit, pattern=rf"^{REVISIT}{ID}$"),
        CallbackQueryHandler(decide_proposal, pattern=rf"^({ACCEPT_PROPOSAL}|{REJECT_PROPOSAL}){ID}$"),
    ]
