"""Sending catalogue texts back to the user who wrote, in their language; every composed text
fits Telegram's 4,096 characters (a longer one is shortened, the whole of it attached)."""

from __future__ import annotations

import html
import re
from typing import Any

from telegram import Bot, ForceReply, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from bot.regions import province_values
from bot.texts import t, t_plain
from handlers.plumbing.context import BotContext

MESSAGE_LIMIT = 4096
ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply
_TAG = re.compile(r"<[^>]*>")


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units; HTML tags counted too, to be safe)."""
    return len(text.encode("utf-16-le")) // 2


def fit_message(text: str, lang: str) -> tuple[str, bytes | None]:
    """`text` itself when it fits one message; else its first whole lines that fit with a note
    saying so, and the whole text (plain) as the content of a file to attach."""
    if telegram_length(text) <= MESSAGE_LIMIT:
        return text, None
    note = t("message.shortened", lang)
    room = MESSAGE_LIMIT - telegram_length(note)
    kept: list[str] = []
    size = 0
    for line in text.split("\n"):
        size += telegram_length(line) + 1
        if size > room:
            break
        kept.append(line)
    plain = html.unescape(_TAG.sub("", text))
    # One line longer than a message: its plain text, cut (a tag cut in half would be refused).
    head = "\n".join(kept) if kept else _escaped_prefix(plain, room)
    return head + note, plain.encode("utf-8")


def _escaped_prefix(plain: str, room: int) -> str:
    pieces: list[str] = []
    for char in plain:
        piece = html.escape(char, quote=False)
        room -= telegram_length(piece)
        if room < 0:
            break
        pieces.append(piece)
    return "".join(pieces)


async def send_text(
    bot: Bot, chat_id: int, text: str, lang: str, *, reply_markup: ReplyMarkup | None = None
) -> Message:
    """Send a composed text; one too long for a message is shortened and sent whole as a file."""
    shown, whole = fit_message(text, lang)
    message = await bot.send_message(chat_id, shown, reply_markup=reply_markup)
    if whole is not None:
        await bot.send_document(chat_id, whole, filename=t_plain("message.file_name", lang))
    return message


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
    return await send_text(context.bot, chat.id, text, lang, reply_markup=markup)


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
