"""The answers to what no other handler took: an unknown command, a button of nothing, any
other message."""

from __future__ import annotations

from telegram import Update

from bot.texts import t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply


async def unknown_command(update: Update, context: BotContext) -> None:
    """Answer a command nobody handles (or that the sender may not use)."""
    await reply(update, context, "unknown_command")


async def unknown_button(update: Update, context: BotContext) -> None:
    """Answer a button no handler took (forged, or of a feature gone): its spinner stops."""
    if update.callback_query is not None:
        await update.callback_query.answer(t_plain("button.not_available", context.language))


async def unexpected_message(update: Update, context: BotContext) -> None:
    """Answer any other message outside a conversation."""
    person = context.person
    await reply(update, context, "unexpected_message" if person else "stranger.start")
