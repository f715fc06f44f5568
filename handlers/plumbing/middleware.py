"""Handlers that wrap every update: drop redelivered updates and anything outside private
chats first, look up who is writing, and save state last. `install` puts them in their own
handler groups around the journeys' group (`MAIN`)."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.texts import t
from handlers.plumbing.context import BotContext
from handlers.plumbing.persistence import SqlitePersistence

log = logging.getLogger(__name__)

# Handler groups run in this order; inside a group the first matching handler wins.
DEDUPLICATE, PRIVATE_ONLY, IDENTIFY, MAIN, SAVE_STATE = -3, -2, -1, 0, 100


def install(app: Application[Any, BotContext, Any, Any, Any, Any]) -> None:
    """Wrap every update: the journeys' handlers go in group `MAIN`, between these."""
    app.add_handler(TypeHandler(Update, drop_redelivered), group=DEDUPLICATE)
    app.add_handler(TypeHandler(Update, private_chats_only), group=PRIVATE_ONLY)
    app.add_handler(TypeHandler(Update, identify), group=IDENTIFY)
    app.add_handler(TypeHandler(Update, save_state), group=SAVE_STATE)


async def drop_redelivered(update: Update, context: BotContext) -> None:
    """Stop an update Telegram delivered before (e.g. after a crash): it was handled already."""
    if not _persistence(context).claim_update(update.update_id):
        log.info("duplicate update ignored", extra={"update_id": update.update_id})
        raise ApplicationHandlerStop


async def private_chats_only(update: Update, context: BotContext) -> None:
    """Keep the bot out of groups: its answers carry households' personal data."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    message = update.effective_message
    if message is not None and message.text is not None and message.text.startswith("/"):
        await context.bot.send_message(chat.id, t("private_only", context.services.settings.locale.language))
    raise ApplicationHandlerStop


async def identify(update: Update, context: BotContext) -> None:
    """Look up the person behind the update once; every handler after reads `context.person`."""
    await context.identify(update)


async def save_state(update: Update, context: BotContext) -> None:
    """Have the states this update changed written with its id right after it (see
    `handlers.plumbing.persistence`), so that a restart resumes at the step the user just took."""
    # PTB marks this update's user data for saving only after every group has run, i.e.
    # after this handler: mark it here, so the write cannot miss it.
    if update.effective_user is not None:
        context.application.mark_data_for_update_persistence(user_ids=update.effective_user.id)
    _persistence(context).save_update(update.update_id)


def _persistence(context: BotContext) -> SqlitePersistence:
    persistence = context.application.persistence
    assert isinstance(persistence, SqlitePersistence), "the application is built with SqlitePersistence"
    return persistence
