"""The report as a journey (`handlers.plumbing.journey`): its states, its draft in `user_data`,
what it says when it ends unfinished, and the small Telegram helpers every step uses."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.error import TelegramError

from bot.domain import Role
from bot.rules.report import ReportDraft
from bot.services import Services
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import Journey, JourneyTexts
from handlers.plumbing.replies import ReplyMarkup, reply_text
from handlers.report import keyboards as kb

LOCATION, HOUSEHOLD, VERDICT, PHOTOS, CONDITIONS, NOTE, CONFIRM = (
    "location",
    "household",
    "verdict",
    "photos",
    "conditions",
    "note",
    "confirm",
)
DRAFT = "report_draft"


async def discard_files(services: Services, draft: ReportDraft) -> None:
    """Delete the photos and voice note a draft saved, unless a stored report uses the same file:
    pictures of beneficiaries' homes are kept only for reports that were made."""
    paths = draft.files()
    keep = await services.photo_index.stored_paths(paths)
    photo_dir = services.settings.storage.photo_dir

    def delete() -> None:
        for path in paths:
            if path not in keep:
                (photo_dir / path).unlink(missing_ok=True)

    await asyncio.to_thread(delete)


# The report belongs to companions; a step runs only while the companion has the draft.
REPORT = Journey(
    name="visit_report",
    role=Role.COMPANION,
    draft_key=DRAFT,
    load=ReportDraft.from_json,
    texts=JourneyTexts(
        cancelled="report.cancelled",
        expired="report.expired",
        refused="report.cancelled",
        ended="report.cancelled",
        stale_button="report.stale_button",
    ),
    idle_minutes=lambda settings: settings.report.idle_minutes,
    # The release before named states saved these as 0..6.
    numbered_states=(LOCATION, HOUSEHOLD, VERDICT, PHOTOS, CONDITIONS, NOTE, CONFIRM),
    discard=discard_files,
    menu=kb.main_menu,
)


def callback_suffix(update: Update, prefix: str) -> str:
    data = update.callback_query.data if update.callback_query else None
    return str(data or "").removeprefix(prefix)


async def send(update: Update, context: BotContext, text: str, markup: ReplyMarkup | None = None) -> None:
    await reply_text(update, context, text, markup=markup)


async def show(update: Update, context: BotContext, text: str, markup: ReplyMarkup) -> None:
    """Edit the list in place when a button of it was pressed, else send it."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)  # type: ignore[arg-type]
            return
        except TelegramError:
            pass  # too old to edit: send it anew
    await send(update, context, text, markup)
