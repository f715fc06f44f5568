"""Sending a visit report, and "the same visit": what each outcome stores."""

from __future__ import annotations

from bot.decisions.access import NotAllowed
from bot.decisions.report import (
    AskSameVisit,
    HouseholdGone,
    Merged,
    NotMergeable,
    Stored,
    merge_into_earlier,
    submit_report,
)
from bot.domain import Role, Verdict
from bot.rules.report import quiet_flags
from bot.services import Services
from tests.support.decisions import HOME, draft, household, north_of, person
from tests.support.harness import DEFAULT_NOW

HOUR = 3600


async def visit_count(services: Services) -> int:
    return int(await services.db.fetch_value("SELECT COUNT(*) FROM visits"))


async def test_a_report_at_the_house_is_stored_verified_and_wakes_no_reviewer(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    report = draft(home)

    outcome = await submit_report(services, companion, report)

    assert isinstance(outcome, Stored)
    assert (outcome.verdict, outcome.flags, outcome.created, outcome.wake_alerts) == (Verdict.VERIFIED, (), True, False)
    stored = (await services.visits.by_keys([report.key]))[report.key]
    assert (stored.id, stored.household_id, stored.companion_id) == (outcome.visit_id, home.id, companion.id)
    assert stored.conditions == {"school": "checked"}
    assert await services.db.fetch_value("SELECT COUNT(*) FROM photos WHERE visit_id = ?", (stored.id,)) == 1


async def test_sending_the_same_draft_again_stores_nothing_twice(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    report = draft(await household(services, companion, north_of(HOME, 500)))
    first = await submit_report(services, companion, report)

    again = await submit_report(services, companion, report)

    assert isinstance(first, Stored) and isinstance(again, Stored)
    assert (again.visit_id, again.created, again.wake_alerts) == (first.visit_id, False, False)
    assert await visit_count(services) == 1
    assert await services.db.fetch_value("SELECT COUNT(*) FROM photos") == 1


async def test_a_report_far_from_the_house_is_stored_flagged_and_wakes_the_alerts(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)

    outcome = await submit_report(services, companion, draft(home, north_of(HOME, 500)))

    assert isinstance(outcome, Stored)
    assert outcome.verdict is Verdict.OUTSIDE and outcome.wake_alerts
    assert [flag.flag for flag in outcome.flags] == ["outside"]
    assert await services.reviews.flagged_visit(outcome.visit_id) is not None


async def test_a_second_report_of_the_household_soon_after_asks_before_storing(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    first = await submit_report(services, companion, draft(home))
    second = draft(home, sent_at=DEFAULT_NOW + 10 * 60)

    asked = await submit_report(services, companion, second)

    assert isinstance(first, Stored)
    assert asked == AskSameVisit(first.visit_id, 10)
    assert await visit_count(services) == 1
    second.new_visit = True  # the companion's answer: a new visit
    stored = await submit_report(services, companion, second)
    assert isinstance(stored, Stored) and stored.created and stored.visit_id != first.visit_id
    assert await visit_count(services) == 2


async def test_the_same_visit_gets_the_new_photos_only(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    first = await submit_report(services, companion, draft(home, photos=("a",)))
    second = draft(home, sent_at=DEFAULT_NOW + 5 * 60, photos=("a", "b"))
    asked = await submit_report(services, companion, second)
    assert isinstance(first, Stored) and isinstance(asked, AskSameVisit)
    second.earlier_visit_id = asked.earlier_visit_id

    outcome = await merge_into_earlier(services, companion, second)

    assert outcome == Merged(first.visit_id, 1)
    paths = await services.db.fetch_all("SELECT path FROM photos WHERE visit_id = ? ORDER BY id", (first.visit_id,))
    assert [row[0] for row in paths] == ["a.jpg", "b.jpg"]
    assert await visit_count(services) == 1


async def test_photos_are_never_added_to_another_companions_report(services: Services) -> None:
    rina, dewi = await person(services, Role.COMPANION), await person(services, Role.COMPANION)
    theirs = await submit_report(services, dewi, draft(await household(services, dewi)))
    assert isinstance(theirs, Stored)
    forged = draft(await household(services, rina), photos=("x",))
    forged.earlier_visit_id = theirs.visit_id

    assert await merge_into_earlier(services, rina, forged) == NotMergeable()
    assert await services.db.fetch_value("SELECT COUNT(*) FROM photos WHERE path = 'x.jpg'") == 0


async def test_a_household_taken_away_while_writing_stores_nothing(services: Services) -> None:
    admin = await person(services, Role.ADMIN)
    rina, dewi = await person(services, Role.COMPANION), await person(services, Role.COMPANION)
    given_away, closed = await household(services, rina), await household(services, rina)
    await services.households.reassign(given_away, dewi.id, admin.id)
    await services.households.set_active(closed, False, admin.id)

    assert await submit_report(services, rina, draft(given_away)) == HouseholdGone()
    assert await submit_report(services, rina, draft(closed)) == HouseholdGone()
    assert await visit_count(services) == 0


async def test_a_report_of_someone_elses_household_is_refused(services: Services) -> None:
    rina, dewi = await person(services, Role.COMPANION), await person(services, Role.COMPANION)

    outcome = await submit_report(services, rina, draft(await household(services, dewi)))

    assert outcome == HouseholdGone()
    assert await visit_count(services) == 0


async def test_only_an_active_companion_sends_reports(services: Services) -> None:
    coordinator = await person(services, Role.COORDINATOR)
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    admin = await person(services, Role.ADMIN)
    await services.people.set_active(companion, False, admin.id)
    gone = await services.people.by_id(companion.id)
    assert gone is not None

    assert await submit_report(services, coordinator, draft(home)) == NotAllowed()
    assert await submit_report(services, gone, draft(home)) == NotAllowed()
    assert await visit_count(services) == 0


async def test_three_live_reports_from_one_spot_away_from_the_register_propose_it(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    home = await household(services, companion)
    spot = north_of(HOME, 400)
    days = [DEFAULT_NOW + day * 24 * HOUR for day in range(3)]

    outcomes = [await submit_report(services, companion, draft(home, spot, sent_at=at)) for at in days]

    stored = [outcome for outcome in outcomes if isinstance(outcome, Stored) and outcome.verdict is Verdict.OUTSIDE]
    assert len(stored) == 3 and stored[2].wake_alerts
    [proposal] = await services.proposals.pending()
    assert (proposal.household_id, proposal.reason, proposal.visit_id) == (
        home.id,
        "repeatedly_far",
        stored[2].visit_id,
    )
    assert abs(proposal.latitude - spot[0]) < 1e-5


async def test_two_households_far_apart_sent_from_one_spot_flag_both_reports(services: Services) -> None:
    """Households 180 m apart, reports from between them 10 minutes apart: each names the other,
    and the earlier one, verified and unflagged when stored, waits for a reviewer now."""
    companion = await person(services, Role.COMPANION)
    south = await household(services, companion, north_of(HOME, -90))
    north = await household(services, companion, north_of(HOME, 90))
    first = await submit_report(services, companion, draft(south, HOME, photos=("a",)))
    second = await submit_report(services, companion, draft(north, HOME, sent_at=DEFAULT_NOW + 600, photos=("b",)))

    assert isinstance(first, Stored) and isinstance(second, Stored)
    assert first.flags == () and not first.wake_alerts
    assert [(flag.flag, flag.related_visit_id) for flag in second.flags] == [("one_spot", first.visit_id)]
    assert second.wake_alerts
    earlier = await services.reviews.flagged_visit(first.visit_id)
    assert earlier is not None and [(f.flag, f.related_visit_id) for f in earlier.flags] == [
        ("one_spot", second.visit_id)
    ]


async def test_an_uncertain_report_is_stored_flagged_but_alerts_nobody_by_default(services: Services) -> None:
    companion = await person(services, Role.COMPANION)
    report = draft(await household(services, companion), north_of(HOME, 95))

    outcome = await submit_report(services, companion, report)

    assert isinstance(outcome, Stored) and outcome.verdict is Verdict.UNCERTAIN
    assert await services.reviews.flagged_visit(outcome.visit_id) is not None, "reviewable"
    quiet = quiet_flags(services.settings.verification)
    assert await services.reviews.unalerted_flagged(0, quiet) == []
    assert [visit.visit_id for visit in await services.reviews.unalerted_flagged(0)] == [outcome.visit_id]
