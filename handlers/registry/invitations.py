"""Invitations: /undang creates a one-time deep link, /undangan lists the open ones, /cabut
revokes one, and `/start <token>` (the link opened) registers the person who opened it."""

from __future__ import annotations

import logging
import secrets

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import filters
from telegram.helpers import create_deep_linked_url

from bot.domain import Role
from bot.texts import t, t_plain
from handlers.menus import menu_text, show_commands
from handlers.plumbing.context import BotContext
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import reply, reply_text, send_text
from handlers.registry.views import ROLE_WORDS, number_arg, region_code_arg, region_label, wib
from storage.invitations import Invitation, Redemption

log = logging.getLogger(__name__)
NAME_MAX = 100
TOKEN_BYTES = 24
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
    settings = context.services.settings
    regions = await context.services.registry.region_names()
    if code not in regions:
        await reply(
            update,
            context,
            "reg.invite.bad_region",
            code=code,
            codes=", ".join(c for c in regions if c != settings.province.code),
        )
        return
    if role is Role.COMPANION and code == settings.province.code:
        await reply(update, context, "reg.invite.companion_region")
        return
    admin = context.member
    name = " ".join(args[2:])[:NAME_MAX] or None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = await context.services.invitations.create(
        token=token,
        role=role,
        region_code=code,
        full_name=name,
        created_by=admin.id,
        ttl_s=settings.registry.invitation_ttl_hours * 3600,
    )
    lang = admin.language
    await reply(
        update,
        context,
        "reg.invite.created",
        id=invitation.id,
        role=t(f"role.{role.value}", lang),
        region=region_label(regions, code, lang),
        name=_for_name(name, lang),
        expires=wib(context, invitation.expires_at),
        link=create_deep_linked_url(context.bot.username, token),
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
    admin = context.member
    revoked = await context.services.invitations.revoke(number, admin.id)
    await reply(update, context, "reg.invite.revoked" if revoked else "reg.invite.revoke_missing", id=number)


async def join(update: Update, context: BotContext) -> None:
    """Register the sender with the invitation of the deep link they opened."""
    user = update.effective_user
    if user is None or not context.args:
        return
    services = context.services
    result = await services.invitations.redeem(
        context.args[0],
        telegram_user_id=user.id,
        full_name=user.full_name,
        username=user.username,
        language=services.settings.locale.language,
    )
    if result.outcome is Redemption.ALREADY_REGISTERED:
        person = context.person
        lang = context.language
        await reply(update, context, "reg.join.already", role=t(f"role.{person.role.value}", lang) if person else "")
        return
    if result.outcome in _REFUSALS:
        log.info("invitation refused", extra={"outcome": result.outcome.value})
        await reply(update, context, _REFUSALS[result.outcome])
        return
    person = await services.people.by_id(result.person_id or 0)
    assert person is not None and result.invitation is not None
    lang = person.language
    regions = await services.registry.region_names()
    role = t(f"role.{person.role.value}", lang)
    await show_commands(context.bot, person)
    await confirm_reply(
        update,
        context,
        "reg.join.welcome",
        name=person.full_name,
        role=role,
        region=region_label(regions, result.invitation.region_code, lang),
        menu=menu_text(person.role, lang),
    )
    await _tell_inviter(context, result.invitation, person.full_name, person.role)


async def _tell_inviter(context: BotContext, invitation: Invitation, name: str, role: Role) -> None:
    inviter = await context.services.people.by_id(invitation.created_by)
    if inviter is None or not inviter.active or inviter.telegram_user_id is None:
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
