"""An admin's changes to the register, one household at a time: each outcome and what it stored."""

from __future__ import annotations

from dataclasses import replace

from bot.decisions.access import InactiveTarget, NotAllowed, NotCompanion, UnknownHousehold, UnknownPerson
from bot.decisions.households import (
    BadCoordinates,
    CoordinatesCorrected,
    DtksTaken,
    EntryRefused,
    HouseholdEntry,
    HouseholdStateChanged,
    HouseholdUnchanged,
    Reassigned,
    Registered,
    WrongRegion,
    correct_coordinates,
    reassign_household,
    register_household,
    set_household_active,
)
from bot.domain import Role
from bot.rules.coordinates import CoordinateProblem
from bot.services import Services
from tests.support.decisions import LEBAK, SERANG, household, person, reread

ENTRY = HouseholdEntry(
    dtks_id="3604000000009001",
    head_name="  Siti   Aminah ",
    region_code=SERANG,
    address="Jl. Melati 3",
    kecamatan="Kramatwatu",
    desa="Pejaten",
    kk_number="3604 0112 3456 0001",
    head_nik="3604015005800001",
    latitude=-6.12,
    longitude=106.15,
)


async def household_count(services: Services) -> int:
    return int(await services.db.fetch_value("SELECT COUNT(*) FROM households"))


async def test_an_admin_registers_a_household_once(services: Services) -> None:
    admin = await person(services, Role.ADMIN)
    companion = await person(services, Role.COMPANION, SERANG)
    entry = replace(ENTRY, companion_id=companion.id)

    outcome = await register_household(services, admin, entry)
    again = await register_household(services, admin, replace(entry, head_name="Lain"))

    assert isinstance(outcome, Registered)
    stored = await services.households.by_dtks_id(ENTRY.dtks_id)
    assert stored == outcome.household
    assert (stored.head_name, stored.kk_number, stored.companion_id) == (
        "Siti Aminah",
        "3604011234560001",
        companion.id,
    )
    assert stored.coordinates_source == "admin"
    assert again == DtksTaken(ENTRY.dtks_id, "Siti Aminah")
    assert await household_count(services) == 1
    assert await services.db.fetch_value("SELECT COUNT(*) FROM audit_log WHERE entity = 'household'") == 1


async def test_every_field_is_checked_again_when_stored(services: Services) -> None:
    admin = await person(services, Role.ADMIN)
    elsewhere = await person(services, Role.COMPANION, LEBAK)
    deactivated = await person(services, Role.COMPANION, SERANG)
    await services.people.set_active(deactivated, False, admin.id)
    coordinator = await person(services, Role.COORDINATOR)
    refusals = {
        "head_nik": replace(ENTRY, head_nik="12345"),
        "desa": replace(ENTRY, desa="  "),
        "dtks_id": replace(ENTRY, dtks_id="=HYPERLINK()"),
        "region_code": replace(ENTRY, region_code="36"),  # the province, not a kabupaten/kota
        "latitude": replace(ENTRY, longitude=None),
    }
    for field, entry in refusals.items():
        outcome = await register_household(services, admin, entry)
        assert isinstance(outcome, EntryRefused) and outcome.field == field, (field, outcome)
    for companion, reason in ((elsewhere, "companion_region"), (deactivated, "companion_unknown")):
        outcome = await register_household(services, admin, replace(ENTRY, companion_id=companion.id))
        assert isinstance(outcome, EntryRefused) and outcome.problem.reason == reason
    outside = await register_household(services, admin, replace(ENTRY, latitude=-1.0, longitude=110.0))
    refused = await register_household(services, coordinator, ENTRY)

    assert outside == BadCoordinates(CoordinateProblem.OUTSIDE)
    assert refused == NotAllowed()
    assert await household_count(services) == 0


async def test_an_admin_corrects_coordinates_within_the_province(services: Services) -> None:
    admin, coordinator = await person(services, Role.ADMIN), await person(services, Role.COORDINATOR)
    home = await household(services, None, None)

    outcome = await correct_coordinates(services, admin, f" {home.dtks_id} ", "-6,125; 106,155")
    swapped = await correct_coordinates(services, admin, home.dtks_id, "106.1, -6.1")
    unknown = await correct_coordinates(services, admin, "3604999999999999", "-6.1, 106.1")
    refused = await correct_coordinates(services, coordinator, home.dtks_id, "-6.2, 106.2")

    assert outcome == CoordinatesCorrected(home, -6.125, 106.155)
    assert swapped == BadCoordinates(CoordinateProblem.SWAPPED)
    assert unknown == UnknownHousehold("3604999999999999")
    assert refused == NotAllowed()
    stored = await reread(services, home)
    assert (stored.latitude, stored.longitude) == (-6.125, 106.155)


async def test_a_household_goes_only_to_an_active_companion_of_its_region(services: Services) -> None:
    admin = await person(services, Role.ADMIN)
    rina, dewi = await person(services, Role.COMPANION, SERANG), await person(services, Role.COMPANION, SERANG)
    elsewhere = await person(services, Role.COMPANION, LEBAK)
    away = await person(services, Role.COMPANION, SERANG)
    await services.people.set_active(away, False, admin.id)
    coordinator = await person(services, Role.COORDINATOR)
    home = await household(services, rina)

    assert await reassign_household(services, admin, home.dtks_id, elsewhere.id) == WrongRegion(home, elsewhere)
    inactive = await reassign_household(services, admin, home.dtks_id, away.id)
    assert isinstance(inactive, InactiveTarget) and inactive.person.id == away.id
    assert await reassign_household(services, admin, home.dtks_id, coordinator.id) == NotCompanion(coordinator)
    assert await reassign_household(services, admin, home.dtks_id, 99999) == UnknownPerson(99999)
    assert await reassign_household(services, coordinator, home.dtks_id, dewi.id) == NotAllowed()
    assert (await reread(services, home)).companion_id == rina.id

    assert await reassign_household(services, admin, home.dtks_id, dewi.id) == Reassigned(home, dewi)
    assert (await reread(services, home)).companion_id == dewi.id


async def test_an_admin_deactivates_and_reactivates_a_household(services: Services) -> None:
    admin, coordinator = await person(services, Role.ADMIN), await person(services, Role.COORDINATOR)
    home = await household(services, None)

    off = await set_household_active(services, admin, home.dtks_id, active=False)
    still_off = await set_household_active(services, admin, home.dtks_id, active=False)
    refused = await set_household_active(services, coordinator, home.dtks_id, active=True)
    on = await set_household_active(services, admin, home.dtks_id, active=True)

    assert off == HouseholdStateChanged(home, False)
    assert isinstance(still_off, HouseholdUnchanged) and not still_off.household.active
    assert refused == NotAllowed()
    assert isinstance(on, HouseholdStateChanged) and on.active
    assert (await reread(services, home)).active
    assert await set_household_active(services, admin, "nope", active=False) == UnknownHousehold("nope")
