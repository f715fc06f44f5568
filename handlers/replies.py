"""Sending catalogue texts back to the user who wrote, in their language."""

from __future__ import annotations

from typing import Any

from telegram import ForceReply, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from bot.context import BotContext
from bot.texts import t

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply


async def reply(
    update: Update, context: BotContext, key: str, *, markup: ReplyMarkup | None = None, **values: Any
) -> Message | None:
    """Answer in the chat of `update` with the catalogue text `key`."""
    chat = update.effective_chat
    if chat is None:
        return None
    text = t(key, await context.language(update), **values)
    return await context.bot.send_message(chat.id, text, reply_markup=markup)
