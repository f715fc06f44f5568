"""The last line of defence: log the failure, tell the user in one sentence, keep running.

When the failure was Telegram itself (a server error, a 429 outlasting the rate limiter's
retries, no answer in time), sending an apology now would fail the same way: the user gets one
notice through the outbox instead, once Telegram takes messages again, saying what to do. While
one is on its way, further failures for the same user add none.

When the database server cannot be reached (PostgreSQL restarting, the network between), the
step stored nothing (its transaction is rolled back) and the rest of the update is skipped: each
user is told to try again once per outage, whatever they send meanwhile; the bot reconnects by
itself once the server is back."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.texts import t
from handlers.plumbing.context import BotContext
from handlers.plumbing.outbox import outbox_of
from storage.database import DatabaseUnavailable

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log an exception raised while handling an update and tell the user."""
    if isinstance(context.error, DatabaseUnavailable):
        await _database_unavailable(update, context)
        return
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


async def _database_unavailable(update: object, context: BotContext) -> None:
    """Tell the user once per outage that nothing was stored, and stop handling the update."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.warning("database unavailable", extra={"update_id": update_id, "error": str(context.error)})
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    outages = context.services.db.outages
    told: dict[int, int] = context.bot_data.setdefault(_TOLD, {})
    if told.get(chat_id) != outages:
        told[chat_id] = outages
        try:
            await context.identify(update)  # remembered people need no database
            lang = context.language
        except DatabaseUnavailable:
            lang = context.services.settings.locale.language
        try:
            await context.bot.send_message(chat_id, t("error.database", lang))
        except TelegramError:
            log.warning("could not send the database notice", extra={"update_id": update_id})
    raise ApplicationHandlerStop  # the later handler groups would read the database too


# bot_data key: chat id -> the outage (`Database.outages`) the chat was told of
_TOLD = "told_database_unavailable"
