"""The report's session: its states, the draft kept in `user_data` between steps, the idle
limit, and the small Telegram helpers every step uses.

The time of the last step is kept in the draft. Every step checks it, and a job ends drafts
left idle past the limit with a message, also after a restart. (Not PTB's
`conversation_timeout`: its timer is lost on restart and it reschedules a job at every step,
which cost more than the rest of a step.) A job cannot end a PTB conversation, so the
conversation's handlers apply only while their sender has a draft (`REPORT.while_drafting`): a report
whose draft the job ended lets every update through to the other handlers. The same holds
after a crash whose last saved state caught a step half-way, with the draft gone but the
conversation not yet ended (see `handlers.plumbing.persistence`)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ConversationHandler

from bot.domain import Role
from bot.rules.report import ReportDraft
from bot.services import Services
from bot.texts import t, t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import Journey, Step
from handlers.plumbing.replies import ReplyMarkup, reply, reply_text, send_text
from handlers.report import keyboards as kb

LOCATION, HOUSEHOLD, VERDICT, PHOTOS, CONDITIONS, NOTE, CONFIRM = range(7)
END = ConversationHandler.END
DRAFT = "report_draft"
# How often drafts left idle past the limit are looked for: a report ends at most this late.
SWEEP_EVERY_S = 60

log = logging.getLogger(__name__)

StepCallback = Callable[[Update, BotContext, ReportDraft], Coroutine[Any, Any, int]]


def report_step(callback: StepCallback) -> Step:
    """Run a step of a companion's report with its draft: end the report when it sat idle
    too long (even across a restart); save the draft after the step."""

    @REPORT.step
    @functools.wraps(callback)
    async def step(update: Update, context: BotContext) -> int:
        assert context.user_data is not None, "REPORT.step found the draft there"
        draft = ReportDraft.from_json(context.user_data[DRAFT])
        settings = context.services.settings
        now = context.services.clock.now()
        if step_time(update, now) - draft.active_at > settings.report.idle_minutes * 60:
            return await expire(update, context)
        draft.active_at = now
        keep_draft(context, draft)  # now, not after the step: the idle job must see a step under way
        state = await callback(update, context, draft)
        if state != END:
            keep_draft(context, draft)
        return state

    return step


def step_time(update: Update, now: int) -> int:
    """When the companion took this step: a message's Telegram date (handled late after downtime,
    it still counts at its date), or now for a pressed button, which carries no date."""
    message = update.message
    return min(now, int(message.date.timestamp())) if message is not None else now


async def expire(update: Update, context: BotContext) -> int:
    await abandon_draft(context)
    await answer_query(update, context)
    await reply(
        update,
        context,
        "report.expired",
        markup=await main_menu_for(update, context),
        minutes=context.services.settings.report.idle_minutes,
    )
    return END


def keep_draft(context: BotContext, draft: ReportDraft) -> None:
    if context.user_data is not None:
        context.user_data[DRAFT] = draft.to_json()


def drop_draft(context: BotContext) -> None:
    """Forget the draft of a report that was stored."""
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)


async def abandon_draft(context: BotContext) -> None:
    """Forget the draft of a report that will not be sent, with the files it saved."""
    if context.user_data is not None:
        await _discard_draft(context.services, context.user_data)


# The report belongs to companions; a step runs only while the companion has the draft.
REPORT = Journey(Role.COMPANION, DRAFT, abandon_draft, refusal_key="report.cancelled", ended_key="report.cancelled")


async def sweep_idle_drafts(context: BotContext) -> None:
    """Job: end the reports left idle past the limit, with a message, and delete their photos:
    pictures of beneficiaries' homes are kept only for reports that were made."""
    app, services = context.application, context.services
    limit = services.clock.now() - services.settings.report.idle_minutes * 60

    def idle(user_id: int) -> bool:
        data = app.user_data.get(user_id, {})
        return DRAFT in data and ReportDraft.from_json(data[DRAFT]).active_at < limit

    ended = []
    for user_id in [user_id for user_id in app.user_data if idle(user_id)]:
        if idle(user_id):  # again: the companion may have taken a step while earlier ones ended
            ended.append(user_id)
            await _discard_draft(services, app.user_data[user_id])
            await _tell_expired(context, user_id)
    if ended:
        app.mark_data_for_update_persistence(user_ids=ended)
        await app.update_persistence()


async def _tell_expired(context: BotContext, user_id: int) -> None:
    person = await context.services.people.by_telegram_id(user_id)
    lang = person.language if person else context.services.settings.locale.language
    try:
        text = t("report.expired", lang, minutes=context.services.settings.report.idle_minutes)
        await send_text(context.bot, user_id, text, lang, reply_markup=kb.main_menu(lang))
    except TelegramError as error:
        log.warning("could not tell a companion their report expired", extra={"user_id": user_id, "error": str(error)})


async def _discard_draft(services: Services, user_data: dict[str, Any]) -> None:
    """Drop the draft and delete the photos and voice note it saved, unless a stored report uses
    the same file: pictures of beneficiaries' homes are kept only for reports that were made."""
    data = user_data.pop(DRAFT, None)
    if data is None:
        return
    draft = ReportDraft.from_json(data)
    paths = [photo.path for photo in draft.photos] + ([draft.voice_note_path] if draft.voice_note_path else [])
    keep = await services.photo_index.stored_paths(paths)
    photo_dir = services.settings.storage.photo_dir

    def delete() -> None:
        for path in paths:
            if path not in keep:
                (photo_dir / path).unlink(missing_ok=True)

    await asyncio.to_thread(delete)


async def answer_query(update: Update, context: BotContext, key: str | None = None, **values: Any) -> None:
    """Answer a pressed button (stop its spinner), with the catalogue text `key` if given."""
    if update.callback_query is None:
        return
    text = t_plain(key, context.language, **values) if key else None
    # An old query cannot be answered any more; nothing to tell
    with contextlib.suppress(TelegramError):
        await update.callback_query.answer(text)


def callback_suffix(update: Update, prefix: str) -> str:
    data = update.callback_query.data if update.callback_query else None
    return str(data or "").removeprefix(prefix)


async def main_menu_for(update: Update, context: BotContext) -> ReplyMarkup:
    return kb.main_menu(context.language)


async def send(update: Update, context: BotContext, text: str, markup: ReplyMarkup | None = None) -> None:
    await reply_text(update, context, text, markup=markup)


async def show(update: Update, context: BotContext, text: str, markup: ReplyMarkup) -> None:
    """Edit the list in place when a button of it was pressed, else send it."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)  # type: ignore[arg-type]
            return
        except TelegramError:
            pass  # too old to edit: send it anew
    await send(update, context, text, markup)
