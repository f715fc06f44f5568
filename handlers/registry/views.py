"""Small pieces the registry's handlers share: reading command arguments, showing times in
WIB, regions and what a person may see."""

from __future__ import annotations

from bot.domain import Person, Role
from bot.rules.readable import chat_time
from bot.texts import t_plain
from handlers.plumbing.context import BotContext
from storage.registry_queries import Scope

MAX_DIGITS = 18
ROLE_WORDS = {
    "admin": Role.ADMIN,
    "koordinator": Role.COORDINATOR,
    "coordinator": Role.COORDINATOR,
    "pendamping": Role.COMPANION,
    "companion": Role.COMPANION,
}


def wib(context: BotContext, timestamp: int) -> str:
    """A Unix time as the configured zone's date and time, e.g. 27/11/2026 10:00."""
    return chat_time(timestamp, context.services.settings.locale.tz)


def number_arg(text: str) -> int | None:
    """A number as people write it in commands: 12 or #12; at most 18 digits, as button ids
    (`handlers.plumbing.buttons`): a longer one would overflow SQLite's integers."""
    value = text.strip().lstrip("#")
    return int(value) if value.isdecimal() and value.isascii() and len(value) <= MAX_DIGITS else None


def region_code_arg(text: str) -> str:
    return text.strip().replace(".", "")


def region_label(regions: dict[str, str], code: str | None, lang: str) -> str:
    if code is None:
        return "-"
    return t_plain("reg.region_line", lang, name=regions.get(code, code), code=code)


def viewer_scope(person: Person, province_code: str) -> Scope:
    """What a person may see of the register: admins all, coordinators their regions,
    companions their own households."""
    if person.role is Role.ADMIN or province_code in person.region_codes:
        return Scope()
    if person.role is Role.COORDINATOR:
        return Scope(region_codes=person.region_codes)
    return Scope(companion_id=person.id)
