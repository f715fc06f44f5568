"""Admins manage the people who use the bot: /orang lists them, /nonaktifkan and /aktifkan
switch them off and on, /pindahwilayah moves a companion, /alihkan hands all of one
companion's households to another. Every change is audited by the repositories."""

from __future__ import annotations

from telegram import Update

from bot.domain import Person, Role
from bot.texts import t, t_plain
from handlers.menus import clear_commands, show_commands
from handlers.plumbing.context import BotContext
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import reply, reply_text
from handlers.registry.views import ROLE_WORDS, number_arg, region_code_arg, region_label


async def list_people(update: Update, context: BotContext) -> None:
    """List people, optionally of one role and one region."""
    role: Role | None = None
    region: str | None = None
    regions = await context.services.registry.region_names()
    for arg in context.args or []:
        if arg.lower() in ROLE_WORDS:
            role = ROLE_WORDS[arg.lower()]
        elif region_code_arg(arg) in regions:
            region = region_code_arg(arg)
        else:
            await reply(update, context, "reg.people.usage")
            return
    people = await context.services.people.listing(role, region)
    if not people:
        await reply(update, context, "reg.people.empty")
        return
    lang = context.language
    lines = [t("reg.people.header", lang, count=len(people))]
    # All of them: what does not fit a message comes whole in the attached file.
    lines += [_line(person, regions, lang) for person in people]
    await reply_text(update, context, "\n".join(lines))


async def deactivate(update: Update, context: BotContext) -> None:
    """Deactivate a person: from now on the bot treats them as a stranger."""
    await _set_active(update, context, active=False, command="nonaktifkan")


async def reactivate(update: Update, context: BotContext) -> None:
    """Reactivate a deactivated person."""
    await _set_active(update, context, active=True, command="aktifkan")


async def change_region(update: Update, context: BotContext) -> None:
    """Set the regions a person covers: one kabupaten/kota for a companion; one or more, or the
    whole province, for a coordinator (codes separated by commas)."""
    args = context.args or []
    regions = await context.services.registry.region_names()
    province = context.services.settings.province.code
    codes = tuple(dict.fromkeys(region_code_arg(code) for code in args[1].split(","))) if len(args) == 2 else ()
    if not codes or any(code not in regions for code in codes) or (province in codes and len(codes) > 1):
        await reply(update, context, "reg.region.usage")
        return
    person = await _person_arg(update, context, args[0], "pindahwilayah")
    if person is None:
        return
    if person.role is Role.ADMIN:
        await reply(update, context, "reg.person.admin_has_no_region", id=person.id, name=person.full_name)
        return
    if person.role is Role.COMPANION and (len(codes) > 1 or codes == (province,)):
        await reply(update, context, "reg.region.one_for_companions")
        return
    admin = context.member
    await context.services.people.change_region(person, codes, admin.id)
    count = await context.services.registry.household_count_of(person.id)
    labels = ", ".join(region_label(regions, code, admin.language) for code in codes)
    key = "reg.region.changed" if person.role is Role.COMPANION else "reg.region.changed_coordinator"
    await confirm_reply(update, context, key, name=person.full_name, region=labels, count=count)


async def hand_over(update: Update, context: BotContext) -> None:
    """Give all households of one companion to another."""
    args = context.args or []
    if len(args) != 2 or number_arg(args[0]) is None or number_arg(args[1]) is None:
        await reply(update, context, "reg.handover.usage")
        return
    old = await _person_arg(update, context, args[0], "alihkan")
    if old is None:
        return
    new = await _person_arg(update, context, args[1], "alihkan")
    if new is None:
        return
    for person in (old, new):
        if person.role is not Role.COMPANION:
            await reply(update, context, "reg.person.not_companion", id=person.id, name=person.full_name)
            return
    if old.id == new.id:
        await reply(update, context, "reg.handover.same")
        return
    if not new.active:
        await reply(update, context, "reg.person.inactive_target", name=new.full_name)
        return
    admin = context.member
    moved = await context.services.households.hand_over(old.id, new.id, admin.id)
    await confirm_reply(update, context, "reg.handover.done", count=moved, old=old.full_name, new=new.full_name)


async def _set_active(update: Update, context: BotContext, *, active: bool, command: str) -> None:
    args = context.args or []
    if len(args) != 1:
        await reply(update, context, "reg.person.usage", command=command)
        return
    person = await _person_arg(update, context, args[0], command)
    admin = context.person
    if person is None or admin is None:
        return
    lang = admin.language
    if person.id == admin.id and not active:
        await reply(update, context, "reg.person.self")
        return
    if person.active == active:
        state = t_plain("reg.person.state_active" if active else "reg.person.state_inactive", lang)
        await reply(update, context, "reg.person.unchanged", name=person.full_name, state=state)
        return
    await context.services.people.set_active(person, active, admin.id)
    if active:
        await show_commands(context.bot, person)
    else:
        await clear_commands(context.bot, person)
    await confirm_reply(
        update, context, "reg.person.reactivated" if active else "reg.person.deactivated", name=person.full_name
    )


async def _person_arg(update: Update, context: BotContext, text: str, command: str) -> Person | None:
    """The person numbered `text`, or None after telling the admin what was wrong."""
    number = number_arg(text)
    if number is None:
        await reply(update, context, "reg.person.usage", command=command)
        return None
    person = await context.services.people.by_id(number)
    if person is None:
        await reply(update, context, "reg.person.unknown", id=number)
    return person


def _line(person: Person, regions: dict[str, str], lang: str) -> str:
    return t(
        "reg.people.line",
        lang,
        id=person.id,
        name=person.full_name,
        username=f" @{person.username}" if person.username else "",
        role=t_plain(f"role.{person.role.value}", lang),
        regions=", ".join(region_label(regions, code, lang) for code in person.region_codes) or "-",
        inactive="" if person.active else t_plain("reg.people.inactive", lang),
    )
