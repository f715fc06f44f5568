"""Coordinators (for their regions) and admins (for all) give companions tasks and
announcements; companions acknowledge them with ✅ Siap.

Who receives a task is decided here from plain values (`NewTask`: the chat's /tugas and the
office dashboard send the same): the audience's companions plus the companions of its
households, all within the creator's regions. Everything is checked again at Kirim, because a
draft may be old (a companion moved meanwhile) and a form's values may be forged. A task
reaches the kabupaten/kota of its recipients and households; whoever covers all of them sees
it and may edit or withdraw it. Only a recipient may acknowledge it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.decisions.access import NotAllowed, acts_as, covers
from bot.domain import Audience, NewTask, Person, Role, Task, TaskProgress
from bot.schedule import local_midnight
from bot.services import Services
from storage.tasks import HouseholdRef, LeftHousehold, Recipient

TEXT_LIMIT = 10_000
HOUSEHOLD_LIMIT = 20_000
# How many names and households a task's detail lists (the counts say the rest).
DETAIL_LISTED = 30


@dataclass(frozen=True)
class EmptyText:
    pass


@dataclass(frozen=True)
class TextTooLong:
    limit: int


@dataclass(frozen=True)
class RegionNotCovered:
    """A kabupaten/kota outside the creator's regions (or no kabupaten/kota at all)."""

    code: str | None


@dataclass(frozen=True)
class CompanionsRefused:
    """Numbers that are not active companions within the creator's regions."""

    ids: tuple[int, ...]


@dataclass(frozen=True)
class DueInPast:
    due: date


@dataclass(frozen=True)
class TooManyHouseholds:
    limit: int


@dataclass(frozen=True)
class NoHouseholds:
    """The audience is the companions of the listed households, and none was kept."""


@dataclass(frozen=True)
class NoRecipients:
    """Nobody would receive the task: nothing is sent."""


@dataclass(frozen=True)
class HouseholdsChecked:
    """Which DTKS ids a task may name: the kept ones, and the refused ones by reason."""

    kept: tuple[str, ...]
    unknown: tuple[str, ...]  # not registered, or deactivated
    outside: tuple[str, ...]  # outside the creator's regions


@dataclass(frozen=True)
class TaskPreview:
    """Who would receive the task and what it names, before Kirim."""

    recipients: int
    households: HouseholdsChecked
    due_at: int | None


@dataclass(frozen=True)
class TaskCreated:
    task: Task
    recipients: int
    new: bool  # False: this Kirim was taken before (a redelivered press)


@dataclass(frozen=True)
class UnknownTask:
    """No task with this id that the person may see (or act on): a forged or old id."""


@dataclass(frozen=True)
class TaskClosed:
    """The task was withdrawn."""

    task: Task


@dataclass(frozen=True)
class NothingChanged:
    pass


@dataclass(frozen=True)
class TaskEdited:
    task: Task  # as it is now; `changed` says what this edit changed


@dataclass(frozen=True)
class TaskWithdrawn:
    task: Task


@dataclass(frozen=True)
class Acknowledged:
    task: Task


@dataclass(frozen=True)
class AlreadyAcknowledged:
    task: Task


@dataclass(frozen=True)
class TaskDetail:
    """A task's progress, who has not acknowledged and which households are left."""

    progress: TaskProgress
    not_acknowledged: list[Recipient]
    households_left: int
    left: list[LeftHousehold]


@dataclass(frozen=True)
class TaskEdit:
    """What an edit changes: the text, the due date (or `no_due`: none any more)."""

    text: str | None = None
    due: date | None = None
    no_due: bool = False


Refusal = (
    NotAllowed
    | EmptyText
    | TextTooLong
    | RegionNotCovered
    | CompanionsRefused
    | DueInPast
    | TooManyHouseholds
    | NoHouseholds
    | NoRecipients
)
PreviewOutcome = TaskPreview | Refusal
CreateOutcome = TaskCreated | Refusal
EditOutcome = TaskEdited | NothingChanged | UnknownTask | TaskClosed | EmptyText | TextTooLong | DueInPast
WithdrawOutcome = TaskWithdrawn | UnknownTask | TaskClosed
AcknowledgeOutcome = Acknowledged | AlreadyAcknowledged | UnknownTask | TaskClosed


def may_give_tasks(person: Person) -> bool:
    return acts_as(person, Role.ADMIN, Role.COORDINATOR)


