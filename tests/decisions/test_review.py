"""Reviewing a flagged report and deciding a coordinate proposal: who may, what is stored, and
what a second reviewer is told."""

from __future__ import annotations

from bot.decisions.access import NotAllowed
from bot.decisions.report import Stored, submit_report
from bot.decisions.review import (
    REASON_LIMIT,
    AlreadyReviewed,
    BadReason,
    NotReviewable,
    ProposalAlreadyDecided,
    ProposalDecided,
    RejectionAsked,
    Reviewed,
    accept,
    ask_revisit,
    begin_rejection,
    decide_proposal,
    reject,
    visit_to_review,
)
from bot.domain import Role
from bot.services import Services
from tests.support.decisions import HOME, LEBAK, SERANG, draft, household, north_of, person


async def flagged_visit(services: Services, position: tuple[float, float] = north_of(HOME, 500)) -> int:
    """A report of a Kabupaten Serang household made 500 m from it (flagged "outside")."""
    companion = await person(services, Role.COMPANION)
    outcome = await submit_report(services, companion, draft(await household(services, companion), position))
    assert isinstance(outcome, Stored)
    return outcome.visit_id


async def review_of(services: Services, visit_id: int) -> tuple[str | None, str | None, int | None]:
    row = await services.db.fetch_one(
        "SELECT review_status, review_reason, reviewed_by FROM visits WHERE id = ?", (visit_id,)
    )
    assert row is not None
    return row[0], row[1], row[2]


async def test_the_coordinator_of_the_region_accepts_and_a_second_one_learns_who_did(services: Services) -> None:
    visit_id = await flagged_visit(services)
    first = await person(services, Role.COORDINATOR, SERANG, name="Budi")
    second = await person(services, Role.COORDINATOR)  # the whole province

    outcome = await accept(services, first, visit_id)
    again = await accept(services, second, visit_id)

    assert isinstance(outcome, Reviewed) and outcome.visit.visit_id == visit_id and outcome.status == "accepted"
    assert again == AlreadyReviewed(visit_id, "accepted", "Budi")
    assert await review_of(services, visit_id) == ("accepted", None, first.id)


async def test_a_coordinator_of_another_region_can_neither_see_nor_review_the_visit(services: Services) -> None:
    visit_id = await flagged_visit(services)
    elsewhere = await person(services, Role.COORDINATOR, LEBAK)
    companion = await person(services, Role.COMPANION)

    for reviewer in (elsewhere, companion):
        assert await visit_to_review(services, reviewer, visit_id) is None
        assert await accept(services, reviewer, visit_id) == NotReviewable()
        assert await ask_revisit(services, reviewer, visit_id) == NotReviewable()
        assert await reject(services, reviewer, visit_id, "Foto tidak jelas") == NotReviewable()
        assert await begin_rejection(services, reviewer, visit_id) == NotReviewable()
    assert await review_of(services, visit_id) == (None, None, None)


async def test_a_deactivated_coordinator_reviews_nothing(services: Services) -> None:
    visit_id = await flagged_visit(services)
    admin = await person(services, Role.ADMIN)
    coordinator = await person(services, Role.COORDINATOR, SERANG)
    await services.people.set_active(coordinator, False, admin.id)
    deactivated = await services.people.by_id(coordinator.id)
    assert deactivated is not None

    assert await accept(services, deactivated, visit_id) == NotReviewable()
    assert await review_of(services, visit_id) == (None, None, None)


async def test_an_unflagged_report_is_not_up_for_review(services: Services) -> None:
    visit_id = await flagged_visit(services, HOME)  # verified: no flag
    admin = await person(services, Role.ADMIN)

    assert await accept(services, admin, visit_id) == NotReviewable()
    assert await accept(services, admin, visit_id + 1000) == NotReviewable()
    assert await review_of(services, visit_id) == (None, None, None)


async def test_a_rejection_needs_a_reason_of_a_sensible_length(services: Services) -> None:
    visit_id = await flagged_visit(services)
    admin = await person(services, Role.ADMIN)

    assert await reject(services, admin, visit_id, "   ") == BadReason(REASON_LIMIT)
    assert await reject(services, admin, visit_id, "x" * (REASON_LIMIT + 1)) == BadReason(REASON_LIMIT)
    assert await review_of(services, visit_id) == (None, None, None)
    outcome = await reject(services, admin, visit_id, "  Foto rumah lain  ")

    assert isinstance(outcome, Reviewed) and outcome.reason == "Foto rumah lain"
    assert await review_of(services, visit_id) == ("rejected", "Foto rumah lain", admin.id)


async def test_a_rejection_is_asked_for_only_while_the_report_is_unreviewed(services: Services) -> None:
    visit_id = await flagged_visit(services)
    coordinator = await person(services, Role.COORDINATOR, SERANG, name="Sari")

    asked = await begin_rejection(services, coordinator, visit_id)
    await ask_revisit(services, coordinator, visit_id)
    late = await begin_rejection(services, coordinator, visit_id)

    assert isinstance(asked, RejectionAsked) and asked.visit.visit_id == visit_id
    assert late == AlreadyReviewed(visit_id, "revisit", "Sari")
    assert await review_of(services, visit_id) == ("revisit", None, coordinator.id)


async def test_an_admin_accepts_a_coordinate_proposal_once(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion, None, name="Siti")
    proposal_id = await services.proposals.add(
        household_id=home.id,
        proposed_by=companion.id,
        latitude=-6.1,
        longitude=106.1,
        accuracy_m=8.0,
        reason="no_reference",
    )
    admin, coordinator = await person(services, Role.ADMIN), await person(services, Role.COORDINATOR)

    refused = await decide_proposal(services, coordinator, proposal_id, accept=True)
    decided = await decide_proposal(services, admin, proposal_id, accept=True)
    again = await decide_proposal(services, admin, proposal_id, accept=False)

    assert (refused, decided, again) == (NotAllowed(), ProposalDecided(True, "Siti"), ProposalAlreadyDecided())
    moved = await services.households.by_id(home.id)
    assert moved is not None and (moved.latitude, moved.longitude, moved.coordinates_source) == (
        -6.1,
        106.1,
        "companion",
    )
