"""The last line of defence: log the failure, tell the user in one sentence, keep running."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.texts import t
from handlers.plumbing.context import BotContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log an exception raised while handling an update and apologise to the user."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("handler failed", exc_info=context.error, extra={"update_id": update_id})
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.identify(update)
        lang = context.language
    except Exception:  # noqa: BLE001 - the database itself may be what failed
        lang = context.services.settings.locale.language
    try:
        await context.bot.send_message(update.effective_chat.id, t("error.generic", lang))
    except TelegramError:
        log.warning("could not send the error notice", extra={"update_id": update_id})
