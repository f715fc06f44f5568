"""Admins manage the people who use the bot: /orang lists them, /nonaktifkan and /aktifkan
switch them off and on, /pindahwilayah moves a companion, /alihkan hands all of one
companion's households to another. Every change is audited by the repositories."""

from __future__ import annotations

from telegram import Update

from bot.decisions import people
from bot.domain import Person, Role
from bot.texts import t, t_plain
from handlers.menus import clear_commands, show_commands
from handlers.plumbing.context import BotContext
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import reply, reply_text
from handlers.registry.views import ROLE_WORDS, number_arg, region_code_arg, region_label, tell_refusal


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
    listed = await context.services.people.listing(role, region)
    if not listed:
        await reply(update, context, "reg.people.empty")
        return
    lang = context.language
    lines = [t("reg.people.header", lang, count=len(listed))]
    # All of them: what does not fit a message comes whole in the attached file.
    lines += [_line(person, regions, lang) for person in listed]
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
    if len(args) != 2:
        await reply(update, context, "reg.region.usage")
        return
    number = await _number(update, context, args[0], "pindahwilayah")
    if number is None:
        return
    codes = tuple(dict.fromkeys(region_code_arg(code) for code in args[1].split(",")))
    admin = context.member
    outcome = await people.change_region(context.services, admin, number, codes)
    if isinstance(outcome, people.RegionChanged):
        person = outcome.person
        labels = ", ".join(region_label(outcome.region_names, code, admin.language) for code in outcome.codes)
        key = "reg.region.changed" if person.role is Role.COMPANION else "reg.region.changed_coordinator"
        await confirm_reply(update, context, key, name=person.full_name, region=labels, count=outcome.households)
    elif isinstance(outcome, people.BadRegions):
        await reply(update, context, "reg.region.usage")
    elif isinstance(outcome, people.AdminHasNoRegion):
        name = outcome.person.full_name
        await reply(update, context, "reg.person.admin_has_no_region", id=outcome.person.id, name=name)
    elif isinstance(outcome, people.OneRegionForCompanions):
        await reply(update, context, "reg.region.one_for_companions")
    else:
        await tell_refusal(update, context, outcome)


async def hand_over(update: Update, context: BotContext) -> None:
    """Give all households of one companion to another."""
    args = context.args or []
    old, new = (number_arg(args[0]), number_arg(args[1])) if len(args) == 2 else (None, None)
    if old is None or new is None:
        await reply(update, context, "reg.handover.usage")
        return
    outcome = await people.hand_over(context.services, context.member, old, new)
    if isinstance(outcome, people.HandedOver):
        old_name, new_name = outcome.old.full_name, outcome.new.full_name
        await confirm_reply(update, context, "reg.handover.done", count=outcome.count, old=old_name, new=new_name)
    elif isinstance(outcome, people.SameCompanion):
        await reply(update, context, "reg.handover.same")
    else:
        await tell_refusal(update, context, outcome)


async def _set_active(update: Update, context: BotContext, *, active: bool, command: str) -> None:
    args = context.args or []
    if len(args) != 1:
        await reply(update, context, "reg.person.usage", command=command)
        return
    number = await _number(update, context, args[0], command)
    if number is None:
        return
    admin = context.member
    outcome = await people.set_person_active(context.services, admin, number, active=active)
    if isinstance(outcome, people.PersonStateChanged):
        person = outcome.person
        if active:
            await show_commands(context.bot, person)
        else:
            await clear_commands(context.bot, person)
        key = "reg.person.reactivated" if active else "reg.person.deactivated"
        await confirm_reply(update, context, key, name=person.full_name)
    elif isinstance(outcome, people.PersonUnchanged):
        state = t_plain("reg.person.state_active" if active else "reg.person.state_inactive", admin.language)
        await reply(update, context, "reg.person.unchanged", name=outcome.person.full_name, state=state)
    elif isinstance(outcome, people.NotYourself):
        await reply(update, context, "reg.person.self")
    else:
        await tell_refusal(update, context, outcome)


async def _number(update: Update, context: BotContext, text: str, command: str) -> int | None:
    """The person's number in `text`, or None after telling the admin how to write it."""
    number = number_arg(text)
    if number is None:
        await reply(update, context, "reg.person.usage", command=command)
    return number


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
