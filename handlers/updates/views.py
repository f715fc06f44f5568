"""What the household card (/kpm) shows of field updates: the household's status, its field
profile (contact, composition, the latest approved note), the proposals waiting, and, for the
companion who accompanies it, the button to propose changes."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.domain import Household, Person, Role
from bot.services import Services
from bot.texts import t
from handlers.updates import keyboards as kb


async def card_lines(services: Services, household: Household, lang: str) -> str:
    """The card's lines about the household's status, field profile and waiting proposals."""
    text = ""
    if household.status is not None:
        text += t("upd.card.status", lang, status=t(f"upd.household_status.{household.status.value}", lang))
    profile = await services.field_updates.profile(household.id)
    if profile is not None:
        counts = {
            name: "–" if value is None else str(value)
            for name, value in (
                ("members", profile.members),
                ("under_five", profile.under_five),
                ("school_sd", profile.school_sd),
                ("school_smp", profile.school_smp),
                ("school_sma", profile.school_sma),
                ("pregnant", profile.pregnant),
                ("elderly", profile.elderly),
                ("disabled", profile.disabled),
            )
        }
        text += t("upd.card.profile", lang, phone=profile.phone or "–", **counts)
        if profile.note:
            text += t("upd.card.note", lang, note=profile.note)
    pending = await services.field_updates.pending_count(household.id)
    if pending:
        text += t("upd.card.pending", lang, count=pending)
    return text


def card_markup(viewer: Person, household: Household) -> InlineKeyboardMarkup | None:
    """The companion who accompanies the household may propose changes of it."""
    if viewer.role is Role.COMPANION and household.active and household.companion_id == viewer.id:
        return kb.card(household.id, viewer.language)
    return None