async def office_regions(services: Services, person: Person) -> tuple[str, ...]:
    """The kabupaten/kota a coordinator or admin gives tasks in (admins: all of them)."""
    codes = [code for code in await services.registry.region_names() if len(code) == 4]
    return tuple(code for code in codes if covers(person, code))


def check_text(text: str) -> str | EmptyText | TextTooLong:
    """The task's text as it will be sent, or why it cannot be."""
    text = text.strip()
    if not text:
        return EmptyText()
    if len(text) > TEXT_LIMIT:
        return TextTooLong(TEXT_LIMIT)
    return text


def check_due(services: Services, due: date) -> int | DueInPast:
    """The end of the due day (local time) as Unix seconds, unless the day is over."""
    tz = services.settings.locale.tz
    if due < datetime.fromtimestamp(services.clock.now(), tz).date():
        return DueInPast(due)
    return int(local_midnight(due + timedelta(days=1), tz).timestamp()) - 1


async def check_companions(services: Services, creator: Person, ids: tuple[int, ...]) -> CompanionsRefused | None:
    """None when every id is an active companion within the creator's regions."""
    regions = await office_regions(services, creator)
    refused = []
    for person_id in ids:
        person = await services.people.by_id(person_id)
        if person is None or not acts_as(person, Role.COMPANION) or not set(person.region_codes) & set(regions):
            refused.append(person_id)
    return CompanionsRefused(tuple(refused)) if refused else None


async def check_households(services: Services, creator: Person, dtks_ids: tuple[str, ...]) -> HouseholdsChecked:
    """Keep the registered, active households within the creator's regions; list the others."""
    checked, _ = await _households(services, await office_regions(services, creator), dtks_ids)
    return checked


async def _households(
    services: Services, regions: tuple[str, ...], dtks_ids: tuple[str, ...]
) -> tuple[HouseholdsChecked, dict[str, HouseholdRef]]:
    """The households checked, and the kept ones by DTKS id."""
    unique = list(dict.fromkeys(dtks_ids))
    found = await services.tasks.household_refs(unique)
    kept, unknown, outside = [], [], []
    for dtks_id in unique:
        household = found.get(dtks_id)
        if household is None or not household.active:
            unknown.append(dtks_id)
        elif household.region_code not in regions:
            outside.append(dtks_id)
        else:
            kept.append(dtks_id)
    checked = HouseholdsChecked(tuple(kept), tuple(unknown), tuple(outside))
    return checked, {dtks_id: found[dtks_id] for dtks_id in kept}


async def preview_task(services: Services, creator: Person, new: NewTask) -> PreviewOutcome:
    """Who would receive `new`, or why it cannot be sent; nothing is stored."""
    resolved = await _resolve(services, creator, new)
    if not isinstance(resolved, _Resolved):
        return resolved
    return TaskPreview(len(resolved.recipients), resolved.households, resolved.due_at)


async def create_task(services: Services, creator: Person, new: NewTask, key: str) -> CreateOutcome:
    """Store the task for its recipients (the delivery round sends it); once per `key`."""
    resolved = await _resolve(services, creator, new)
    if not isinstance(resolved, _Resolved):
        return resolved
    task, made = await services.tasks.create(
        creator.id,
        key,
        replace(new, text=resolved.text),
        due_at=resolved.due_at,
        recipient_ids=sorted(resolved.recipients),
        household_ids=resolved.household_ids,
        region_codes=sorted(resolved.regions),
    )
    return TaskCreated(task, len(resolved.recipients), made)


async def edit_task(services: Services, person: Person, task_id: int, edit: TaskEdit) -> EditOutcome:
    """Change an open task's text or due date; its recipients are told once what changed."""
    task = await task_for(services, person, task_id)
    if task is None:
        return UnknownTask()
    if not task.open:
        return TaskClosed(task)
    text = task.text
    if edit.text is not None:
        checked = check_text(edit.text)
        if not isinstance(checked, str):
            return checked
        text = checked
    due_at = None if edit.no_due else task.due_at
    if edit.due is not None:
        due = check_due(services, edit.due)
        if isinstance(due, DueInPast):
            return due
        due_at = due
    changed = [name for name, differs in (("text", text != task.text), ("due", due_at != task.due_at)) if differs]
    if not changed:
        return NothingChanged()
    return TaskEdited(await services.tasks.edit(task, person.id, text=text, due_at=due_at, changed=changed))


