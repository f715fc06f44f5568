"""/pantau: the office's dashboard, for coordinators and admins. The answer carries a button
that opens it inside Telegram (a Mini App, which signs the person in by its launch data) and a
one-time login link for a browser (valid `dashboard.login_link_minutes`, bound to this person,
used once; only its hash is stored). The chat's menu button opens the Mini App from then on."""

from __future__ import annotations

import logging
import secrets

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, MenuButtonWebApp, Update, WebAppInfo
from telegram.error import TelegramError

from bot.texts import t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply

log = logging.getLogger(__name__)


async def dashboard_command(update: Update, context: BotContext) -> None:
    """Send the buttons that open the dashboard, in Telegram and in a browser."""
    settings = context.services.settings.dashboard
    chat = update.effective_chat
    if not settings.enabled or settings.public_url is None or chat is None:
        await reply(update, context, "pantau.disabled")
        return
    person, lang = context.member, context.language
    token = secrets.token_urlsafe(32)
    minutes = settings.login_link_minutes
    await context.services.web_access.add_login_link(token, person.id, minutes * 60)
    # The token travels in the fragment, which browsers never send to a server (nor to a proxy's log).
    home = settings.public_url.rstrip("/") + "/"
    buttons = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t_plain("pantau.open", lang), web_app=WebAppInfo(home))],
            [InlineKeyboardButton(t_plain("pantau.open_browser", lang), url=f"{home}login#t={token}")],
        ]
    )
    await reply(update, context, "pantau.ready", minutes=minutes, markup=buttons)
    try:
        await context.bot.set_chat_menu_button(
            chat.id, MenuButtonWebApp(t_plain("pantau.menu_button", lang), WebAppInfo(home))
        )
    except TelegramError as exc:  # the buttons above open it all the same
        log.warning("dashboard menu button not set", extra={"error": exc.message})
