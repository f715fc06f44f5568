"""The services one running bot shares between handlers and jobs."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from storage.bot_state import BotStateRepository
from storage.clock import Clock, SystemClock
from storage.database import Database
from storage.digests import DigestRepository
from storage.dispatch import DispatchLog
from storage.exports import ExportRepository
from storage.households import HouseholdRepository
from storage.people import PeopleRepository
from storage.proposals import ProposalRepository
from storage.recipients import RecipientRepository
from storage.reminders import ReminderRepository
from storage.reviews import ReviewRepository
from storage.visits import VisitRepository


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    people: PeopleRepository
    bot_state: BotStateRepository
    households: HouseholdRepository
    visits: VisitRepository
    proposals: ProposalRepository
    # Registry (issue 3)

    # Visit report (issue 4)

    # Reminders, digests, alerts, exports, map (issue 5)
    dispatch: DispatchLog
    recipients: RecipientRepository
    reminders: ReminderRepository
    digests: DigestRepository
    reviews: ReviewRepository
    exports: ExportRepository

    @classmethod
    def create(cls, settings: Settings, clock: Clock | None = None) -> Services:
        clock = clock or SystemClock()
        db = Database(settings.database.path, settings.database.busy_timeout_ms)
        return cls(
            settings=settings,
            db=db,
            clock=clock,
            people=PeopleRepository(db, clock),
            bot_state=BotStateRepository(db, clock),
            households=HouseholdRepository(db, clock),
            visits=VisitRepository(db),
            proposals=ProposalRepository(db, clock),
            # Reminders, digests, alerts, exports, map (issue 5)
            dispatch=DispatchLog(db, clock),
            recipients=RecipientRepository(db, PeopleRepository(db, clock)),
            reminders=ReminderRepository(db),
            digests=DigestRepository(db),
            reviews=ReviewRepository(db),
            exports=ExportRepository(db),
        )
