"""Who may take a decision, and the refusals several decisions share."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Person, Role


@dataclass(frozen=True)
class NotAllowed:
    """The acting person may not take this decision (wrong role, inactive, another's region)."""


@dataclass(frozen=True)
class UnknownHousehold:
    dtks_id: str


@dataclass(frozen=True)
class UnknownPerson:
    person_id: int


@dataclass(frozen=True)
class NotCompanion:
    person: Person


@dataclass(frozen=True)
class InactiveTarget:
    """Households cannot go to a deactivated companion."""

    person: Person


# The refusals the registry's decisions share (each caller says them the same way).
Refusal = NotAllowed | UnknownHousehold | UnknownPerson | NotCompanion | InactiveTarget


def acts_as(person: Person, *roles: Role) -> bool:
    """Whether `person` is active and has one of `roles`."""
    return person.active and person.role in roles


def is_admin(person: Person) -> bool:
    return acts_as(person, Role.ADMIN)


def covers(person: Person, region_code: str) -> bool:
    """Admins cover every region; coordinators the regions they were given (or the province)."""
    if not acts_as(person, Role.ADMIN, Role.COORDINATOR):
        return False
    return person.role is Role.ADMIN or person.covers_province or region_code in person.region_codes
