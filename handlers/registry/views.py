"""Small pieces the registry's handlers share: reading command arguments, showing times in the
province's zone (WIB, WITA or WIT), regions and what a person may see, and saying why a
decision was refused."""

from __future__ import annotations

from telegram import Update

from bot.decisions.access import InactiveTarget, NotCompanion, Refusal, UnknownHousehold, UnknownPerson
from bot.domain import Person, Role
from bot.rules.readable import chat_time
from bot.texts import t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply
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


async def tell_refusal(update: Update, context: BotContext, refusal: Refusal) -> None:
    """Say why an admin's change was refused."""
    if isinstance(refusal, UnknownHousehold):
        await reply(update, context, "reg.kpm.unknown_dtks", dtks_id=refusal.dtks_id)
    elif isinstance(refusal, UnknownPerson):
        await reply(update, context, "reg.person.unknown", id=refusal.person_id)
    elif isinstance(refusal, NotCompanion):
        await reply(update, context, "reg.person.not_companion", id=refusal.person.id, name=refusal.person.full_name)
    elif isinstance(refusal, InactiveTarget):
        await reply(update, context, "reg.person.inactive_target", name=refusal.person.full_name)
    else:
        await reply(update, context, "unknown_command")  # as the role guard answers
