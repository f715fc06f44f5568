"""Field updates without Telegram: who may propose and decide, what each status and field does to
the register once approved, what a rejection or a refused value leaves, and the programme
follow-up the stored visits keep."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.decisions.access import NotAllowed
from bot.decisions.field_updates import (
    ChangeRefused,
    NothingProposed,
    NotYourHousehold,
    Proposed,
    UpdateApproved,
    UpdateBegun,
    UpdateDecided,
    UpdateRejected,
    UpdateRejectionAsked,
    approve_update,
    begin_update,
    begin_update_after_visit,
    begin_update_rejection,
    propose_changes,
    reject_update,
    updates_to_review,
)
from bot.decisions.report import Stored, submit_report
from bot.decisions.review import REASON_LIMIT, BadReason, NotReviewable
from bot.domain import Household, HouseholdStatus, Person, Role
from bot.services import Services
from tests.support.decisions import HOME, LEBAK, SERANG, draft, household, north_of, opened_services, person, reread
from tests.support.harness import FakeClock

NEW_HOME = north_of(HOME, 900)


async def propose(services: Services, companion: Person, home: Household, **changes: Any) -> Proposed:
    outcome = await propose_changes(
        services,
        companion,
        key=json.dumps(changes, sort_keys=True),
        household_id=home.id,
        visit_id=None,
        changes=changes,
    )
    assert isinstance(outcome, Proposed), outcome
    return outcome


async def approved(services: Services, companion: Person, home: Household, **changes: Any) -> Household:
    """Propose the changes, have an admin approve each; the household as the register holds it then."""
    admin = await person(services, Role.ADMIN)
    for update_id in (await propose(services, companion, home, **changes)).update_ids:
        assert isinstance(await approve_update(services, admin, update_id), UpdateApproved)
    return await reread(services, home)


@pytest.fixture
async def coordinators_decide(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Services]:
    async with opened_services(tmp_path, clock, {"updates": {"coordinators_approve": True}}) as opened:
        yield opened


# ── Proposing ─────────────────────────────────────────────────────────────


async def test_a_companion_proposes_changes_of_an_own_household_only(services: Services) -> None:
    companion, other = await person(services, Role.COMPANION), await person(services, Role.COMPANION)
    own, theirs = await household(services, companion), await household(services, other)
    admin = await person(services, Role.ADMIN)

    assert await begin_update(services, companion, own.id) == UpdateBegun(own, None)
    assert await begin_update(services, companion, theirs.id) == NotYourHousehold()
    assert await begin_update(services, admin, own.id) == NotAllowed()
    forged = await propose_changes(
        services, companion, key="k", household_id=theirs.id, visit_id=None, changes={"phone": "081234567890"}
    )
    assert forged == NotYourHousehold()
    assert await services.db.fetch_value("SELECT COUNT(*) FROM field_updates") == 0


async def test_a_proposal_after_a_report_carries_the_report_as_its_evidence(services: Services) -> None:
    companion, other = await person(services, Role.COMPANION), await person(services, Role.COMPANION)
    home = await household(services, companion)
    stored = await submit_report(services, companion, draft(home))
    assert isinstance(stored, Stored)

    begun = await begin_update_after_visit(services, companion, stored.visit_id)
    assert begun == UpdateBegun(home, stored.visit_id)
    assert await begin_update_after_visit(services, other, stored.visit_id) == NotYourHousehold()
    outcome = await propose_changes(
        services, companion, key="k", household_id=home.id, visit_id=stored.visit_id, changes={"note": "Sakit"}
    )
    assert isinstance(outcome, Proposed)
    update = await services.field_updates.by_id(outcome.update_ids[0])
    assert update is not None and (update.visit_id, update.visit_verdict) == (stored.visit_id, "verified")


async def test_kirim_twice_stores_each_change_once(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    changes = {"phone": "0812-3456-7890", "members": 5}
    first = await propose_changes(services, companion, key="same", household_id=home.id, visit_id=None, changes=changes)
    again = await propose_changes(services, companion, key="same", household_id=home.id, visit_id=None, changes=changes)

    assert isinstance(first, Proposed) and first.created and len(first.update_ids) == 2
    assert isinstance(again, Proposed) and not again.created and again.update_ids == first.update_ids
    rows = await services.db.fetch_all("SELECT field, value, status FROM field_updates ORDER BY id")
    assert [tuple(row) for row in rows] == [("phone", '"+6281234567890"', "pending"), ("members", "5", "pending")]


async def test_a_later_proposal_for_the_same_field_replaces_the_pending_one(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    first = await propose(services, companion, home, phone="081234567890")
    second = await propose(services, companion, home, phone="081299998888", members=4)

    assert second.replaced == 1
    old = await services.field_updates.by_id(first.update_ids[0])
    assert old is not None and old.status == "replaced" and old.replaced_by == second.update_ids[0]
    admin = await person(services, Role.ADMIN)
    assert isinstance(await approve_update(services, admin, old.id), UpdateDecided)
    assert (await reread(services, home)).head_name == home.head_name


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"phone": "12345"}, "phone", "phone"),
        ({"phone": "=HYPERLINK(1)"}, "phone", "phone"),
        ({"members": 31}, "members", "count_absurd"),
        ({"members": "-2"}, "members", "count_negative"),
        ({"members": 3, "under_five": 4}, "under_five", "count_above_members"),
        ({"address": "=cmd|' /C calc'!A0"}, "address", "formula"),
        ({"note": "x" * 501}, "note", "too_long"),
        ({"status": {"kind": "deceased", "successor_name": "Budi", "successor_nik": "3604"}}, "status", "nik_digits"),
        (
            {
                "status": {
                    "kind": "deceased",
                    "successor_name": "Budi",
                    "successor_nik": "3604015505800012",
                    "successor_kk": "3204011203150012",
                }
            },
            "status",
            "kk_province",
        ),
        ({"status": {"kind": "moved"}}, "status", "invalid"),
        ({"status": {"kind": "emigrated"}}, "status", "invalid"),
        ({"colour": "blue"}, "colour", "invalid"),
    ],
)
async def test_values_breaking_the_registers_rules_are_refused_and_nothing_is_stored(
    services: Services, changes: dict[str, Any], field: str, reason: str
) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    outcome = await propose_changes(services, companion, key="k", household_id=home.id, visit_id=None, changes=changes)
    assert isinstance(outcome, ChangeRefused) and (outcome.field, outcome.problem.reason) == (field, reason)
    assert await services.db.fetch_value("SELECT COUNT(*) FROM field_updates") == 0


async def test_an_empty_proposal_stores_nothing(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    empty = await propose_changes(services, companion, key="k", household_id=home.id, visit_id=None, changes={})
    assert empty == NothingProposed()


async def test_components_are_checked_against_the_registered_members(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    await approved(services, companion, home, members=2)
    outcome = await propose_changes(
        services, companion, key="k2", household_id=home.id, visit_id=None, changes={"school_sd": 3}
    )
    assert isinstance(outcome, ChangeRefused) and outcome.problem.reason == "count_above_members"


# ── What each approved change does ────────────────────────────────────────


async def test_moved_away_leaves_reminders_and_coverage_but_keeps_its_history(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    assert isinstance(await submit_report(services, companion, draft(home)), Stored)
    status = {
        "kind": "moved",
        "address": "Kp. Baru RT 01",
        "away": True,
        "latitude": NEW_HOME[0],
        "longitude": NEW_HOME[1],
    }

    after = await approved(services, companion, home, status=status)

    assert (after.status, after.active, after.address) == (HouseholdStatus.MOVED, False, "Kp. Baru RT 01")
    assert (after.latitude, after.longitude, after.coordinates_source) == (*NEW_HOME, "companion")
    assert await services.nearby.own_active(companion.id, home.id) is None
    assert (await services.reminders.overdue(companion.id, services.clock.now() + 10**8, 10)).total == 0
    assert await services.db.fetch_value("SELECT COUNT(*) FROM visits WHERE household_id = ?", (home.id,)) == 1
    audit = await services.db.fetch_one("SELECT * FROM audit_log WHERE action = 'field_update'")
    assert audit is not None and json.loads(audit["old_value"])["active"] == 1
    assert json.loads(audit["new_value"])["status"] == "moved"


async def test_moved_within_the_area_stays_in_the_programme_at_its_new_address(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    after = await approved(services, companion, home, status={"kind": "moved", "address": "Kp. Sebelah", "away": False})
    assert (after.status, after.active, after.address) == (None, True, "Kp. Sebelah")
    assert (after.latitude, after.longitude) == (home.latitude, home.longitude), "no live location, no new point"


async def test_a_deceased_head_with_a_successor_hands_the_household_over(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    status = {
        "kind": "deceased",
        "successor_name": "Siti Rahmah",
        "successor_nik": "3604 0155 0580 0012",
        "successor_kk": "3604011203150099",
    }
    after = await approved(services, companion, home, status=status)
    assert (after.head_name, after.head_nik, after.kk_number) == ("Siti Rahmah", "3604015505800012", "3604011203150099")
    assert (after.status, after.active) == (None, True)


@pytest.mark.parametrize(
    ("status", "leaves"),
    [
        ({"kind": "deceased"}, True),
        ({"kind": "graduated", "reason": "Suami bekerja tetap"}, True),
        ({"kind": "not_found"}, False),
        ({"kind": "refuses"}, False),
    ],
)
async def test_each_status_is_recorded_and_only_leaving_ones_leave(
    services: Services, status: dict[str, str], leaves: bool
) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    after = await approved(services, companion, home, status=status)
    assert (after.status, after.active) == (HouseholdStatus(status["kind"]), not leaves)


async def test_contact_composition_and_note_go_to_the_field_profile(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    counts = {
        "members": 6,
        "under_five": 1,
        "school_sd": 2,
        "school_smp": 1,
        "school_sma": 0,
        "pregnant": 1,
        "elderly": 1,
        "disabled": 0,
    }
    after = await approved(
        services, companion, home, phone="+62 812 3456 7890", address="Jl. Melati 3", note="Anak sakit", **counts
    )
    profile = await services.field_updates.profile(home.id)
    assert profile is not None and profile.phone == "+6281234567890" and profile.note == "Anak sakit"
    assert {name: getattr(profile, name) for name in counts} == counts
    assert after.address == "Jl. Melati 3"
    olds = await services.db.fetch_all("SELECT field, old_value FROM field_updates WHERE field IN ('phone', 'address')")
    assert {row[0]: json.loads(row[1]) for row in olds} == {"phone": {"phone": None}, "address": {"address": None}}


async def test_reactivating_a_household_takes_its_status_away(services: Services) -> None:
    from bot.decisions.households import HouseholdStateChanged, set_household_active

    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    for status in ({"kind": "graduated", "reason": "Mampu"}, {"kind": "not_found"}):
        await approved(services, companion, await reread(services, home), status=status)
        admin = await person(services, Role.ADMIN)
        assert isinstance(await set_household_active(services, admin, home.dtks_id, active=True), HouseholdStateChanged)
        assert ((after := await reread(services, home)).status, after.active) == (None, True)


# ── Deciding ──────────────────────────────────────────────────────────────


async def test_a_proposal_is_decided_once_and_rejected_ones_leave_the_register_alone(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    [update_id] = (await propose(services, companion, home, status={"kind": "graduated", "reason": "Mampu"})).update_ids
    first, second = await person(services, Role.ADMIN, name="Rina"), await person(services, Role.ADMIN)

    assert await reject_update(services, first, update_id, "  ") == BadReason(REASON_LIMIT)
    assert await reject_update(services, first, update_id, "x" * (REASON_LIMIT + 1)) == BadReason(REASON_LIMIT)
    assert isinstance(await begin_update_rejection(services, first, update_id), UpdateRejectionAsked)
    rejected = await reject_update(services, first, update_id, "Masih menerima PKH")
    assert isinstance(rejected, UpdateRejected) and rejected.reason == "Masih menerima PKH"

    again = await approve_update(services, second, update_id)
    assert (
        isinstance(again, UpdateDecided) and again.update.status == "rejected" and again.update.reviewer_name == "Rina"
    )
    assert isinstance(await begin_update_rejection(services, second, update_id), UpdateDecided)
    after = await reread(services, home)
    assert (after.status, after.active) == (None, True)


async def test_coordinators_decide_only_where_the_configuration_lets_them(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    [update_id] = (
        await propose(services, companion, await household(services, companion), phone="081234567890")
    ).update_ids
    coordinator = await person(services, Role.COORDINATOR, SERANG)
    assert await approve_update(services, coordinator, update_id) == NotReviewable()
    assert await updates_to_review(services, coordinator) == []
    assert [u.id for u in await updates_to_review(services, await person(services, Role.ADMIN))] == [update_id]


async def test_with_coordinators_approve_the_regions_coordinators_decide(coordinators_decide: Services) -> None:
    services = coordinators_decide
    companion = await person(services, Role.COMPANION)
    [update_id] = (await propose(services, companion, await household(services, companion), members=4)).update_ids
    serang, lebak = await person(services, Role.COORDINATOR, SERANG), await person(services, Role.COORDINATOR, LEBAK)

    assert [u.id for u in await updates_to_review(services, serang)] == [update_id]
    assert await updates_to_review(services, lebak) == []
    assert await approve_update(services, lebak, update_id) == NotReviewable()
    assert isinstance(await approve_update(services, serang, update_id), UpdateApproved)


async def test_companions_cannot_decide(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    [update_id] = (await propose(services, companion, await household(services, companion), members=4)).update_ids
    assert await approve_update(services, companion, update_id) == NotReviewable()
    assert await reject_update(services, companion, update_id, "tidak") == NotReviewable()


# ── Not found, twice ──────────────────────────────────────────────────────


async def test_a_second_not_found_report_is_counted_rejected_ones_are_not(services: Services, clock: FakeClock) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    admin = await person(services, Role.ADMIN)
    [first] = (await propose(services, companion, home, status={"kind": "not_found"})).update_ids
    assert isinstance(await reject_update(services, admin, first, "Ada di rumah"), UpdateRejected)
    clock.advance(86400)
    await propose_changes(
        services, companion, key="2", household_id=home.id, visit_id=None, changes={"status": {"kind": "not_found"}}
    )
    clock.advance(86400)
    await propose_changes(
        services, companion, key="3", household_id=home.id, visit_id=None, changes={"status": {"kind": "not_found"}}
    )
    reports = await services.field_updates.uncounted_not_found()
    assert [report.reports for report in reports] == [1, 2]


# ── Programme follow-up ───────────────────────────────────────────────────


async def report_with(services: Services, companion: Person, home: Household, marks: dict[str, str], at: int) -> None:
    report = draft(home, sent_at=at)
    report.conditions = marks
    assert isinstance(await submit_report(services, companion, report), Stored)


async def test_a_condition_a_problem_visit_after_visit_is_followed_up_until_a_visit_finds_it_met(
    services: Services, clock: FakeClock
) -> None:
    companion = await person(services, Role.COMPANION)
    home, other = await household(services, companion), await household(services, companion)
    day = 86400
    start = clock.now()
    await report_with(services, companion, home, {"school": "problem", "posyandu": "checked"}, start)
    await report_with(services, companion, other, {"school": "problem"}, start)
    assert await services.followups.open_in((SERANG,), 2) == []

    clock.advance(day)
    await report_with(services, companion, home, {"school": "problem", "posyandu": "problem"}, start + day)
    [school] = await services.followups.open_in((SERANG,), 2)
    assert (school.household_id, school.condition, school.streak) == (home.id, "school", 2)
    assert [f.household_id for f in await services.followups.of_companion(companion.id, 2)] == [home.id]
    assert await services.followups.open_in((LEBAK,), 2) == []

    # A report handled late, of a visit between the two that found it met: the run is broken.
    clock.advance(day)
    await report_with(services, companion, home, {"school": "checked"}, start + day // 2)
    assert await services.followups.of_household(home.id, 2) == []
    clock.advance(day)
    await report_with(services, companion, home, {"school": "problem"}, start + 3 * day)
    assert [(f.condition, f.streak) for f in await services.followups.of_household(home.id, 2)] == [("school", 2)]
    await report_with(services, companion, home, {"school": "checked"}, start + 4 * day)
    assert await services.followups.of_household(home.id, 1) == []
