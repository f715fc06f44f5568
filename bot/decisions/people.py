"""Admins manage the people who use the bot: deactivate and reactivate them, change the regions
they cover, hand all of one companion's households to another. Every change is audited by the
repositories."""

from __future__ import annotations

from dataclasses import dataclass

from bot.decisions.access import InactiveTarget, NotAllowed, NotCompanion, UnknownPerson, is_admin
from bot.domain import Person, Role
from bot.services import Services


@dataclass(frozen=True)
class PersonStateChanged:
    person: Person  # as it was
    active: bool


@dataclass(frozen=True)
class PersonUnchanged:
    person: Person


@dataclass(frozen=True)
class NotYourself:
    """An admin cannot deactivate themselves (someone must be left to undo it)."""


@dataclass(frozen=True)
class RegionChanged:
    person: Person  # as it was: its role says which sentence
    codes: tuple[str, ...]
    households: int  # the companion's active households
    region_names: dict[str, str]


@dataclass(frozen=True)
class BadRegions:
    """Unknown codes, or the province together with its kabupaten/kota."""


@dataclass(frozen=True)
class AdminHasNoRegion:
    person: Person


@dataclass(frozen=True)
class OneRegionForCompanions:
    pass


@dataclass(frozen=True)
class HandedOver:
    count: int
    old: Person
    new: Person


@dataclass(frozen=True)
class SameCompanion:
    pass


ActiveOutcome = PersonStateChanged | PersonUnchanged | UnknownPerson | NotYourself | NotAllowed
RegionOutcome = RegionChanged | BadRegions | UnknownPerson | AdminHasNoRegion | OneRegionForCompanions | NotAllowed
HandOverOutcome = HandedOver | UnknownPerson | NotCompanion | SameCompanion | InactiveTarget | NotAllowed


async def set_person_active(services: Services, admin: Person, person_id: int, *, active: bool) -> ActiveOutcome:
    """Deactivate a person (from now on the bot treats them as a stranger, and their dashboard
    sessions end) or reactivate them."""
    if not is_admin(admin):
        return NotAllowed()
    person = await services.people.by_id(person_id)
    if person is None:
        return UnknownPerson(person_id)
    if person.id == admin.id and not active:
        return NotYourself()
    if person.active == active:
        return PersonUnchanged(person)
    await services.people.set_active(person, active, admin.id)
    if not active:
        await services.web_access.end_sessions_of(person.id)
    return PersonStateChanged(person, active)


async def change_region(services: Services, admin: Person, person_id: int, codes: tuple[str, ...]) -> RegionOutcome:
    """Set the regions a person covers: one kabupaten/kota for a companion; one or more, or the
    whole province, for a coordinator."""
    if not is_admin(admin):
        return NotAllowed()
    regions = await services.registry.region_names()
    province = services.settings.province.code
    if not codes or any(code not in regions for code in codes) or (province in codes and len(codes) > 1):
        return BadRegions()
    person = await services.people.by_id(person_id)
    if person is None:
        return UnknownPerson(person_id)
    if person.role is Role.ADMIN:
        return AdminHasNoRegion(person)
    if person.role is Role.COMPANION and (len(codes) > 1 or codes == (province,)):
        return OneRegionForCompanions()
    await services.people.change_region(person, codes, admin.id)
    count = await services.registry.household_count_of(person.id)
    return RegionChanged(person, codes, count, regions)


async def hand_over(services: Services, admin: Person, from_id: int, to_id: int) -> HandOverOutcome:
    """Give all households of one companion to another, active one."""
    if not is_admin(admin):
        return NotAllowed()
    people = []
    for person_id in (from_id, to_id):
        person = await services.people.by_id(person_id)
        if person is None:
            return UnknownPerson(person_id)
        people.append(person)
    old, new = people
    for person in people:
        if person.role is not Role.COMPANION:
            return NotCompanion(person)
    if old.id == new.id:
        return SameCompanion()
    if not new.active:
        return InactiveTarget(new)
    moved = await services.households.hand_over(old.id, new.id, admin.id)
    return HandedOver(moved, old, new)
