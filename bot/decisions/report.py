"""A companion sends a finished visit report, or says it repeats the report made just before.

The draft's key is the idempotency key: sending the same draft again stores nothing twice and
answers with the visit stored the first time.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.decisions.access import NotAllowed, acts_as
from bot.domain import Household, Person, Role, Verdict, VisitFlag
from bot.rules.relocation import REPEATED_VISITS, relocation_proposal
from bot.rules.report import ReportDraft, compose_visit, history_start, new_photo
from bot.services import Services


@dataclass(frozen=True)
class Stored:
    visit_id: int
    verdict: Verdict
    flags: tuple[VisitFlag, ...]
    created: bool  # False: the draft was stored before (Send pressed again)
    # A flag, a coordinate proposal or a relocation proposal waits for a reviewer.
    wake_alerts: bool


@dataclass(frozen=True)
class AskSameVisit:
    """The companion's report of the same household shortly before may be this very visit:
    ask before storing (the draft keeps `earlier_visit_id` for the answer)."""

    earlier_visit_id: int
    minutes_apart: int


@dataclass(frozen=True)
class HouseholdGone:
    """Reassigned or deactivated by an admin while the report was written: nothing stored."""


@dataclass(frozen=True)
class Merged:
    visit_id: int
    photos_added: int


@dataclass(frozen=True)
class NotMergeable:
    """No earlier report of this companion to merge into (a forged or stale answer)."""


SubmitOutcome = Stored | AskSameVisit | HouseholdGone | NotAllowed
MergeOutcome = Merged | NotMergeable | NotAllowed


async def submit_report(services: Services, companion: Person, draft: ReportDraft) -> SubmitOutcome:
    """Store the finished `draft` in one transaction, unless it may repeat a report stored just
    before (asked once; `draft.new_visit` is the companion's answer "no, a new visit")."""
    if not acts_as(companion, Role.COMPANION):
        return NotAllowed()
    assert draft.household_id is not None and draft.location is not None, "a draft reaches Send complete"
    household = await services.nearby.own_active(companion.id, draft.household_id)
    if household is None:
        return HouseholdGone()
    if not draft.new_visit and not await services.visits.by_keys([draft.key]):
        window_s = services.settings.report.duplicate_window_minutes * 60
        sent_at = draft.location.sent_at
        earlier = (
            await services.visits.same_visit_candidate(companion.id, household.id, sent_at, window_s)
            if window_s
            else None
        )
        if earlier is not None:
            return AskSameVisit(earlier.id, abs(sent_at - earlier.started_at) // 60)
    latest = await services.visits.latest_of_companion(companion.id, 1)
    verification = services.settings.verification
    # The companion's earlier live reports, whose tracks this one's is compared with.
    tracked = await services.visits.live_reports_of_companion(companion.id, history_start(draft, verification))
    visit = compose_visit(
        draft,
        household,
        companion_id=companion.id,
        now=services.clock.now(),
        previous=latest[0] if latest else None,
        earlier=tracked,
        verification=verification,
    )
    visit_id, created = await services.visits.add(visit)
    # Also on a repeated Send: a crash may have come between the visit and the proposal.
    relocated = visit.verdict is Verdict.OUTSIDE and await _propose_relocation(services, household, companion, visit_id)
    wake = relocated or (created and bool(visit.flags or visit.proposal))
    return Stored(visit_id, visit.verdict, visit.flags, created, wake)


async def merge_into_earlier(services: Services, companion: Person, draft: ReportDraft) -> MergeOutcome:
    """Store no new report: add the draft's new photos to the companion's earlier report
    (`draft.earlier_visit_id`, the one `AskSameVisit` named)."""
    if not acts_as(companion, Role.COMPANION):
        return NotAllowed()
    earlier = await services.visits.by_id(draft.earlier_visit_id) if draft.earlier_visit_id else None
    if earlier is None or earlier.companion_id != companion.id:
        return NotMergeable()
    photos = [new_photo(photo) for photo in draft.photos]
    added = await services.visits.attach_photos(earlier.id, photos, services.clock.now())
    return Merged(earlier.id, len(added))


async def _propose_relocation(services: Services, household: Household, companion: Person, visit_id: int) -> bool:
    """Offer the admins the spot the household's last reports agree on, if its register is off."""
    proposal = relocation_proposal(await services.visits.latest_of_household(household.id, REPEATED_VISITS))
    if proposal is None or await services.proposals.has_pending(household.id):
        return False
    await services.proposals.add(
        household_id=household.id,
        proposed_by=companion.id,
        latitude=proposal.latitude,
        longitude=proposal.longitude,
        accuracy_m=proposal.accuracy_m,
        reason=proposal.reason,
        visit_id=visit_id,
    )
    return True
