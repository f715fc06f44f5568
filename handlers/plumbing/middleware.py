"""Handlers that wrap every update: drop redelivered updates, anything outside private chats
and empty buttons first, save state last."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.texts import t, t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.persistence import SqlitePersistence

log = logging.getLogger(__name__)


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
        with contextlib.suppress(TelegramError):
            await query.answer(t_plain("button.not_available", await context.language(update)))
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
