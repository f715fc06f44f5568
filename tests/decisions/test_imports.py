"""Applying or discarding an import's dry run: only the admin's own, only once."""

from __future__ import annotations

from bot.decisions.access import NotAllowed
from bot.decisions.imports import Applied, Discarded, ImportGone, apply_import, discard_import
from bot.domain import Person, Role
from bot.services import Services
from storage.imports import IMPORT_COLUMNS
from tests.support.decisions import SERANG, person


async def dry_run(services: Services, admin: Person, rows: int = 2) -> int:
    """A checked file of `rows` new households, staged for `admin`."""
    columns = ["head_name", "region_code"]
    import_id = await services.imports.start(admin.id, "kpm.csv", columns)
    staged = []
    for number in range(1, rows + 1):
        values = dict.fromkeys(IMPORT_COLUMNS) | {"head_name": f"KPM {number}", "region_code": SERANG}
        staged.append((number, f"3604000000{number:06d}", *(values[column] for column in IMPORT_COLUMNS)))
    await services.imports.add_rows(import_id, staged)
    await services.imports.finish(import_id, rows, 0)
    return import_id


async def household_count(services: Services) -> int:
    return int(await services.db.fetch_value("SELECT COUNT(*) FROM households"))


async def test_an_admin_applies_their_dry_run_once(services: Services) -> None:
    admin = await person(services, Role.ADMIN)
    import_id = await dry_run(services, admin)

    outcome = await apply_import(services, admin, import_id)
    again = await apply_import(services, admin, import_id)

    assert isinstance(outcome, Applied)
    assert (outcome.summary.import_id, outcome.summary.new, outcome.summary.status) == (import_id, 2, "applied")
    assert again == ImportGone()
    assert await household_count(services) == 2
    # Pressed, not yet answered: a crash before the confirmation is told at the next start.
    assert [summary.import_id for summary in await services.imports.interrupted_applies()] == [import_id]


async def test_another_admins_dry_run_is_neither_applied_nor_discarded(services: Services) -> None:
    owner, other = await person(services, Role.ADMIN), await person(services, Role.ADMIN)
    coordinator = await person(services, Role.COORDINATOR)
    import_id = await dry_run(services, owner)

    assert await apply_import(services, other, import_id) == ImportGone()
    assert await discard_import(services, other, import_id) == ImportGone()
    assert await apply_import(services, coordinator, import_id) == NotAllowed()
    assert await household_count(services) == 0
    summary = await services.imports.summary(import_id)
    assert summary is not None and summary.status == "pending"


async def test_a_discarded_dry_run_cannot_be_applied(services: Services) -> None:
    admin = await person(services, Role.ADMIN)
    import_id = await dry_run(services, admin)

    assert await discard_import(services, admin, import_id) == Discarded()
    assert await discard_import(services, admin, import_id) == ImportGone()
    assert await apply_import(services, admin, import_id) == ImportGone()
    assert await household_count(services) == 0
