"""An admin keeps the register one household at a time: registers a new one, corrects its
coordinates, gives it to another companion, deactivates or reactivates it. Every change is
audited by the repository."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.decisions.access import InactiveTarget, NotAllowed, NotCompanion, UnknownHousehold, UnknownPerson, is_admin
from bot.domain import Household, NewHousehold, Person, Role
from bot.rules.coordinates import CoordinateError, CoordinateProblem, check_in_province, read_coordinates
from bot.rules.households import (
    RuleError,
    normalize_dtks_id,
    normalize_kk,
    normalize_name,
    normalize_nik,
    normalize_text,
)
from bot.services import Services


@dataclass(frozen=True)
class HouseholdEntry:
    """One household as an admin enters it (the /kpmbaru steps, or a form)."""

    dtks_id: str
    head_name: str
    region_code: str
    address: str
    kecamatan: str
    desa: str
    kk_number: str | None = None
    head_nik: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    companion_id: int | None = None


@dataclass(frozen=True)
class Registered:
    household: Household


@dataclass(frozen=True)
class DtksTaken:
    dtks_id: str
    head_name: str  # of the household registered with it


@dataclass(frozen=True)
class EntryRefused:
    """A field of the entry breaks a rule of the register; `field` is HouseholdEntry's."""

    field: str
    problem: RuleError


@dataclass(frozen=True)
class BadCoordinates:
    problem: CoordinateProblem


@dataclass(frozen=True)
class CoordinatesCorrected:
    household: Household  # as it was: its old coordinates
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Reassigned:
    household: Household
    companion: Person


@dataclass(frozen=True)
class WrongRegion:
    """The companion works in other regions than the household's."""

    household: Household
    companion: Person


@dataclass(frozen=True)
class HouseholdStateChanged:
    household: Household  # as it was
    active: bool


@dataclass(frozen=True)
class HouseholdUnchanged:
    household: Household


RegisterOutcome = Registered | DtksTaken | EntryRefused | BadCoordinates | NotAllowed
CorrectOutcome = CoordinatesCorrected | UnknownHousehold | BadCoordinates | NotAllowed
ReassignOutcome = (
    Reassigned | UnknownHousehold | UnknownPerson | NotCompanion | InactiveTarget | WrongRegion | NotAllowed
)
ActiveOutcome = HouseholdStateChanged | HouseholdUnchanged | UnknownHousehold | NotAllowed


async def register_household(services: Services, admin: Person, entry: HouseholdEntry) -> RegisterOutcome:
    """Check the entry as the register's rules (and an import) would, and store it."""
    if not is_admin(admin):
        return NotAllowed()
    checked = await _checked(services, entry)
    if not isinstance(checked, NewHousehold):
        return checked
    existing = await services.households.by_dtks_id(checked.dtks_id)
    if existing is not None:
        return DtksTaken(checked.dtks_id, existing.head_name)
    return Registered(await services.households.add(checked, admin.id))


async def correct_coordinates(services: Services, admin: Person, dtks_id: str, coordinates: str) -> CorrectOutcome:
    """Set the household's coordinates from `lat, lon` or a map link."""
    if not is_admin(admin):
        return NotAllowed()
    household = await services.households.by_dtks_id(dtks_id.strip())
    if household is None:
        return UnknownHousehold(dtks_id)
    try:
        latitude, longitude = read_coordinates(coordinates, services.settings.province.box)
    except CoordinateError as error:
        return BadCoordinates(error.problem)
    await services.households.correct_coordinates(household, latitude, longitude, admin.id)
    return CoordinatesCorrected(household, latitude, longitude)


async def reassign_household(services: Services, admin: Person, dtks_id: str, companion_id: int) -> ReassignOutcome:
    """Give the household to another active companion of its region."""
    if not is_admin(admin):
        return NotAllowed()
    household = await services.households.by_dtks_id(dtks_id.strip())
    if household is None:
        return UnknownHousehold(dtks_id)
    companion = await services.people.by_id(companion_id)
    if companion is None:
        return UnknownPerson(companion_id)
    if companion.role is not Role.COMPANION:
        return NotCompanion(companion)
    if not companion.active:
        return InactiveTarget(companion)
    if household.region_code not in companion.region_codes:
        return WrongRegion(household, companion)
    await services.households.reassign(household, companion.id, admin.id)
    return Reassigned(household, companion)


async def set_household_active(services: Services, admin: Person, dtks_id: str, *, active: bool) -> ActiveOutcome:
    """Deactivate a household (it leaves the visit schedule, its visits stay) or reactivate it
    (back in the programme: a status a field update gave it goes too)."""
    if not is_admin(admin):
        return NotAllowed()
    household = await services.households.by_dtks_id(dtks_id.strip())
    if household is None:
        return UnknownHousehold(dtks_id)
    if household.active == active and (not active or household.status is None):
        return HouseholdUnchanged(household)
    await services.households.set_active(household, active, admin.id)
    return HouseholdStateChanged(household, active)


async def _checked(services: Services, entry: HouseholdEntry) -> NewHousehold | EntryRefused | BadCoordinates:
    """The entry as the register stores it, or the first field that breaks a rule."""
    province = services.settings.province
    rules: list[tuple[str, Callable[[str], str | None]]] = [
        ("dtks_id", normalize_dtks_id),
        ("head_name", normalize_name),
        ("kk_number", lambda text: normalize_kk(text, province.code)),
        ("head_nik", normalize_nik),
        ("address", _required_text),
        ("kecamatan", _required_text),
        ("desa", _required_text),
    ]
    values: dict[str, str | None] = {}
    for field, normalize in rules:
        given = getattr(entry, field)
        try:
            values[field] = None if given is None else normalize(given)
        except RuleError as error:
            return EntryRefused(field, error)
    regions = [code for code in await services.registry.region_names() if code != province.code]
    if entry.region_code not in regions:
        return EntryRefused("region_code", RuleError("region_unknown", codes=", ".join(regions)))
    if (entry.latitude is None) != (entry.longitude is None):
        return EntryRefused("latitude", RuleError("coordinate_half"))
    if entry.latitude is not None and entry.longitude is not None:
        try:
            check_in_province(entry.latitude, entry.longitude, province.box)
        except CoordinateError as error:
            return BadCoordinates(error.problem)
    if entry.companion_id is not None:
        companion = await services.people.by_id(entry.companion_id)
        if companion is None or not companion.active or companion.role is not Role.COMPANION:
            return EntryRefused("companion_id", RuleError("companion_unknown"))
        if entry.region_code not in companion.region_codes:
            return EntryRefused("companion_id", RuleError("companion_region"))
    return NewHousehold(
        dtks_id=str(values["dtks_id"]),
        head_name=str(values["head_name"]),
        region_code=entry.region_code,
        kk_number=values["kk_number"],
        head_nik=values["head_nik"],
        address=values["address"],
        kecamatan=values["kecamatan"],
        desa=values["desa"],
        latitude=entry.latitude,
        longitude=entry.longitude,
        coordinates_source="admin" if entry.latitude is not None else None,
        companion_id=entry.companion_id,
    )


def _required_text(text: str) -> str:
    value = normalize_text(text)
    if value is None:
        raise RuleError("required")
    return value