async def withdraw_task(services: Services, person: Person, task_id: int) -> WithdrawOutcome:
    """Withdraw a task: its recipients who got it are told once, nothing more is sent of it."""
    task = await task_for(services, person, task_id)
    if task is None:
        return UnknownTask()
    if not await services.tasks.withdraw(task, person.id):
        return TaskClosed(task)
    return TaskWithdrawn(task)


async def acknowledge_task(services: Services, companion: Person, task_id: int) -> AcknowledgeOutcome:
    """Record a recipient's ✅ Siap. Anyone else (a forged button) is refused, nothing recorded."""
    if not acts_as(companion, Role.COMPANION):
        return UnknownTask()
    recipient = await services.tasks.recipient(task_id, companion.id)
    task = await services.tasks.by_id(task_id)
    if recipient is None or task is None:
        return UnknownTask()
    if not task.open:
        return TaskClosed(task)
    if not await services.tasks.acknowledge(task_id, companion.id):
        return AlreadyAcknowledged(task)
    return Acknowledged(task)


async def task_for(services: Services, person: Person, task_id: int) -> Task | None:
    """The task `task_id` if `person` may see and change it: an admin, or a coordinator
    covering every kabupaten/kota it reaches; None otherwise."""
    if not may_give_tasks(person):
        return None
    task = await services.tasks.by_id(task_id)
    if task is None or not all(covers(person, code) for code in task.region_codes):
        return None
    return task


async def tasks_in_scope(services: Services, person: Person) -> list[TaskProgress]:
    """The open tasks `person` sees, newest first, with their progress."""
    if not may_give_tasks(person):
        return []
    codes = None if person.role is Role.ADMIN else await office_regions(services, person)
    return [await services.tasks.progress(task) for task in await services.tasks.open_tasks(codes)]


async def task_detail(services: Services, person: Person, task_id: int) -> TaskDetail | UnknownTask:
    """The progress of one task and what is left of it, for whoever may see it."""
    task = await task_for(services, person, task_id)
    if task is None:
        return UnknownTask()
    left, first = await services.tasks.households_left(task.id, DETAIL_LISTED)
    return TaskDetail(await services.tasks.progress(task), await services.tasks.not_acknowledged(task.id), left, first)


@dataclass(frozen=True)
class _Resolved:
    text: str
    recipients: set[int]
    households: HouseholdsChecked
    household_ids: list[int]
    regions: set[str]
    due_at: int | None


async def _resolve(services: Services, creator: Person, new: NewTask) -> _Resolved | Refusal:
    if not may_give_tasks(creator):
        return NotAllowed()
    text = check_text(new.text)
    if not isinstance(text, str):
        return text
    due_at = None
    if new.due is not None:
        due = check_due(services, new.due)
        if isinstance(due, DueInPast):
            return due
        due_at = due
    if len(new.dtks_ids) > HOUSEHOLD_LIMIT:
        return TooManyHouseholds(HOUSEHOLD_LIMIT)
    regions = await office_regions(services, creator)
    companions = {
        person.id: person
        for person in await services.recipients.active(Role.COMPANION)
        if set(person.region_codes) & set(regions)
    }
    if new.audience is Audience.SCOPE:
        audience = set(companions)
    elif new.audience is Audience.REGION:
        if new.region_code not in regions:
            return RegionNotCovered(new.region_code)
        audience = {person.id for person in companions.values() if new.region_code in person.region_codes}
    elif new.audience is Audience.PEOPLE:
        refused = await check_companions(services, creator, new.companion_ids)
        if refused is not None:
            return refused
        audience = set(new.companion_ids) & set(companions)  # all of them, unless one lacks an account
    else:
        audience = set()
    households, kept = await _households(services, regions, new.dtks_ids)
    if new.audience is Audience.HOUSEHOLDS and not kept:
        return NoHouseholds()
    holders = {household.companion_id for household in kept.values() if household.companion_id is not None}
    recipients = audience | (holders & set(companions))
    if not recipients:
        return NoRecipients()
    reached = {code for person_id in recipients for code in companions[person_id].region_codes}
    reached |= {household.region_code for household in kept.values()}
    ids = [household.id for household in kept.values()]
    return _Resolved(text, recipients, households, ids, reached & set(regions), due_at)
