"""Sending catalogue texts back to the user who wrote, in their language. Everything the bot
composes fits Telegram's limits, counted as Telegram counts (UTF-16 code units): 4,096 for a
message, 1,024 for a caption. A longer message is shortened at a whole line with a note and the
whole of it attached as a file; a longer caption is shortened and the whole follows as a message."""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Bot, ForceReply, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from bot.texts import t, t_plain
from handlers.plumbing.context import BotContext

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply
_TAG = re.compile(r"<[^>]*>")

Item = TypeVar("Item")


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units, so an emoji counts 2; HTML tags counted
    too, to be safe)."""
    return len(text.encode("utf-16-le")) // 2


def batches_that_fit(items: list[Item], entry: Callable[[Item], str], header: str, most: int) -> list[list[Item]]:
    """`items` in batches of at most `most` whose entries, each after a blank line, fit one
    message below `header`: a message shows every item its buttons act on."""
    room = MESSAGE_LIMIT - telegram_length(header)
    batches: list[list[Item]] = []
    size = 0
    for item in items:
        length = telegram_length(entry(item)) + 2  # with the blank line before it
        if not batches or len(batches[-1]) == most or size + length > room:
            batches.append([])
            size = 0
        batches[-1].append(item)
        size += length
    return batches


def fit_message(
    text: str, lang: str, *, limit: int = MESSAGE_LIMIT, note_key: str = "message.shortened"
) -> tuple[str, bytes | None]:
    """`text` itself when it fits `limit`; else its first whole lines that fit with the note
    `note_key` saying so, and the whole text (plain) as the content of a file to attach."""
    if telegram_length(text) <= limit:
        return text, None
    note = t(note_key, lang)
    room = limit - telegram_length(note)
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
    """Send a composed text: the one way the bot sends what it composes. A text too long for a
    message is shortened at a whole line, and the whole of it follows as a file."""
    shown, whole = fit_message(text, lang)
    message = await bot.send_message(chat_id, shown, reply_markup=reply_markup)
    if whole is not None:
        await bot.send_document(chat_id, whole, filename=t_plain("message.file_name", lang))
    return message


async def send_captioned(
    bot: Bot, chat_id: int, caption: str, lang: str, send: Callable[[str], Awaitable[Message]]
) -> Message:
    """Send a photo, document or voice note through `send`, which takes the caption: one too long
    for a caption is shortened with a note, and the whole of it follows as a message."""
    shown, whole = fit_message(caption, lang, limit=CAPTION_LIMIT, note_key="message.caption_continued")
    message = await send(shown)
    if whole is not None:
        await send_text(bot, chat_id, caption, lang)
    return message


async def reply_text(
    update: Update, context: BotContext, text: str, *, markup: ReplyMarkup | None = None
) -> Message | None:
    """Answer in the chat of `update` with a composed text (see `send_text`)."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await send_text(context.bot, chat.id, text, context.language, reply_markup=markup)


async def reply(
    update: Update, context: BotContext, key: str, *, markup: ReplyMarkup | None = None, **values: Any
) -> Message | None:
    """Answer in the chat of `update` with the catalogue text `key`; the province's codes and
    examples and the programme's names (`Settings.text_values`) are there for the sentences that
    show them."""
    lang = context.language
    text = t(key, lang, **{**context.services.settings.text_values(lang), **values})
    return await reply_text(update, context, text, markup=markup)
