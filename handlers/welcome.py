"""/start and /bantuan: who the bot is to each person, and what they can do with it."""

from __future__ import annotations

import logging

from telegram import Update

from bot.domain import Role
from bot.texts import t
from handlers.menus import menu_text, show_commands
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply
from handlers.report.keyboards import main_menu

log = logging.getLogger(__name__)


async def start(update: Update, context: BotContext) -> None:
    """Greet a registered person by role with their menu; tell a stranger how to join."""
    person = context.person
    if person is None:
        # Admins read the id here to put themselves in admins.bootstrap_user_ids.
        user_id = update.effective_user.id if update.effective_user else None
        log.info("start from an unregistered user", extra={"telegram_user_id": user_id})
        await reply(update, context, "stranger.start")
        return
    user = update.effective_user
    if user:
        await context.services.people.refresh_profile(person, user.full_name, user.username)
    lang = person.language
    await show_commands(context.bot, person)
    # Companions get their main menu as a persistent keyboard.
    menu = main_menu(lang) if person.role is Role.COMPANION else None
    await reply(
        update,
        context,
        "start.greeting",
        markup=menu,
        name=user.full_name if user else person.full_name,
        role=t(f"role.{person.role.value}", lang),
        menu=menu_text(person.role, lang),
    )


async def help_command(update: Update, context: BotContext) -> None:
    """List the commands of the sender's role only."""
    person = context.person
    await reply(update, context, "help.text", menu=menu_text(person.role if person else None, context.language))
