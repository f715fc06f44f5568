"""Handlers that wrap every update: drop redelivered updates first, save state last."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext

log = logging.getLogger(__name__)


async def drop_redelivered(update: Update, context: BotContext) -> None:
    """Stop an update Telegram delivered before (e.g. after a crash): it was handled already."""
    if not await context.services.bot_state.claim_update(update.update_id):
        log.info("duplicate update ignored", extra={"update_id": update.update_id})
        raise ApplicationHandlerStop


async def save_state(update: Update, context: BotContext) -> None:
    """Write conversation states and user data now, not at the next interval: a crash
    right after this update must not lose the step the user just took."""
    await context.application.update_persistence()
    # PTB marks this update's user data for saving only after every group has run, i.e. after
    # this handler: write it now, or a crash before the next update loses the step just taken.
    user, persistence = update.effective_user, context.application.persistence
    if user is not None and persistence is not None and context.user_data is not None:
        await persistence.update_user_data(user.id, context.user_data)
