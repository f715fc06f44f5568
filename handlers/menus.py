"""What a person can do: their commands as text, and in Telegram's menu of their chat."""

from __future__ import annotations

import contextlib

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.domain import Person, Role
from bot.texts import t_plain
from handlers.commands import commands_for


def menu_text(role: Role | None, lang: str) -> str:
    """One line per command of `role` (None: a stranger), as plain text."""
    return "\n".join(
        t_plain("help.line", lang, command=spec.name, description=t_plain(spec.description_key, lang))
        for spec in commands_for(role)
    )


async def show_commands(bot: Bot, person: Person) -> None:
    """Show the person's own commands in Telegram's menu of their chat with the bot."""
    if person.telegram_user_id is None:
        return
    commands = [
        BotCommand(spec.name, t_plain(spec.description_key, person.language)) for spec in commands_for(person.role)
    ]
    # The menu is a convenience; /bantuan lists the same commands
    with contextlib.suppress(TelegramError):
        await bot.set_my_commands(commands, scope=BotCommandScopeChat(person.telegram_user_id))


async def clear_commands(bot: Bot, person: Person) -> None:
    """Back to the public menu (a deactivated person is a stranger)."""
    if person.telegram_user_id is None:
        return
    with contextlib.suppress(TelegramError):
        await bot.delete_my_commands(scope=BotCommandScopeChat(person.telegram_user_id))
