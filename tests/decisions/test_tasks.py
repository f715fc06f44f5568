"""Tasks and announcements: who receives them, what each refusal stores (nothing), who may
acknowledge, edit and withdraw, and progress counted from the reports stored after the task."""

from __future__ import annotations

from datetime import date

from bot.decisions.access import NotAllowed
from bot.decisions.report import Stored, submit_report
from bot.decisions.tasks import (
    TEXT_LIMIT,
    Acknowledged,
    AlreadyAcknowledged,
    CompanionsRefused,
    DueInPast,
    EmptyText,
    HouseholdsChecked,
    NoHouseholds,
    NoRecipients,
    NothingChanged,
    RegionNotCovered,
    TaskClosed,
    TaskCreated,
    TaskDetail,
    TaskEdit,
    TaskEdited,
    TaskPreview,
    TaskWithdrawn,
    TextTooLong,
    UnknownTask,
    acknowledge_task,
    create_task,
    edit_task,
    preview_task,
    task_detail,
    tasks_in_scope,
    withdraw_task,
)
from bot.domain import Audience, NewTask, Person, Role, Task
from bot.services import Services
from tests.support.decisions import LEBAK, SERANG, draft, household, person
from tests.support.harness import FakeClock

# DEFAULT_NOW is Thursday 27 November 2025, 10:00 WIB.
FRIDAY = date(2025, 11, 28)


async def task_count(services: Services) -> int:
    return int(await services.db.fetch_value("SELECT COUNT(*) FROM tasks"))


async def created(services: Services, creator: Person, new: NewTask, key: str = "k1") -> Task:
    outcome = await create_task(services, creator, new, key)
    assert isinstance(outcome, TaskCreated), outcome
    return outcome.task


async def recipients(services: Services, task: Task) -> set[int]:
    rows = await services.db.fetch_all("SELECT person_id FROM task_recipients WHERE task_id = ?", (task.id,))
    return {row[0] for row in rows}


async def test_a_coordinator_addresses_the_companions_of_their_regions_once_per_kirim(services: Services) -> None:
    coordinator = await person(services, Role.COORDINATOR, SERANG)
    ani, budi = await person(services, Role.COMPANION, SERANG), await person(services, Role.COMPANION, SERANG)
    await person(services, Role.COMPANION, LEBAK)
    new = NewTask("  Kunjungi KPM sebelum pencairan hari Jumat.  ", Audience.SCOPE, due=FRIDAY)

    preview = await preview_task(services, coordinator, new)
    first = await create_task(services, coordinator, new, "draft-1")
    again = await create_task(services, coordinator, new, "draft-1")

    assert isinstance(preview, TaskPreview) and preview.recipients == 2
    assert isinstance(first, TaskCreated) and first.new and first.recipients == 2
    assert isinstance(again, TaskCreated) and not again.new and again.task.id == first.task.id
    assert await task_count(services) == 1
    task = first.task
    assert task.text == "Kunjungi KPM sebelum pencairan hari Jumat."
    assert (task.region_codes, task.is_announcement, task.version) == ((SERANG,), True, 1)
    assert task.due_at == 1764349199  # Friday 23:59:59 WIB
    assert await recipients(services, task) == {ani.id, budi.id}


async def test_every_refusal_stores_nothing(services: Services, clock: FakeClock) -> None:
    coordinator = await person(services, Role.COORDINATOR, SERANG)
    serang_companion = await person(services, Role.COMPANION, SERANG)
    lebak_companion = await person(services, Role.COMPANION, LEBAK)
    companion = await person(services, Role.COMPANION, SERANG)
    cases = [
        (coordinator, NewTask(" \n ", Audience.SCOPE), EmptyText()),
        (coordinator, NewTask("x" * (TEXT_LIMIT + 1), Audience.SCOPE), TextTooLong(TEXT_LIMIT)),
        (coordinator, NewTask("Tugas", Audience.SCOPE, due=date(2025, 11, 26)), DueInPast(date(2025, 11, 26))),
        (coordinator, NewTask("Tugas", Audience.REGION, region_code=LEBAK), RegionNotCovered(LEBAK)),
        (
            coordinator,
            NewTask("Tugas", Audience.PEOPLE, companion_ids=(serang_companion.id, lebak_companion.id, 999)),
            CompanionsRefused((lebak_companion.id, 999)),
        ),
        (
            coordinator,
            NewTask("Tugas", Audience.PEOPLE, companion_ids=(coordinator.id,)),
            CompanionsRefused((coordinator.id,)),
        ),
        (coordinator, NewTask("Tugas", Audience.HOUSEHOLDS, dtks_ids=("3604999999999999",)), NoHouseholds()),
        (companion, NewTask("Tugas", Audience.SCOPE), NotAllowed()),
    ]
    for creator, new, refusal in cases:
        assert await create_task(services, creator, new, "k") == refusal, new
    # Today is still a valid due date; yesterday is not.
    assert isinstance(
        await preview_task(services, coordinator, NewTask("T", Audience.SCOPE, due=date(2025, 11, 27))), TaskPreview
    )
    lonely = await person(services, Role.COORDINATOR, "3673")
    assert await create_task(services, lonely, NewTask("Tugas", Audience.SCOPE), "k") == NoRecipients()
    assert await task_count(services) == 0


