"""Live-location updates (edited messages) recorded as the track of the report being written,
for as long as the live period runs. Updates after the report was sent, after the live period,
or of another chat's message are ignored without a word."""

from __future__ import annotations

from telegram import Update

from bot.domain import Role
from bot.rules.report import ReportDraft
from handlers.plumbing.context import BotContext
from handlers.report.session import DRAFT


async def record_live_location(update: Update, context: BotContext) -> None:
    """Add a live-location update to the track of the report draft it belongs to."""
    message = update.edited_message
    person = context.person
    if message is None or message.location is None or person is None or person.role is not Role.COMPANION:
        return
    data = context.user_data.get(DRAFT) if context.user_data is not None else None
    if data is None or context.user_data is None:
        return
    draft = ReportDraft.from_json(data)
    shared = draft.location
    at = int((message.edit_date or message.date).timestamp())
    if shared is None or (shared.chat_id, shared.message_id) != (message.chat_id, message.message_id):
        return
    if shared.running_at(at):
        location = message.location
        draft.track.append([at, location.latitude, location.longitude, location.horizontal_accuracy])
        context.user_data[DRAFT] = draft.to_json()
