"""The last line of defence: log the failure, tell the user in one sentence, keep running.

When the failure was Telegram itself (a server error, a 429 outlasting the rate limiter's
retries, no answer in time), sending an apology now would fail the same way: the user gets one
notice through the outbox instead, once Telegram takes messages again, saying what to do. While
one is on its way, further failures for the same user add none.

When the server's storage is full (the database or the photo folder cannot grow), the user is
told so in words, that it is not their fault and to repeat the step later; the admins are told
once, with the cause and the free space, and again at most every `STORAGE_ALERT_EVERY_S` while
it lasts. Neither message can go through the outbox: it lives on the full disk.

A refusal (400, 403: `refusals`) is no outage, and saying "Telegram faltered, repeat your step"
would send the user round in circles: the admins are told (once per cause and day), and the user
gets the plain apology, which a 403 (the bot is blocked) cannot reach and is not sent."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError

from bot.domain import Role
from bot.texts import t
from handlers.plumbing.context import BotContext
from handlers.plumbing.outbox import outbox_of
from handlers.plumbing.refusals import REPLY, is_refusal
from storage.database import storage_full

log = logging.getLogger(__name__)
# The admins hear of a full storage once, then at most this often while it stays full.
STORAGE_ALERT_EVERY_S = 6 * 3600
_STORAGE_ALERTED_AT = "storage_full_alerted_at"


async def on_error(update: object, context: BotContext) -> None:
    """Log an exception raised while handling an update and tell the user."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    full = error is not None and storage_full(error)
    refused = error is not None and is_refusal(error)
    unreachable = isinstance(error, NetworkError | RetryAfter) and not refused
    if full:
        log.error("storage full: nothing can be stored", extra={"update_id": update_id, "error": str(error)})
    elif refused:
        log.warning("reply refused by Telegram", extra={"update_id": update_id, "error": str(error)})
    elif unreachable:
        log.warning("reply not sent: Telegram failed", extra={"update_id": update_id, "error": str(error)})
    else:
        log.error("handler failed", exc_info=error, extra={"update_id": update_id})
    if isinstance(update, Update) and update.effective_chat is not None:
        if refused:
            await _tell_admins_refused(update, context)
        if not isinstance(error, Forbidden):  # the bot is blocked: nothing reaches the user
            await _tell_user(update, update.effective_chat.id, context, full=full, unreachable=unreachable)
    if full:
        await _alert_admins_storage_full(context, str(error))


async def _tell_user(update: Update, chat_id: int, context: BotContext, *, full: bool, unreachable: bool) -> None:
    """One sentence for the person whose step failed, in their language."""
    try:
        await context.identify(update)
        lang = context.language
    except Exception:  # noqa: BLE001 - the database itself may be what failed
        lang = context.services.settings.locale.language
    if unreachable:
        await outbox_of(context.application).notify_unreachable(
            chat_id, update.update_id, t("error.telegram", lang), lang
        )
        return
    try:
        await context.bot.send_message(chat_id, t("error.storage_full" if full else "error.generic", lang))
    except TelegramError:
        log.warning("could not send the error notice", extra={"update_id": update.update_id})


async def _tell_admins_refused(update: Update, context: BotContext) -> None:
    """Tell the admins (once per cause and day) that Telegram refused a reply to this person."""
    user = update.effective_user
    whom = user.full_name if user else "–"
    try:
        await context.identify(update)
        whom = context.person.full_name if context.person else whom
    except Exception:  # noqa: BLE001 - the database may be what failed: Telegram's name will do
        log.warning("who was refused a reply is not known", extra={"update_id": update.update_id})
    await outbox_of(context.application).tell_refusal(REPLY, whom, str(context.error))


async def _alert_admins_storage_full(context: BotContext, cause: str) -> None:
    """Tell every active admin that the storage is full, why and how much room is left (at most
    once every `STORAGE_ALERT_EVERY_S`)."""
    services = context.services
    now = services.clock.now()
    alerted_at = context.bot_data.get(_STORAGE_ALERTED_AT)
    if isinstance(alerted_at, int) and now - alerted_at < STORAGE_ALERT_EVERY_S:
        return
    context.bot_data[_STORAGE_ALERTED_AT] = now
    settings = services.settings
    database, photos = settings.database.path.resolve().parent, settings.storage.photo_dir.resolve()
    for admin in await services.recipients.active(Role.ADMIN):
        if admin.telegram_user_id is None:
            continue
        text = t(
            "error.storage_full_admin",
            admin.language,
            cause=cause,
            database=str(database),
            database_free=_free(database),
            photos=str(photos),
            photos_free=_free(photos),
            hours=STORAGE_ALERT_EVERY_S // 3600,
        )
        try:
            await context.bot.send_message(admin.telegram_user_id, text)
        except TelegramError:
            log.warning("could not tell an admin the storage is full", extra={"admin_id": admin.id})


def _free(folder: Path) -> str:
    """The free space of the file system holding `folder` (or its nearest existing parent)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return f"{shutil.disk_usage(folder).free // 2**20} MB"
    except OSError:
        return "?"
