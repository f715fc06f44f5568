"""The last line of defence: log the failure, tell the user in one sentence, keep running.

When the failure was Telegram itself (a server error, a 429 outlasting the rate limiter's
retries, no answer in time), sending an apology now would fail the same way: the user gets one
notice through the outbox instead, once Telegram takes messages again, saying what to do. While
one is on its way, further failures for the same user add none.

A refusal (400, 403: `refusals`) is no outage, and saying "Telegram faltered, repeat your step"
would send the user round in circles: the admins are told (once per cause and day), and the user
gets the plain apology, which a 403 (the bot is blocked) cannot reach and is not sent."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError

from bot.texts import t
from handlers.plumbing.context import BotContext
from handlers.plumbing.outbox import outbox_of
from handlers.plumbing.refusals import REPLY, is_refusal

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log an exception raised while handling an update and tell the user."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    refused = error is not None and is_refusal(error)
    unreachable = isinstance(error, NetworkError | RetryAfter) and not refused
    if refused:
        log.warning("reply refused by Telegram", extra={"update_id": update_id, "error": str(error)})
    elif unreachable:
        log.warning("reply not sent: Telegram failed", extra={"update_id": update_id, "error": str(error)})
    else:
        log.error("handler failed", exc_info=error, extra={"update_id": update_id})
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    whom = update.effective_user.full_name if update.effective_user else str(chat_id)
    try:
        await context.identify(update)
        lang = context.language
        whom = context.person.full_name if context.person else whom
    except Exception:  # noqa: BLE001 - the database itself may be what failed
        lang = context.services.settings.locale.language
    outbox = outbox_of(context.application)
    if refused:
        await outbox.tell_refusal(REPLY, whom, str(error))
        if isinstance(error, Forbidden):
            return
    if unreachable:
        await outbox.notify_unreachable(chat_id, update.update_id, t("error.telegram", lang), lang)
        return
    try:
        await context.bot.send_message(chat_id, t("error.generic", lang))
    except TelegramError:
        log.warning("could not send the error notice", extra={"update_id": update_id})
