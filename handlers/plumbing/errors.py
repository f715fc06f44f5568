"""The last line of defence: log the failure, tell the user in one sentence, keep running.

When the failure was Telegram itself (a server error, a 429 outlasting the rate limiter's
retries, no answer in time), sending an apology now would fail the same way: the user gets one
notice through the outbox instead, once Telegram takes messages again, saying what to do. While
one is on its way, further failures for the same user add none."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TelegramError

from bot.texts import t
from handlers.plumbing.context import BotContext
from handlers.plumbing.outbox import outbox_of

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log an exception raised while handling an update and tell the user."""
    update_id = update.update_id if isinstance(update, Update) else None
    unreachable = isinstance(context.error, NetworkError | RetryAfter)
    if unreachable:
        log.warning("reply not sent: Telegram failed", extra={"update_id": update_id, "error": str(context.error)})
    else:
        log.error("handler failed", exc_info=context.error, extra={"update_id": update_id})
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.identify(update)
        lang = context.language
    except Exception:  # noqa: BLE001 - the database itself may be what failed
        lang = context.services.settings.locale.language
    chat_id = update.effective_chat.id
    if unreachable:
        await outbox_of(context.application).notify_unreachable(
            chat_id, update.update_id, t("error.telegram", lang), lang
        )
        return
    try:
        await context.bot.send_message(chat_id, t("error.generic", lang))
    except TelegramError:
        log.warning("could not send the error notice", extra={"update_id": update_id})
