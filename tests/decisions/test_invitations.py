"""Inviting, revoking, and joining by an invitation: who may, and what is stored."""

from __future__ import annotations

from bot.decisions.access import NotAllowed
from bot.decisions.invitations import (
    AlreadyRegistered,
    CompanionNeedsRegency,
    InvitationRefused,
    Invited,
    Joined,
    NotOpen,
    Revoked,
    UnknownRegion,
    invite,
    join,
    revoke_invitation,
)
from bot.domain import Role
from bot.services import Services
from storage.invitations import Redemption
from tests.support.decisions import SERANG, person


async def test_an_invited_companion_joins_once_with_the_invitations_role_and_region(services: Services) -> None:
    admin = await person(services, Role.ADMIN, name="Dinsos")
    invited = await invite(services, admin, Role.COMPANION, SERANG, "Rina")
    assert isinstance(invited, Invited) and len(invited.token) == 32
    assert (invited.invitation.role, invited.invitation.full_name) == (Role.COMPANION, "Rina")

    joined = await join(services, invited.token, telegram_user_id=4242, full_name="Rina W", username="rina")
    again = await join(services, invited.token, telegram_user_id=4242, full_name="Rina W", username="rina")
    stranger = await join(services, invited.token, telegram_user_id=5353, full_name="Lain", username=None)

    assert isinstance(joined, Joined) and joined.inviter == admin
    assert (joined.person.role, joined.person.region_codes, joined.person.full_name) == (
        Role.COMPANION,
        (SERANG,),
        "Rina W",
    )
    assert again == AlreadyRegistered(joined.person.id)
    assert stranger == InvitationRefused(Redemption.USED)
    assert await services.people.by_telegram_id(5353) is None


async def test_invitations_are_for_known_regions_and_companions_for_one_kabupaten(services: Services) -> None:
    admin, coordinator = await person(services, Role.ADMIN), await person(services, Role.COORDINATOR)

    unknown = await invite(services, admin, Role.COORDINATOR, "9999", None)
    province = await invite(services, admin, Role.COMPANION, "36", None)
    refused = await invite(services, coordinator, Role.COMPANION, SERANG, None)

    assert isinstance(unknown, UnknownRegion) and SERANG in unknown.codes and "36" not in unknown.codes
    assert province == CompanionNeedsRegency()
    assert refused == NotAllowed()
    assert await services.invitations.open_invitations() == []


async def test_a_revoked_invitation_registers_nobody(services: Services) -> None:
    admin = await person(services, Role.ADMIN)
    invited = await invite(services, admin, Role.COORDINATOR, "36", None)
    assert isinstance(invited, Invited)
    number = invited.invitation.id

    assert await revoke_invitation(services, await person(services, Role.COORDINATOR), number) == NotAllowed()
    revoked = await revoke_invitation(services, admin, number)
    again = await revoke_invitation(services, admin, number)
    joined = await join(services, invited.token, telegram_user_id=6161, full_name="Budi", username=None)
    unknown = await join(services, "x" * 32, telegram_user_id=6161, full_name="Budi", username=None)

    assert isinstance(revoked, Revoked) and revoked.invitation.revoked_at is not None
    assert again == NotOpen(number)
    assert (joined, unknown) == (InvitationRefused(Redemption.REVOKED), InvitationRefused(Redemption.UNKNOWN))
    assert await services.people.by_telegram_id(6161) is None
