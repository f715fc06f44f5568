"""Small pieces the registry's handlers share: reading command arguments, showing times in
WIB, regions, people and the per-chat command menu."""

from __future__ import annotations


from telegram import BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.timefmt import chat_time
from bot.commands import commands_for
from bot.context import BotContext
from bot.texts import t_plain
from storage.models import Person, Role
from storage.registry_queries import Scope

ROLE_WORDS = {
    "admin": Role.ADMIN, "koordinator": Role.COORDINATOR, "coordinator": Role.COORDINATOR,
    "pendamping": Role.COMPANION, "companion": Role.COMPANION,
}


def wib(context: BotContext, timestamp: int) -> str:
    """A Unix time as the configured zone's date and time, e.g. 27/11/2026 10:00."""
    return chat_time(timestamp, context.services.settings.locale.tz)


def number_arg(text: str) -> int | None:
    """A number as people write it in commands: 12 or #12."""
    value = text.strip().lstrip("#")
    return int(value) if value.isdigit() else None


def region_code_arg(text: str) -> str:
    return text.strip().replace(".", "")


def region_label(regions: dict[str, str], code: str | None, lang: str) -> str:
    if code is None:
        return "-"
    return t_plain("reg.region_line", lang, name=regions.get(code, code), code=code)


def menu_lines(role: Role, lang: str) -> str:
    return "\n".join(
        t_plain("help.line", lang, command=spec.name, description=t_plain(spec.description_key, lang))
        for spec in commands_for(role)
    )


def viewer_scope(person: Person, province_code: str) -> Scope:
    """What a person may see of the register: admins all, coordinators their regions,
    companions their own households."""
    if person.role is Role.ADMIN or province_code in person.region_codes:
        return Scope()
    if person.role is Role.COORDINATOR:
        return Scope(region_codes=person.region_codes)
    return Scope(companion_id=person.id)


async def set_chat_menu(context: BotContext, person: Person) -> None:
    """Show the person's own commands in Telegram's menu of their chat with the bot."""
    if person.telegram_user_id is None:
        return
    commands = [BotCommand(spec.name, t_plain(spec.description_key, person.language))
                for spec in commands_for(person.role)]
    try:
        await context.bot.set_my_commands(commands, scope=BotCommandScopeChat(person.telegram_user_id))
    except TelegramError:
        # The menu is a convenience; /bantuan lists the same commands.
        pass


async def clear_chat_menu(context: BotContext, person: Person) -> None:
    """Back to the public menu (a deactivated person is a stranger)."""
    if person.telegram_user_id is None:
        return
    try:
        await context.bot.delete_my_commands(scope=BotCommandScopeChat(person.telegram_user_id))
    except TelegramError:
        pass
