"""Replies that confirm something stored reach their user, however Telegram falters.

`confirm()` queues the message durably (see `storage.outbox`) and sends it at once through the
bot, like any reply (the rate limiter included). If Telegram answers with a server error, a
429 or does not answer in time, the message stays queued and the outbox job tries again: after
`retry_after` for a 429, else after the next delay of `delivery.retry_backoff_s` (the last one
repeating), across restarts, until Telegram takes it. The step that stored something therefore
never fails on the reply, and its user is never told "error" about something that was stored.
A message Telegram refuses for good (400, 403: see `refusals`) is set aside ('failed', with the
reason) and the admins are told once per cause and day (`tell_refusal`).

`confirm_reply()` is `reply()` for those answers. `notify_unreachable()` is what the error
handler uses when a reply could not be sent: one notice per user at a time, queued here too, so
it arrives once Telegram is reachable again.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from telegram import Bot, ForceReply, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.services import Services
from bot.texts import t, t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.rate_limits import retry_after_s
from handlers.plumbing.refusals import REFUSAL_KEY, REPLY, RefusalNotices, is_refusal
from handlers.plumbing.replies import ReplyMarkup, fit_message
from storage.outbox import Attachment, OutboxMessage, OutboxRepository
from storage.people import PeopleRepository

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
# How often the job looks for queued messages whose next attempt is due.
DELIVER_EVERY_S = 2.0
NOTICE_KEY = "notice"
_SENDER = "outbox_sender"


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        outbox: OutboxRepository,
        backoff_s: list[float],
        people: PeopleRepository,
        refusals: RefusalNotices,
    ) -> None:
        self._bot = bot
        self._outbox = outbox
        self._backoff_s = backoff_s or [1.0]
        self._people = people
        self._refusals = refusals
        self._in_flight: dict[str, asyncio.Lock] = {}  # by key
        self._delivering = asyncio.Lock()

    async def confirm(
        self,
        key: str,
        chat_id: int,
        text: str,
        markup: ReplyMarkup | None = None,
        *,
        lang: str,
        now: bool = True,
    ) -> None:
        """Queue the message confirming `key` (once) and, if `now`, try to send it at once. A text
        too long for a message is queued shortened (`replies.fit_message`, its note in `lang`, the
        reader's language), the whole of it as a file after it."""
        shown, whole = fit_message(text, lang)
        attachment = None if whole is None else Attachment(t_plain("message.file_name", lang), whole.decode())
        encoded = markup.to_json() if markup is not None else None
        messages = await self._outbox.add(key, chat_id, shown, encoded, attachment=attachment)
        if now:
            for message in messages:  # the file only after the text that announces it
                if not await self._attempt(message):
                    break

    async def notify_unreachable(self, chat_id: int, update_id: int, text: str, lang: str) -> None:
        """Queue a notice that a reply was lost, unless one for this chat is still on its way."""
        if await self._outbox.has_pending(f"{NOTICE_KEY}:{chat_id}:"):
            return
        await self.confirm(f"{NOTICE_KEY}:{chat_id}:{update_id}", chat_id, text, lang=lang)

    async def tell_refusal(self, what: str, whom: str, reason: str) -> None:
        """Tell the admins that Telegram refused `what` (a catalogue key) for `whom` for good,
        unless they were told of this cause today."""
        for notice in await self._refusals.notices(what, whom, reason):
            await self.confirm(notice.key, notice.chat_id, notice.text, lang=notice.lang)

    async def deliver_due(self) -> None:
        """Send every queued message whose next attempt is due."""
        async with self._delivering:
            for message in await self._outbox.due():
                await self._attempt(message)

    async def _attempt(self, message: OutboxMessage) -> bool:
        """Send `message` unless it left already; whether it has left."""
        # The step that queued it and the job may both try: one at a time, and only while pending.
        lock = self._in_flight.setdefault(message.key, asyncio.Lock())
        try:
            async with lock:
                return await self._send_if_pending(message)
        finally:
            if not lock.locked():
                self._in_flight.pop(message.key, None)

    async def _send_if_pending(self, message: OutboxMessage) -> bool:
        if not await self._outbox.is_pending(message.key):
            return True
        try:
            sent = await self._send(message)
        except RetryAfter as exc:
            await self._later(message, retry_after_s(exc), exc)
        except NetworkError as exc:
            if is_refusal(exc):  # a 400 is a NetworkError to PTB
                await self._set_aside(message, exc)
            else:  # server errors, timeouts, no connection
                await self._later(message, self._backoff_s[min(message.attempts, len(self._backoff_s) - 1)], exc)
        except TelegramError as exc:  # refused for good: blocked, the token revoked
            await self._set_aside(message, exc)
        else:
            await self._outbox.mark_sent(message.id, sent.message_id)
            return True
        return False

    async def _send(self, message: OutboxMessage) -> Message:
        if message.file_name is not None:
            return await self._bot.send_document(message.chat_id, message.text.encode(), filename=message.file_name)
        return await self._bot.send_message(message.chat_id, message.text, reply_markup=_markup(message.markup))

    async def _set_aside(self, message: OutboxMessage, error: TelegramError) -> None:
        log.warning("queued message refused; set aside", extra={"key": message.key, "error": error.message})
        await self._outbox.mark_failed(message.id, error.message)
        if not message.key.startswith(f"{REFUSAL_KEY}:"):
            person = await self._people.by_telegram_id(message.chat_id)
            await self.tell_refusal(REPLY, person.full_name if person else str(message.chat_id), error.message)

    async def _later(self, message: OutboxMessage, after_s: float, error: TelegramError) -> None:
        log.warning(
            "queued message not sent yet; trying again",
            extra={"key": message.key, "attempts": message.attempts + 1, "retry_after_s": after_s, "error": str(error)},
        )
        await self._outbox.retry_later(message.id, after_s, str(error))


async def confirm_reply(
    update: Update, context: BotContext, key: str, *, markup: ReplyMarkup | None = None, **values: Any
) -> None:
    """`replies.reply` for an answer that confirms something stored: it goes through the outbox,
    queued under the catalogue key and the update's id (a redelivered update is not handled twice)."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = context.language
    text = t(key, lang, **{**context.services.settings.text_values(lang), **values})
    await outbox_of(context.application).confirm(f"{key}:{update.update_id}", chat.id, text, markup, lang=lang)


def outbox_of(app: AnyApplication) -> OutboxSender:
    """The outbox sender of a running application."""
    sender = app.bot_data.get(_SENDER)
    if sender is None:
        services: Services = app.bot_data["services"]
        refusals = RefusalNotices(services.recipients, services.clock, services.settings.locale.tz)
        backoff = list(services.settings.delivery.retry_backoff_s)
        sender = OutboxSender(app.bot, services.outbox, backoff, services.people, refusals)
        app.bot_data[_SENDER] = sender
    assert isinstance(sender, OutboxSender)
    return sender


def schedule_outbox(app: AnyApplication) -> None:
    """Deliver what a previous run left queued, at once, and then whatever falls due."""
    assert app.job_queue is not None
    app.job_queue.run_repeating(_deliver_job, interval=DELIVER_EVERY_S, first=0, name="outbox")


async def _deliver_job(context: Any) -> None:
    await outbox_of(context.application).deliver_due()


def _markup(encoded: str | None) -> ReplyMarkup | None:
    if encoded is None:
        return None
    data = json.loads(encoded)
    if "inline_keyboard" in data:
        return InlineKeyboardMarkup.de_json(data, None)
    if "keyboard" in data:
        return ReplyKeyboardMarkup.de_json(data, None)
    if "force_reply" in data:
        return ForceReply.de_json(data, None)
    return ReplyKeyboardRemove.de_json(data, None)
