"""Handlers that wrap every update: drop redelivered updates, anything outside private chats
and buttons without data first, look up who is writing, and save state last. `install` puts
them in their own handler groups around the journeys' group (`MAIN`)."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.texts import t, t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.persistence import SqlitePersistence

log = logging.getLogger(__name__)

# Handler groups run in this order; inside a group the first matching handler wins.
DEDUPLICATE, SCREEN, IDENTIFY, MAIN, SAVE_STATE = -3, -2, -1, 0, 100


def install(app: Application[Any, BotContext, Any, Any, Any, Any]) -> None:
    """Wrap every update: the journeys' handlers go in group `MAIN`, between these."""
    app.add_handler(TypeHandler(Update, drop_redelivered), group=DEDUPLICATE)
    app.add_handler(TypeHandler(Update, screen), group=SCREEN)
    app.add_handler(TypeHandler(Update, identify), group=IDENTIFY)
    app.add_handler(TypeHandler(Update, save_state), group=SAVE_STATE)


async def drop_redelivered(update: Update, context: BotContext) -> None:
    """Stop an update Telegram delivered before (e.g. after a crash): it was handled already."""
    if not _persistence(context).claim_update(update.update_id):
        log.info("duplicate update ignored", extra={"update_id": update.update_id})
        raise ApplicationHandlerStop


async def screen(update: Update, context: BotContext) -> None:
    """Stop what no handler should see: anything outside private chats, and a button without
    data (forged: PTB's patterns match empty data as if it were anything)."""
    await private_chats_only(update, context)
    query = update.callback_query
    if query is not None and not query.data:
        await context.identify(update)  # for the language; this runs before the group that does it
        with contextlib.suppress(TelegramError):
            await query.answer(t_plain("button.not_available", context.language))
        raise ApplicationHandlerStop


async def private_chats_only(update: Update, context: BotContext) -> None:
    """Keep the bot out of groups and channels, its answers carry households' personal data:
    added to one, or spoken to in one, it says it works only in private chats and leaves."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    membership = update.my_chat_member
    removed = membership is not None and membership.new_chat_member.status in (
        ChatMemberStatus.LEFT,
        ChatMemberStatus.BANNED,
    )
    message = update.effective_message
    addressed = membership is not None or (message is not None and (message.text or "").startswith("/"))
    if not removed:
        log.info("left a chat that is not private", extra={"chat_id": chat.id, "chat_type": chat.type})
        # A channel or a group that took the bot's rights may refuse both: the bot stays silent there.
        with contextlib.suppress(TelegramError):
            if addressed:
                await context.bot.send_message(chat.id, t("private_only", context.services.settings.locale.language))
            await context.bot.leave_chat(chat.id)
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
