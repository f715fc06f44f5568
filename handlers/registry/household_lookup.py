"""/kpm looks a household up by DTKS id, KK or the start of the head's name, within what the
viewer may see; admins correct its coordinates (/koreksi), give it to another companion
(/pindahkpm) and deactivate or reactivate it (/nonaktifkpm, /aktifkpm)."""

from __future__ import annotations

from telegram import Update

from bot.decisions import households
from bot.domain import Household, Person, Role
from bot.rules.households import mask_number
from bot.texts import t, t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply, reply_text, send_text
from handlers.registry.views import number_arg, region_label, tell_refusal, viewer_scope, wib
from handlers.updates.views import card_lines, card_markup
from storage.registry_queries import SEARCH_LIMIT, HouseholdCard


async def look_up(update: Update, context: BotContext) -> None:
    """Show the household card, or the list of matches to choose from."""
    query = " ".join(context.args or []).strip()
    if not query:
        await reply(update, context, "reg.kpm.usage")
        return
    person = context.member
    services = context.services
    digits = query.replace(" ", "").replace(".", "")
    found = await services.registry.search(
        digits if digits.isdigit() else query, viewer_scope(person, services.settings.province.code)
    )
    if not found:
        await reply(update, context, "reg.kpm.none", query=query)
        return
    if len(found) == 1:
        await _send_card(update, context, person, found[0])
        return
    lang = person.language
    lines = [t("reg.kpm.many", lang, limit=SEARCH_LIMIT)]
    lines += [
        t(
            "reg.kpm.many_line",
            lang,
            dtks_id=h.dtks_id,
            name=h.head_name,
            desa=h.desa or "-",
            inactive="" if h.active else t_plain("reg.kpm.inactive", lang),
        )
        for h in found
    ]
    await reply_text(update, context, "\n".join(lines))


async def correct_coordinates(update: Update, context: BotContext) -> None:
    """Set a household's coordinates from `lat, lon` or a map link; audited with old and new."""
    args = context.args or []
    if len(args) < 2:
        await reply(update, context, "reg.coord.usage")
        return
    admin = context.member
    outcome = await households.correct_coordinates(context.services, admin, args[0], " ".join(args[1:]))
    if isinstance(outcome, households.CoordinatesCorrected):
        await reply(
            update,
            context,
            "reg.coord.done",
            name=outcome.household.head_name,
            old=_coordinates(outcome.household, admin.language),
            new=f"{outcome.latitude:.6f}, {outcome.longitude:.6f}",
        )
    elif isinstance(outcome, households.BadCoordinates):
        await reply(update, context, f"reg.coordinates.{outcome.problem.value}")
    else:
        await tell_refusal(update, context, outcome)


async def reassign(update: Update, context: BotContext) -> None:
    """Give one household to another active companion of its region."""
    args = context.args or []
    number = number_arg(args[1]) if len(args) == 2 else None
    if number is None:
        await reply(update, context, "reg.reassign.usage")
        return
    admin = context.member
    outcome = await households.reassign_household(context.services, admin, args[0], number)
    if isinstance(outcome, households.Reassigned):
        name, companion = outcome.household.head_name, outcome.companion.full_name
        await reply(update, context, "reg.reassign.done", name=name, companion=companion)
    elif isinstance(outcome, households.WrongRegion):
        regions = await context.services.registry.region_names()
        lang = admin.language
        await reply(
            update,
            context,
            "reg.reassign.wrong_region",
            companion=outcome.companion.full_name,
            companion_region=", ".join(region_label(regions, c, lang) for c in outcome.companion.region_codes),
            region=region_label(regions, outcome.household.region_code, lang),
        )
    else:
        await tell_refusal(update, context, outcome)


async def deactivate(update: Update, context: BotContext) -> None:
    """Deactivate a household (its visits stay)."""
    await _set_active(update, context, active=False, command="nonaktifkpm")


async def reactivate(update: Update, context: BotContext) -> None:
    """Reactivate a household."""
    await _set_active(update, context, active=True, command="aktifkpm")


async def _set_active(update: Update, context: BotContext, *, active: bool, command: str) -> None:
    args = context.args or []
    if len(args) != 1:
        await reply(update, context, "reg.kpm_state.usage", command=command)
        return
    admin = context.member
    outcome = await households.set_household_active(context.services, admin, args[0], active=active)
    if isinstance(outcome, households.HouseholdUnchanged):
        state = t_plain("reg.person.state_active" if active else "reg.person.state_inactive", admin.language)
        await reply(update, context, "reg.kpm_state.unchanged", name=outcome.household.head_name, state=state)
    elif isinstance(outcome, households.HouseholdStateChanged):
        key = "reg.kpm_state.reactivated" if active else "reg.kpm_state.deactivated"
        await reply(update, context, key, name=outcome.household.head_name)
    else:
        await tell_refusal(update, context, outcome)


async def _send_card(update: Update, context: BotContext, viewer: Person, household: Household) -> None:
    card = await context.services.registry.card(household)
    lang = viewer.language
    text = card_text(context, card, lang, full_numbers=viewer.role is Role.ADMIN)
    text += await card_lines(context.services, household, lang)
    if viewer.role is Role.ADMIN:
        text += t(
            "reg.kpm.card_admin",
            lang,
            dtks_id=household.dtks_id,
            toggle="nonaktifkpm" if household.active else "aktifkpm",
        )
    chat = update.effective_chat
    if chat:
        await send_text(context.bot, chat.id, text, lang, reply_markup=card_markup(viewer, household))


def card_text(context: BotContext, card: HouseholdCard, lang: str, *, full_numbers: bool) -> str:
    """The household card; KK and NIK are masked unless `full_numbers` (admins)."""
    household = card.household

    def shown(number: str | None) -> str:
        return (number if full_numbers else mask_number(number)) or "-"

    missing = t_plain("reg.kpm.missing", lang)
    last_visit = missing
    if card.last_visit_at is not None:
        verdict = t_plain(f"report.verdict_name.{card.last_visit_verdict}", lang)
        last_visit = t_plain("reg.kpm.last_visit", lang, at=wib(context, card.last_visit_at), verdict=verdict)
    return t(
        "reg.kpm.card",
        lang,
        name=household.head_name,
        inactive="" if household.active else t_plain("reg.kpm.inactive", lang),
        dtks_id=household.dtks_id,
        kk=shown(household.kk_number),
        nik=shown(household.head_nik),
        address=household.address or "-",
        desa=household.desa or "-",
        kecamatan=household.kecamatan or "-",
        region=t_plain("reg.region_line", lang, name=card.region_name, code=household.region_code),
        coordinates=_coordinates(household, lang),
        companion=card.companion_name or t_plain("reg.kpm.no_companion", lang),
        last_visit=last_visit,
    )


def _coordinates(household: Household, lang: str) -> str:
    if household.latitude is None or household.longitude is None:
        return t_plain("reg.kpm.missing", lang)
    return f"{household.latitude:.6f}, {household.longitude:.6f}"
