"""Sending catalogue texts back to the user who wrote, in their language."""

from __future__ import annotations

from typing import Any

from telegram import ForceReply, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from bot.regions import province_values
from bot.texts import t
from handlers.plumbing.context import BotContext

MESSAGE_LIMIT = 4096
ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply


async def reply(
    update: Update, context: BotContext, key: str, *, markup: ReplyMarkup | None = None, **values: Any
) -> Message | None:
    """Answer in the chat of `update` with the catalogue text `key`; the province's codes and
    examples (`bot.regions`) are there for the sentences that show them."""
    chat = update.effective_chat
    if chat is None:
        return None
    lang = context.language
    text = t(key, lang, **{**province_values(context.services.settings.province.code, lang), **values})
    return await context.bot.send_message(chat.id, text, reply_markup=markup)


async def send_lines(update: Update, context: BotContext, lines: list[str]) -> None:
    """Send prepared (HTML) lines, in as few messages as Telegram's 4096-character limit allows."""
    chat = update.effective_chat
    if chat is None:
        return
    message: list[str] = []
    for line in lines:
        if message and sum(len(part) + 1 for part in message) + len(line) > MESSAGE_LIMIT:
            await context.bot.send_message(chat.id, "\n".join(message))
            message = []
        message.append(line[:MESSAGE_LIMIT])
    if message:
        await context.bot.send_message(chat.id, "\n".join(message))
