"""Companions keep the register current from the field: a companion proposes changes of one of
their households (its status, contact, composition, a note), each change a proposal carrying
its evidence (the visit it came with); admins, and the coordinators of the household's region
where `updates.coordinators_approve` says so, approve it (the register changes, audited) or
reject it with a reason (the companion is told why). The chat's buttons and the dashboard's
review queue call the same functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.decisions.access import NotAllowed, acts_as, covers, is_admin
from bot.decisions.review import REASON_LIMIT, BadReason, NotReviewable
from bot.domain import Household, Person, Role
from bot.rules.field_updates import Field, check_change, register_change
from bot.rules.households import RuleError
from bot.services import Services
from storage.field_updates import FieldUpdate


@dataclass(frozen=True)
class UpdateBegun:
    household: Household
    visit_id: int | None  # the companion's own report of it this came with, if any


@dataclass(frozen=True)
class NotYourHousehold:
    """Not an active household of this companion (reassigned, deactivated, or a forged id)."""


@dataclass(frozen=True)
class Proposed:
    household: Household
    update_ids: tuple[int, ...]
    replaced: int  # pending proposals of the same fields these replace
    created: bool  # False: stored before (Kirim pressed again)


@dataclass(frozen=True)
class NothingProposed:
    pass


@dataclass(frozen=True)
class ChangeRefused:
    """A value breaks a rule of the register (a saved draft or a forged value); nothing stored."""

    field: str
    problem: RuleError


@dataclass(frozen=True)
class UpdateApproved:
    update: FieldUpdate  # as it was before: who to tell, what changed


@dataclass(frozen=True)
class UpdateRejected:
    update: FieldUpdate
    reason: str


@dataclass(frozen=True)
class UpdateRejectionAsked:
    """The proposal may be rejected: the reviewer is asked for the reason."""

    update: FieldUpdate


@dataclass(frozen=True)
class UpdateDecided:
    """Decided before (by whom and how are on it), or replaced by a later proposal."""

    update: FieldUpdate


BeginOutcome = UpdateBegun | NotYourHousehold | NotAllowed
ProposeOutcome = Proposed | NothingProposed | ChangeRefused | NotYourHousehold | NotAllowed
ApproveOutcome = UpdateApproved | UpdateDecided | NotReviewable
RejectionOutcome = UpdateRejectionAsked | UpdateDecided | NotReviewable
RejectOutcome = UpdateRejected | UpdateDecided | NotReviewable | BadReason


async def begin_update(
    services: Services, companion: Person, household_id: int, visit_id: int | None = None
) -> BeginOutcome:
    """Whether `companion` may propose changes of the household (their own, active), with their
    report of it `visit_id` as evidence."""
    if not acts_as(companion, Role.COMPANION):
        return NotAllowed()
    household = await services.nearby.own_active(companion.id, household_id)
    if household is None or not await _own_visit(services, companion, household, visit_id):
        return NotYourHousehold()
    return UpdateBegun(household, visit_id)


async def begin_update_after_visit(services: Services, companion: Person, visit_id: int) -> BeginOutcome:
    """As `begin_update`, for the household of the companion's report `visit_id` (its evidence)."""
    visit = await services.visits.by_id(visit_id)
    if visit is None:
        return NotYourHousehold()
    return await begin_update(services, companion, visit.household_id, visit_id)


async def known_members(services: Services, household_id: int, changes: Mapping[str, Any]) -> int | None:
    """The household's members as proposed with the changes, else as registered (if known)."""
    if Field.MEMBERS.value in changes:
        return int(changes[Field.MEMBERS.value])
    profile = await services.field_updates.profile(household_id)
    return profile.members if profile else None


