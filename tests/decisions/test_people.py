"""An admin manages people: switching them off and on, their regions, handing households over."""

from __future__ import annotations

from bot.decisions.access import InactiveTarget, NotAllowed, NotCompanion, UnknownPerson
from bot.decisions.people import (
    AdminHasNoRegion,
    BadRegions,
    HandedOver,
    NotYourself,
    OneRegionForCompanions,
    PersonStateChanged,
    PersonUnchanged,
    RegionChanged,
    SameCompanion,
    change_region,
    hand_over,
    set_person_active,
)
from bot.domain import Person, Role
from bot.services import Services
from tests.support.decisions import LEBAK, SERANG, household, person


async def now(services: Services, someone: Person) -> Person:
    found = await services.people.by_id(someone.id)
    assert found is not None
    return found


async def test_an_admin_deactivates_and_reactivates_a_person_but_never_themselves(services: Services) -> None:
    admin, coordinator = await person(services, Role.ADMIN), await person(services, Role.COORDINATOR)
    companion = await person(services, Role.COMPANION)

    off = await set_person_active(services, admin, companion.id, active=False)
    still_off = await set_person_active(services, admin, companion.id, active=False)
    refused = await set_person_active(services, coordinator, companion.id, active=True)
    on = await set_person_active(services, admin, companion.id, active=True)

    assert off == PersonStateChanged(companion, False)
    assert isinstance(still_off, PersonUnchanged) and not still_off.person.active
    assert refused == NotAllowed()
    assert isinstance(on, PersonStateChanged) and (await now(services, companion)).active
    assert await set_person_active(services, admin, admin.id, active=False) == NotYourself()
    assert await set_person_active(services, admin, 99999, active=False) == UnknownPerson(99999)
    assert (await now(services, admin)).active


async def test_a_companion_moves_to_one_kabupaten_a_coordinator_to_several(services: Services) -> None:
    admin = await person(services, Role.ADMIN)
    companion, coordinator = await person(services, Role.COMPANION), await person(services, Role.COORDINATOR)
    await household(services, companion)

    moved = await change_region(services, admin, companion.id, (LEBAK,))
    two = await change_region(services, admin, coordinator.id, (SERANG, LEBAK))

    assert isinstance(moved, RegionChanged) and (moved.codes, moved.households) == ((LEBAK,), 1)
    assert (await now(services, companion)).region_codes == (LEBAK,)
    assert isinstance(two, RegionChanged) and set((await now(services, coordinator)).region_codes) == {SERANG, LEBAK}
    assert await change_region(services, admin, companion.id, (SERANG, LEBAK)) == OneRegionForCompanions()
    assert await change_region(services, admin, companion.id, ("36",)) == OneRegionForCompanions()
    assert await change_region(services, admin, coordinator.id, ("36", SERANG)) == BadRegions()
    assert await change_region(services, admin, coordinator.id, ("9999",)) == BadRegions()
    assert await change_region(services, admin, admin.id, (SERANG,)) == AdminHasNoRegion(admin)
    assert await change_region(services, coordinator, companion.id, (SERANG,)) == NotAllowed()
    assert (await now(services, companion)).region_codes == (LEBAK,)


async def test_a_companions_households_go_to_another_active_companion(services: Services) -> None:
    admin, coordinator = await person(services, Role.ADMIN), await person(services, Role.COORDINATOR)
    rina, dewi, away = [await person(services, Role.COMPANION) for _ in range(3)]
    await services.people.set_active(away, False, admin.id)
    homes = [await household(services, rina) for _ in range(3)]

    assert await hand_over(services, admin, rina.id, rina.id) == SameCompanion()
    assert await hand_over(services, admin, rina.id, coordinator.id) == NotCompanion(coordinator)
    assert isinstance(await hand_over(services, admin, rina.id, away.id), InactiveTarget)
    assert await hand_over(services, admin, 99999, dewi.id) == UnknownPerson(99999)
    assert await hand_over(services, coordinator, rina.id, dewi.id) == NotAllowed()
    assert [h.id for h in await services.households.of_companion(rina.id)] == [h.id for h in homes]

    assert await hand_over(services, admin, rina.id, dewi.id) == HandedOver(3, rina, dewi)
    assert [h.id for h in await services.households.of_companion(dewi.id)] == [h.id for h in homes]
