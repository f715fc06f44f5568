"""A reviewer decides on a flagged visit report (accept, reject with a reason, ask for a
revisit), and an admin on a companion's coordinate proposal.

Only flagged visits are up for review; coordinators review those of the regions they cover,
admins any. A visit is reviewed once: the second reviewer learns who was first.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.decisions.access import NotAllowed, covers, is_admin
from bot.domain import Person
from bot.services import Services
from storage.reviews import FlaggedVisit

REASON_LIMIT = 500


@dataclass(frozen=True)
class Reviewed:
    visit: FlaggedVisit  # as it was before the review: who to tell, and of which household
    status: str
    reason: str | None


@dataclass(frozen=True)
class AlreadyReviewed:
    visit_id: int
    status: str | None
    reviewer_name: str | None


@dataclass(frozen=True)
class NotReviewable:
    """No flagged visit with this id in the reviewer's regions (a forged or foreign id)."""


@dataclass(frozen=True)
class RejectionAsked:
    """The visit may be rejected: the reviewer is asked for the reason."""

    visit: FlaggedVisit


@dataclass(frozen=True)
class BadReason:
    """Empty, or longer than `limit` characters: the reviewer is asked again."""

    limit: int


@dataclass(frozen=True)
class ProposalDecided:
    accepted: bool
    household_name: str


@dataclass(frozen=True)
class ProposalAlreadyDecided:
    pass


ReviewOutcome = Reviewed | AlreadyReviewed | NotReviewable
RejectOutcome = Reviewed | AlreadyReviewed | NotReviewable | BadReason
ProposalOutcome = ProposalDecided | ProposalAlreadyDecided | NotAllowed


async def visit_to_review(services: Services, reviewer: Person, visit_id: int) -> FlaggedVisit | None:
    """The flagged visit `visit_id`, if `reviewer` may review it (also to see its photos,
    location and voice note); None otherwise."""
    visit = await services.reviews.flagged_visit(visit_id)
    return visit if visit is not None and covers(reviewer, visit.region_code) else None


async def accept(services: Services, reviewer: Person, visit_id: int) -> ReviewOutcome:
    """Accept the report."""
    return await _review(services, reviewer, visit_id, "accepted", None)


async def ask_revisit(services: Services, reviewer: Person, visit_id: int) -> ReviewOutcome:
    """Send the report back: the household tops the companion's reminders."""
    return await _review(services, reviewer, visit_id, "revisit", None)


async def begin_rejection(
    services: Services, reviewer: Person, visit_id: int
) -> RejectionAsked | AlreadyReviewed | NotReviewable:
    """Whether the report can still be rejected (before asking the reviewer why)."""
    visit = await visit_to_review(services, reviewer, visit_id)
    if visit is None:
        return NotReviewable()
    if visit.review_status is not None:
        return await _already(services, visit_id, visit.review_status)
    return RejectionAsked(visit)


async def reject(services: Services, reviewer: Person, visit_id: int, reason: str) -> RejectOutcome:
    """Reject the report for `reason` (the companion is told it)."""
    reason = reason.strip()
    if not reason or len(reason) > REASON_LIMIT:
        return BadReason(REASON_LIMIT)
    return await _review(services, reviewer, visit_id, "rejected", reason)


async def decide_proposal(services: Services, admin: Person, proposal_id: int, *, accept: bool) -> ProposalOutcome:
    """Accept a coordinate proposal (the household moves to the proposed point) or reject it."""
    if not is_admin(admin):
        return NotAllowed()
    proposal = await services.proposals.decide(proposal_id, accept=accept, admin_id=admin.id)
    if proposal is None:
        return ProposalAlreadyDecided()
    household = await services.households.by_id(proposal.household_id)
    return ProposalDecided(accept, household.head_name if household else str(proposal.household_id))


async def _review(
    services: Services, reviewer: Person, visit_id: int, status: str, reason: str | None
) -> ReviewOutcome:
    visit = await visit_to_review(services, reviewer, visit_id)
    if visit is None:
        return NotReviewable()
    stored = await services.reviews.review(
        visit_id, status=status, reason=reason, reviewer_id=reviewer.id, at=services.clock.now()
    )
    if not stored:
        current = await services.reviews.flagged_visit(visit_id)
        return await _already(services, visit_id, current.review_status if current else None)
    return Reviewed(visit, status, reason)


async def _already(services: Services, visit_id: int, status: str | None) -> AlreadyReviewed:
    return AlreadyReviewed(visit_id, status, await services.reviews.reviewer_name(visit_id))
