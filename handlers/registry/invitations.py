"""Invitations: /undang creates a one-time deep link, /undangan lists the open ones, /cabut
revokes one, and `/start <token>` (the link opened) registers the person who opened it."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import filters
from telegram.helpers import create_deep_linked_url

from bot.decisions import invitations
from bot.decisions.access import NotAllowed
from bot.domain import Person, Role
from bot.texts import t, t_plain
from handlers.menus import menu_text, show_commands
from handlers.plumbing.context import BotContext
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import reply, reply_text, send_text
from handlers.registry.views import ROLE_WORDS, number_arg, region_code_arg, region_label, wib
from handlers.report.keyboards import main_menu
from storage.invitations import Invitation, Redemption

log = logging.getLogger(__name__)
# What an opened invitation link sends: /start and the 32-character token (other payloads are
# left to whoever uses them).
INVITATION_LINK = filters.Regex(r"^/start [A-Za-z0-9_-]{32}$")
_REFUSALS = {
    Redemption.UNKNOWN: "reg.join.unknown",
    Redemption.EXPIRED: "reg.join.expired",
    Redemption.USED: "reg.join.used",
    Redemption.REVOKED: "reg.join.revoked",
}


async def invite(update: Update, context: BotContext) -> None:
    """Create an invitation for a role and region and answer with its deep link."""
    args = context.args or []
    if len(args) < 2 or args[0].lower() not in ROLE_WORDS:
        await reply(update, context, "reg.invite.usage")
        return
    role, code = ROLE_WORDS[args[0].lower()], region_code_arg(args[1])
    admin = context.member
    outcome = await invitations.invite(context.services, admin, role, code, " ".join(args[2:]))
    if isinstance(outcome, invitations.UnknownRegion):
        await reply(update, context, "reg.invite.bad_region", code=outcome.code, codes=", ".join(outcome.codes))
        return
    if isinstance(outcome, invitations.CompanionNeedsRegency):
        await reply(update, context, "reg.invite.companion_region")
        return
    if isinstance(outcome, NotAllowed):
        await reply(update, context, "unknown_command")  # as the role guard answers
        return
    invitation, lang = outcome.invitation, admin.language
    await reply(
        update,
        context,
        "reg.invite.created",
        id=invitation.id,
        role=t(f"role.{role.value}", lang),
        region=region_label(outcome.region_names, code, lang),
        name=_for_name(invitation.full_name, lang),
        expires=wib(context, invitation.expires_at),
        link=create_deep_linked_url(context.bot.username, outcome.token),
    )


async def list_invitations(update: Update, context: BotContext) -> None:
    """List the invitations that can still be used."""
    open_ones = await context.services.invitations.open_invitations()
    if not open_ones:
        await reply(update, context, "reg.invite.list_empty")
        return
    lang = context.language
    regions = await context.services.registry.region_names()
    lines = [t("reg.invite.list_header", lang)]
    lines += [_line(context, invitation, regions, lang) for invitation in open_ones]
    await reply_text(update, context, "\n".join(lines))


async def revoke(update: Update, context: BotContext) -> None:
    """Revoke an open invitation by its number."""
    args = context.args or []
    number = number_arg(args[0]) if args else None
    if number is None:
        await reply(update, context, "reg.invite.revoke_usage")
        return
    outcome = await invitations.revoke_invitation(context.services, context.member, number)
    await reply(
        update,
        context,
        "reg.invite.revoked" if isinstance(outcome, invitations.Revoked) else "reg.invite.revoke_missing",
        id=number,
    )


async def join(update: Update, context: BotContext) -> None:
    """Register the sender with the invitation of the deep link they opened."""
    user = update.effective_user
    if user is None or not context.args:
        return
    outcome = await invitations.join(
        context.services, context.args[0], telegram_user_id=user.id, full_name=user.full_name, username=user.username
    )
    if isinstance(outcome, invitations.AlreadyRegistered):
        person = context.person
        lang = context.language
        await reply(update, context, "reg.join.already", role=t(f"role.{person.role.value}", lang) if person else "")
        return
    if isinstance(outcome, invitations.InvitationRefused):
        log.info("invitation refused", extra={"outcome": outcome.reason.value})
        await reply(update, context, _REFUSALS[outcome.reason])
        return
    person, lang = outcome.person, outcome.person.language
    role = t(f"role.{person.role.value}", lang)
    await show_commands(context.bot, person)
    await confirm_reply(
        update,
        context,
        "reg.join.welcome",
        # A companion's main menu as a keyboard at once, as /start gives it.
        markup=main_menu(lang) if person.role is Role.COMPANION else None,
        name=person.full_name,
        role=role,
        region=region_label(outcome.region_names, outcome.invitation.region_code, lang),
        menu=menu_text(person.role, lang),
    )
    if outcome.inviter is not None:
        await _tell_inviter(context, outcome.inviter, outcome.invitation, person.full_name, person.role)


async def _tell_inviter(context: BotContext, inviter: Person, invitation: Invitation, name: str, role: Role) -> None:
    if inviter.telegram_user_id is None:
        return
    text = t(
        "reg.invite.used_notice",
        inviter.language,
        id=invitation.id,
        name=name,
        role=t(f"role.{role.value}", inviter.language),
    )
    try:
        await send_text(context.bot, inviter.telegram_user_id, text, inviter.language)
    except TelegramError:
        log.warning("could not tell the inviting admin", extra={"invitation_id": invitation.id})


def _for_name(name: str | None, lang: str) -> str:
    return t_plain("reg.invite.for_name", lang, name=name) if name else ""


def _line(context: BotContext, invitation: Invitation, regions: dict[str, str], lang: str) -> str:
    return t(
        "reg.invite.list_line",
        lang,
        id=invitation.id,
        role=t(f"role.{invitation.role.value}", lang),
        region=region_label(regions, invitation.region_code, lang),
        name=_for_name(invitation.full_name, lang),
        expires=wib(context, invitation.expires_at),
    )
