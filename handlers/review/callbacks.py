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

from telegram import ForceReply, Update
from telegram.ext import Application, BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.decisions import review
from bot.decisions.review import REASON_LIMIT, AlreadyReviewed, BadReason, NotReviewable, RejectionAsked, Reviewed
from bot.domain import Role
from bot.rules.readable import distance_text
from bot.rules.wording import companion_note
from bot.services import Services
from bot.texts import t, t_plain
from handlers.plumbing import reason_prompts
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

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
REVIEW_NOTICE_JOB = "review_notice"
PROMPT = reason_prompts.REPORT


async def _answer(update: Update) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()


def _visit_id(update: Update) -> int:
    assert update.callback_query is not None
    return button_id(update.callback_query.data)


async def _reviewable(update: Update, context: BotContext) -> FlaggedVisit | None:
    """Answer the pressed button; the visit, or None after saying it is not the reviewer's."""
    await _answer(update)
    visit = await review.visit_to_review(context.services, context.member, _visit_id(update))
    if visit is None:
        await reply(update, context, "review.not_found")
    return visit


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def show_photos(update: Update, context: BotContext) -> None:
    """Send the reviewer the photos of the report, from storage (or by file id)."""
    visit = await _reviewable(update, context)
    if visit is None:
        return
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
    visit = await _reviewable(update, context)
    if visit is None or update.effective_chat is None:
        return
    distance = distance_text(visit.distance_m, context.language)
    await reply(update, context, "review.location", id=visit.visit_id, distance=distance)
    await context.bot.send_location(update.effective_chat.id, visit.latitude, visit.longitude)


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def play_voice_note(update: Update, context: BotContext) -> None:
    """Send the reviewer the companion's voice note, to play in the chat."""
    visit = await _reviewable(update, context)
    if visit is None or update.effective_chat is None:
        return
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
    await _answer(update)
    outcome = await review.accept(context.services, context.member, _visit_id(update))
    if isinstance(outcome, Reviewed):
        await confirm_reply(update, context, "review.accepted", id=outcome.visit.visit_id)
    else:
        await _tell_not_reviewed(update, context, outcome)


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def ask_revisit(update: Update, context: BotContext) -> None:
    """Send the report back: the companion is told and the household tops their reminders."""
    await _answer(update)
    outcome = await review.ask_revisit(context.services, context.member, _visit_id(update))
    if isinstance(outcome, Reviewed):
        await confirm_reply(update, context, "review.revisit", id=outcome.visit.visit_id)
        await _tell_companion(context, outcome.visit, "review.companion_revisit")
    else:
        await _tell_not_reviewed(update, context, outcome)


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def start_reject(update: Update, context: BotContext) -> None:
    """Ask the reviewer why the report is rejected, as a prompt to reply to."""
    await _answer(update)
    outcome = await review.begin_rejection(context.services, context.member, _visit_id(update))
    if not isinstance(outcome, RejectionAsked):
        await _tell_not_reviewed(update, context, outcome)
        return
    visit, lang = outcome.visit, context.language
    # Reviewers weigh the companion's own explanation before they reject.
    await reply(
        update,
        context,
        "review.ask_reason",
        id=visit.visit_id,
        note=companion_note(visit, lang),
        markup=ForceReply(input_field_placeholder=t_plain("review.reason_placeholder", lang)),
    )
    PROMPT.ask(context, visit.visit_id)


async def reject_with_reason(update: Update, context: BotContext) -> None:
    """Store the rejection with the reason in this message and tell the companion."""
    asked = await PROMPT.reason(update, context, context.services.settings.report.idle_minutes * 60, REASON_LIMIT)
    if asked is None:
        return
    visit_id, reason = asked
    person = context.person
    outcome = await review.reject(context.services, person, visit_id, reason) if person is not None else NotReviewable()
    if isinstance(outcome, BadReason):
        await PROMPT.hint(update, context, visit_id, outcome.limit)
        return
    PROMPT.answered(context)
    if isinstance(outcome, Reviewed):
        await confirm_reply(update, context, "review.rejected", id=outcome.visit.visit_id)
        await _tell_companion(context, outcome.visit, "review.companion_rejected", reason=outcome.reason or "")
    else:
        await _tell_not_reviewed(update, context, outcome)


async def _tell_not_reviewed(update: Update, context: BotContext, outcome: AlreadyReviewed | NotReviewable) -> None:
    """Say why the review was not stored: reviewed already (by whom, how), or not the reviewer's."""
    if isinstance(outcome, NotReviewable):
        await reply(update, context, "review.not_found")
        return
    status = outcome.status
    await reply(
        update,
        context,
        "review.already",
        id=outcome.visit_id,
        name=outcome.reviewer_name or "–",
        status=t(f"office.review.{status}", context.language) if status else "–",
    )


async def _tell_companion(context: BotContext, visit: FlaggedVisit, key: str, **values: str) -> None:
    await tell_companion(context.application, visit, key, **values)


async def tell_companion(app: AnyApplication, visit: FlaggedVisit, key: str, **values: str) -> None:
    """Tell the companion of the review, once per visit, through the broadcaster (retries, blocks).
    The review is stored either way; digests and exports show it. The dashboard's reviews too."""
    services: Services = app.bot_data["services"]
    companion = await services.people.by_id(visit.companion_id)
    if companion is None or companion.telegram_user_id is None:
        return
    text = t(key, companion.language, id=visit.visit_id, household=visit.head_name, **values)
    await broadcaster_for(app).deliver(
        REVIEW_NOTICE_JOB,
        [str(visit.visit_id)],
        companion,
        lambda _: [lambda chat_id: send_text(app.bot, chat_id, text, companion.language)],
    )


@for_roles(Role.ADMIN)
async def decide_proposal(update: Update, context: BotContext) -> None:
    """Accept or reject a companion's coordinate proposal (the accepted point moves the household)."""
    await _answer(update)
    query = update.callback_query
    assert query is not None and query.data is not None
    accepted = query.data.split(":")[1] == "a"
    outcome = await review.decide_proposal(context.services, context.member, button_id(query.data), accept=accepted)
    if not isinstance(outcome, review.ProposalDecided):
        await reply(update, context, "proposal.already")
        return
    key = "proposal.accepted" if outcome.accepted else "proposal.rejected"
    await confirm_reply(update, context, key, household=outcome.household_name)


def review_handlers(app: Application[Any, Any, Any, Any, Any, Any]) -> list[BaseHandler[Update, BotContext, Any]]:
    """The handlers of this journey, in the order they must be registered."""
    return [
        # Commands do their own work and are never the reason (/batal drops the rejection: see
        # `PROMPT.cancel`); any other new message is, an edited one gets the hint.
        MessageHandler(PROMPT.waiting(app) & ~filters.COMMAND, reject_with_reason),
        CallbackQueryHandler(start_reject, pattern=rf"^{REJECT}{ID}$"),
        CallbackQueryHandler(show_photos, pattern=rf"^{PHOTOS}{ID}$"),
        CallbackQueryHandler(show_location, pattern=rf"^{LOCATION}{ID}$"),
        CallbackQueryHandler(play_voice_note, pattern=rf"^{VOICE}{ID}$"),
        CallbackQueryHandler(accept, pattern=rf"^{ACCEPT}{ID}$"),
        CallbackQueryHandler(ask_revisit, pattern=rf"^{REVISIT}{ID}$"),
        CallbackQueryHandler(decide_proposal, pattern=rf"^({ACCEPT_PROPOSAL}|{REJECT_PROPOSAL}){ID}$"),
    ]
