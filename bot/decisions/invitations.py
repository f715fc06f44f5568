"""Admins invite people (a one-time token for a role and a region) and revoke invitations; the
person who opens the invitation joins with its role and region."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from bot.decisions.access import NotAllowed, is_admin
from bot.domain import Person, Role
from bot.services import Services
from storage.invitations import Invitation, Redemption

NAME_MAX = 100
TOKEN_BYTES = 24  # 32 characters once URL-safe


@dataclass(frozen=True)
class Invited:
    invitation: Invitation
    token: str  # only its hash is stored: shown once, in the link
    region_names: dict[str, str]


@dataclass(frozen=True)
class UnknownRegion:
    code: str
    codes: tuple[str, ...]  # the kabupaten/kota codes one may use


@dataclass(frozen=True)
class CompanionNeedsRegency:
    """Companions work in one kabupaten/kota, never the whole province."""


@dataclass(frozen=True)
class Revoked:
    invitation: Invitation


@dataclass(frozen=True)
class NotOpen:
    """No open invitation with this number (used, revoked, expired or unknown)."""

    invitation_id: int


@dataclass(frozen=True)
class Joined:
    person: Person
    invitation: Invitation
    region_names: dict[str, str]
    inviter: Person | None  # the admin who invited, if still active


@dataclass(frozen=True)
class AlreadyRegistered:
    person_id: int


@dataclass(frozen=True)
class InvitationRefused:
    reason: Redemption  # UNKNOWN, EXPIRED, USED or REVOKED


InviteOutcome = Invited | UnknownRegion | CompanionNeedsRegency | NotAllowed
RevokeOutcome = Revoked | NotOpen | NotAllowed
JoinOutcome = Joined | AlreadyRegistered | InvitationRefused


async def invite(
    services: Services, admin: Person, role: Role, region_code: str, full_name: str | None
) -> InviteOutcome:
    """Create an invitation for `role` in `region_code` (optionally for a named person)."""
    if not is_admin(admin):
        return NotAllowed()
    settings = services.settings
    regions = await services.registry.region_names()
    if region_code not in regions:
        return UnknownRegion(region_code, tuple(code for code in regions if code != settings.province.code))
    if role is Role.COMPANION and region_code == settings.province.code:
        return CompanionNeedsRegency()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = await services.invitations.create(
        token=token,
        role=role,
        region_code=region_code,
        full_name=(full_name or "")[:NAME_MAX] or None,
        created_by=admin.id,
        ttl_s=settings.registry.invitation_ttl_hours * 3600,
    )
    return Invited(invitation, token, regions)


async def revoke_invitation(services: Services, admin: Person, invitation_id: int) -> RevokeOutcome:
    """Revoke an open invitation."""
    if not is_admin(admin):
        return NotAllowed()
    revoked = await services.invitations.revoke(invitation_id, admin.id)
    return NotOpen(invitation_id) if revoked is None else Revoked(revoked)


async def join(
    services: Services, token: str, *, telegram_user_id: int, full_name: str, username: str | None
) -> JoinOutcome:
    """Register the Telegram account with the invitation of `token`, exactly once."""
    result = await services.invitations.redeem(
        token,
        telegram_user_id=telegram_user_id,
        full_name=full_name,
        username=username,
        language=services.settings.locale.language,
    )
    if result.outcome is Redemption.ALREADY_REGISTERED:
        assert result.person_id is not None
        return AlreadyRegistered(result.person_id)
    if result.outcome not in (Redemption.REGISTERED, Redemption.REACTIVATED):
        return InvitationRefused(result.outcome)
    person = await services.people.by_id(result.person_id or 0)
    assert person is not None and result.invitation is not None
    inviter = await services.people.by_id(result.invitation.created_by)
    regions = await services.registry.region_names()
    return Joined(person, result.invitation, regions, inviter if inviter is not None and inviter.active else None)