async def propose_changes(
    services: Services,
    companion: Person,
    *,
    key: str,
    household_id: int,
    visit_id: int | None,
    changes: Mapping[str, Any],
) -> ProposeOutcome:
    """Store each change as a proposal (each checked again as the register would), replacing the
    pending proposal of the same field; `key` makes it idempotent."""
    begun = await begin_update(services, companion, household_id, visit_id)
    if not isinstance(begun, UpdateBegun):
        return begun
    if not changes:
        return NothingProposed()
    members = await known_members(services, household_id, changes)
    province = services.settings.province
    checked = []
    for name, value in changes.items():
        try:
            checked.append(
                (name, check_change(name, value, province_code=province.code, box=province.box, members=members))
            )
        except RuleError as error:
            return ChangeRefused(name, error)
        except (ValueError, TypeError, KeyError):
            return ChangeRefused(name, RuleError("invalid"))
    submitted = await services.field_updates.submit(
        household_id=household_id,
        proposed_by=companion.id,
        visit_id=visit_id,
        submission=key,
        changes=checked,
        at=services.clock.now(),
    )
    return Proposed(begun.household, submitted.ids, submitted.replaced, submitted.created)


def may_decide(services: Services, reviewer: Person, region_code: str) -> bool:
    """Admins decide every proposal; coordinators those of their regions, where allowed."""
    if is_admin(reviewer):
        return True
    allowed = services.settings.updates.coordinators_approve
    return allowed and reviewer.role is Role.COORDINATOR and covers(reviewer, region_code)


async def update_to_review(services: Services, reviewer: Person, update_id: int) -> FieldUpdate | None:
    """The proposal `update_id`, if `reviewer` may decide it; None otherwise."""
    update = await services.field_updates.by_id(update_id)
    return update if update is not None and may_decide(services, reviewer, update.region_code) else None


async def updates_to_review(services: Services, reviewer: Person) -> list[FieldUpdate]:
    """The pending proposals `reviewer` may decide, oldest first (the dashboard's review queue)."""
    if is_admin(reviewer):
        return await services.field_updates.pending(None)
    if not (services.settings.updates.coordinators_approve and acts_as(reviewer, Role.COORDINATOR)):
        return []
    return await services.field_updates.pending(None if reviewer.covers_province else reviewer.region_codes)


async def approve_update(services: Services, reviewer: Person, update_id: int) -> ApproveOutcome:
    """Approve the proposal: the register takes the change (audited)."""
    update = await update_to_review(services, reviewer, update_id)
    if update is None:
        return NotReviewable()
    change = register_change(update.field, update.value)
    stored = await services.field_updates.approve(
        update.id, reviewer_id=reviewer.id, at=services.clock.now(), household=change.household, profile=change.profile
    )
    return UpdateApproved(update) if stored else await _decided(services, update_id)


async def begin_update_rejection(services: Services, reviewer: Person, update_id: int) -> RejectionOutcome:
    """Whether the proposal can still be rejected (before asking the reviewer why)."""
    update = await update_to_review(services, reviewer, update_id)
    if update is None:
        return NotReviewable()
    return UpdateRejectionAsked(update) if update.status == "pending" else UpdateDecided(update)


async def reject_update(services: Services, reviewer: Person, update_id: int, reason: str) -> RejectOutcome:
    """Reject the proposal for `reason` (the companion is told it); the register stays."""
    reason = reason.strip()
    if not reason or len(reason) > REASON_LIMIT:
        return BadReason(REASON_LIMIT)
    update = await update_to_review(services, reviewer, update_id)
    if update is None:
        return NotReviewable()
    stored = await services.field_updates.reject(
        update.id, reviewer_id=reviewer.id, at=services.clock.now(), reason=reason
    )
    return UpdateRejected(update, reason) if stored else await _decided(services, update_id)


async def _own_visit(services: Services, companion: Person, household: Household, visit_id: int | None) -> bool:
    if visit_id is None:
        return True
    visit = await services.visits.by_id(visit_id)
    return visit is not None and visit.companion_id == companion.id and visit.household_id == household.id


async def _decided(services: Services, update_id: int) -> UpdateDecided | NotReviewable:
    update = await services.field_updates.by_id(update_id)
    return NotReviewable() if update is None else UpdateDecided(update)
