"""The services one running bot shares between handlers and jobs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

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
# Visit report (issue 4)
from storage.companion_views import CompanionViews
from storage.live_tracks import LiveTrackRepository
from storage.nearby import NearbyHouseholds
from storage.photos_index import PhotoIndex

# Registry (issue 3)
from functools import cached_property  # noqa: E402
from storage.imports import ImportRepository  # noqa: E402
from storage.invitations import InvitationRepository  # noqa: E402
from storage.registry_queries import RegistryQueries  # noqa: E402


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
    # Stateless repositories, built on first use.
    @cached_property
    def invitations(self) -> InvitationRepository:
        return InvitationRepository(self.db, self.clock)

    @cached_property
    def imports(self) -> ImportRepository:
        return ImportRepository(self.db, self.clock)

    @cached_property
    def registry(self) -> RegistryQueries:
        return RegistryQueries(self.db)

    # Visit report (issue 4)
    @cached_property
    def nearby(self) -> NearbyHouseholds:
        return NearbyHouseholds(self.db)

    @cached_property
    def photo_index(self) -> PhotoIndex:
        return PhotoIndex(self.db)

    @cached_property
    def live_tracks(self) -> LiveTrackRepository:
        return LiveTrackRepository(self.db)

    @cached_property
    def companion_views(self) -> CompanionViews:
        return CompanionViews(self.db)

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