async def test_households_outside_the_regions_or_unknown_are_listed_and_the_others_kept(services: Services) -> None:
    coordinator = await person(services, Role.COORDINATOR, SERANG)
    ani, budi = await person(services, Role.COMPANION, SERANG), await person(services, Role.COMPANION, SERANG)
    lebak = await person(services, Role.COMPANION, LEBAK)
    mine = [await household(services, ani), await household(services, budi)]
    theirs = await household(services, lebak, region=LEBAK)
    gone = await household(services, ani)
    await services.households.set_active(gone, False, coordinator.id)
    ids = (mine[0].dtks_id, mine[1].dtks_id, theirs.dtks_id, gone.dtks_id, "3604000000000000", mine[0].dtks_id)

    preview = await preview_task(services, coordinator, NewTask("Kunjungi", Audience.HOUSEHOLDS, dtks_ids=ids))

    assert isinstance(preview, TaskPreview) and preview.recipients == 2
    assert preview.households == HouseholdsChecked(
        (mine[0].dtks_id, mine[1].dtks_id), (gone.dtks_id, "3604000000000000"), (theirs.dtks_id,)
    )
    task = await created(services, coordinator, NewTask("Kunjungi", Audience.HOUSEHOLDS, dtks_ids=ids))
    assert task.households == 2 and not task.is_announcement
    assert await recipients(services, task) == {ani.id, budi.id}


async def test_named_companions_and_the_holders_of_the_households_both_receive_it(services: Services) -> None:
    admin = await person(services, Role.ADMIN)
    ani, budi = await person(services, Role.COMPANION, SERANG), await person(services, Role.COMPANION, LEBAK)
    home = await household(services, budi, region=LEBAK)

    task = await created(
        services, admin, NewTask("Surat edaran", Audience.PEOPLE, companion_ids=(ani.id,), dtks_ids=(home.dtks_id,))
    )

    assert await recipients(services, task) == {ani.id, budi.id}
    assert task.region_codes == tuple(sorted((SERANG, LEBAK)))


async def test_ten_thousand_households_are_accepted(services: Services) -> None:
    coordinator = await person(services, Role.COORDINATOR, SERANG)
    companion = await person(services, Role.COMPANION, SERANG)
    await services.db.execute(
        "INSERT INTO households (dtks_id, head_name, region_code, companion_id, created_at, updated_at)"
        " WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 10000)"
        " SELECT printf('3604%012d', value), 'Warga ' || value, '3604', ?, 0, 0 FROM n",
        (companion.id,),
    )
    ids = tuple(f"3604{number:012d}" for number in range(1, 10001))

    task = await created(services, coordinator, NewTask("Pendataan", Audience.HOUSEHOLDS, dtks_ids=ids))

    assert task.households == 10_000
    assert await recipients(services, task) == {companion.id}


async def test_only_a_recipient_acknowledges_and_a_forged_press_records_nothing(services: Services) -> None:
    coordinator = await person(services, Role.COORDINATOR, SERANG)
    ani, budi = await person(services, Role.COMPANION, SERANG), await person(services, Role.COMPANION, SERANG)
    outsider = await person(services, Role.COMPANION, LEBAK)
    task = await created(services, coordinator, NewTask("Pengumuman", Audience.PEOPLE, companion_ids=(ani.id,)))

    assert await acknowledge_task(services, budi, task.id) == UnknownTask()
    assert await acknowledge_task(services, outsider, task.id) == UnknownTask()
    assert await acknowledge_task(services, coordinator, task.id) == UnknownTask()
    assert await acknowledge_task(services, ani, 9999) == UnknownTask()
    assert await services.db.fetch_value("SELECT COUNT(acknowledged_at) FROM task_recipients") == 0
    assert isinstance(await acknowledge_task(services, ani, task.id), Acknowledged)
    assert isinstance(await acknowledge_task(services, ani, task.id), AlreadyAcknowledged)
    progress = (await tasks_in_scope(services, coordinator))[0]
    assert (progress.acknowledged, progress.recipients) == (1, 1)


async def test_a_household_is_done_once_a_report_is_stored_after_the_task(services: Services, clock: FakeClock) -> None:
    coordinator = await person(services, Role.COORDINATOR, SERANG)
    companion = await person(services, Role.COMPANION, SERANG)
    early, later = await household(services, companion), await household(services, companion)
    before = await submit_report(services, companion, draft(early, sent_at=clock.now()))
    assert isinstance(before, Stored)
    clock.advance(60)
    ids = (early.dtks_id, later.dtks_id)
    task = await created(services, coordinator, NewTask("Kunjungi", Audience.HOUSEHOLDS, dtks_ids=ids, due=FRIDAY))
    clock.advance(3600)

    assert isinstance(await submit_report(services, companion, draft(later, sent_at=clock.now())), Stored)

    detail = await task_detail(services, coordinator, task.id)
    assert isinstance(detail, TaskDetail)
    assert (detail.progress.done, detail.progress.households) == (1, 2)
    assert [household.dtks_id for household in detail.left] == [early.dtks_id]
    assert [recipient.person_id for recipient in detail.not_acknowledged] == [companion.id]
    assert not detail.progress.overdue(clock.now())
    clock.advance(2 * 24 * 3600)
    assert detail.progress.overdue(clock.now())


async def test_a_coordinator_edits_and_withdraws_only_tasks_within_their_regions(
    services: Services, clock: FakeClock
) -> None:
    serang = await person(services, Role.COORDINATOR, SERANG)
    lebak = await person(services, Role.COORDINATOR, LEBAK)
    admin = await person(services, Role.ADMIN)
    await person(services, Role.COMPANION, SERANG)
    task = await created(services, serang, NewTask("Kunjungi", Audience.SCOPE, due=FRIDAY))

    assert await edit_task(services, lebak, task.id, TaskEdit(text="Lain")) == UnknownTask()
    assert await withdraw_task(services, lebak, task.id) == UnknownTask()
    assert await edit_task(services, serang, task.id, TaskEdit(text=" Kunjungi ")) == NothingChanged()
    assert await edit_task(services, serang, task.id, TaskEdit(due=date(2025, 11, 1))) == DueInPast(date(2025, 11, 1))
    assert await edit_task(services, serang, task.id, TaskEdit(text="")) == EmptyText()
    edited = await edit_task(services, serang, task.id, TaskEdit(text="Kunjungi hari Kamis", no_due=True))
    assert isinstance(edited, TaskEdited)
    assert (edited.task.text, edited.task.due_at, edited.task.version) == ("Kunjungi hari Kamis", None, 2)
    assert edited.task.changed == ("text", "due")

    withdrawn = await withdraw_task(services, admin, task.id)
    assert isinstance(withdrawn, TaskWithdrawn)
    assert isinstance(await withdraw_task(services, serang, task.id), TaskClosed)
    assert isinstance(await edit_task(services, serang, task.id, TaskEdit(text="x")), TaskClosed)
    assert await tasks_in_scope(services, serang) == []
    actions = await services.db.fetch_all("SELECT action FROM audit_log WHERE entity = 'task' ORDER BY id")
    assert [row[0] for row in actions] == ["create", "edit", "withdraw"]


async def test_a_coordinator_sees_only_the_tasks_that_stay_within_their_regions(services: Services) -> None:
    serang = await person(services, Role.COORDINATOR, SERANG)
    admin = await person(services, Role.ADMIN)
    await person(services, Role.COMPANION, SERANG)
    await person(services, Role.COMPANION, LEBAK)
    province_wide = await created(services, admin, NewTask("Semua", Audience.SCOPE), "a")
    serang_only = await created(services, admin, NewTask("Serang", Audience.REGION, region_code=SERANG), "b")

    assert [p.task.id for p in await tasks_in_scope(services, serang)] == [serang_only.id]
    assert [p.task.id for p in await tasks_in_scope(services, admin)] == [serang_only.id, province_wide.id]
    assert await task_detail(services, serang, province_wide.id) == UnknownTask()


async def test_a_household_handed_over_takes_its_task_to_the_new_companion(services: Services) -> None:
    admin = await person(services, Role.ADMIN)
    ani, budi = await person(services, Role.COMPANION, SERANG), await person(services, Role.COMPANION, SERANG)
    home = await household(services, ani)
    task = await created(services, admin, NewTask("Kunjungi", Audience.HOUSEHOLDS, dtks_ids=(home.dtks_id,)))

    await services.households.hand_over(ani.id, budi.id, admin.id)
    added = await services.tasks.add_holders()

    assert added == 1
    assert await recipients(services, task) == {ani.id, budi.id}
    assert (await services.tasks.households_left(task.id, 5, budi.id))[0] == 1
    assert (await services.tasks.households_left(task.id, 5, ani.id))[0] == 0
    assert await services.tasks.add_holders() == 0
