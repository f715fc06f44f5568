"""The services one running bot shares between handlers and jobs: settings, the database,
the clock and one repository per part of the schema."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.domain import Region
from storage.bot_state import BotStateRepository
from storage.clock import Clock, SystemClock
from storage.companion_views import CompanionViews
from storage.database import Database
from storage.digests import DigestRepository
from storage.dispatch import DispatchLog
from storage.engines import database_at
from storage.exports import ExportRepository
from storage.field_updates import FieldUpdateRepository
from storage.followups import FollowupRepository
from storage.health import HealthQueries
from storage.households import HouseholdRepository
from storage.imports import ImportRepository
from storage.invitations import InvitationRepository
from storage.monitoring import MonitoringQueries
from storage.national import NationalDigests
from storage.nearby import NearbyHouseholds
from storage.outbox import OutboxRepository
from storage.people import PeopleRepository
from storage.photos_index import PhotoIndex
from storage.proposals import ProposalRepository
from storage.recipients import RecipientRepository
from storage.regions import RegionRepository
from storage.registry_queries import RegistryQueries
from storage.reminders import ReminderRepository
from storage.reviews import ReviewRepository
from storage.tasks import TaskRepository
from storage.visits import VisitRepository
from storage.web_access import WebAccessRepository


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    people: PeopleRepository
    regions: RegionRepository
    health: HealthQueries
    bot_state: BotStateRepository
    households: HouseholdRepository
    visits: VisitRepository
    proposals: ProposalRepository
    # Field updates and programme follow-up
    field_updates: FieldUpdateRepository
    followups: FollowupRepository
    # Registry
    invitations: InvitationRepository
    imports: ImportRepository
    registry: RegistryQueries
    # Visit report
    nearby: NearbyHouseholds
    photo_index: PhotoIndex
    companion_views: CompanionViews
    # Reminders, digests, alerts, exports, map
    dispatch: DispatchLog
    recipients: RecipientRepository
    reminders: ReminderRepository
    digests: DigestRepository
    reviews: ReviewRepository
    exports: ExportRepository
    national: NationalDigests
    # Tasks and announcements
    tasks: TaskRepository
    # Reliability
    outbox: OutboxRepository
    # Dashboard
    web_access: WebAccessRepository
    monitoring: MonitoringQueries

    @classmethod
    def create(cls, settings: Settings, clock: Clock | None = None) -> Services:
        clock = clock or SystemClock()
        db = database_at(
            settings.database.url,
            settings.database.busy_timeout_ms,
            province=settings.province.code,
            backup_dir=settings.database.backup_dir,
        )
        people = PeopleRepository(db, clock)
        return cls(
            settings=settings,
            db=db,
            clock=clock,
            people=people,
            regions=RegionRepository(db),
            health=HealthQueries(db),
            bot_state=BotStateRepository(db, clock),
            households=HouseholdRepository(db, clock),
            visits=VisitRepository(db),
            proposals=ProposalRepository(db, clock),
            field_updates=FieldUpdateRepository(db),
            followups=FollowupRepository(db),
            invitations=InvitationRepository(db, clock, people),
            imports=ImportRepository(db, clock),
            registry=RegistryQueries(db),
            nearby=NearbyHouseholds(db),
            photo_index=PhotoIndex(db),
            companion_views=CompanionViews(db),
            dispatch=DispatchLog(db, clock),
            recipients=RecipientRepository(db, people),
            reminders=ReminderRepository(db),
            digests=DigestRepository(db),
            reviews=ReviewRepository(db),
            exports=ExportRepository(db),
            national=NationalDigests(db),
            tasks=TaskRepository(db, clock),
            outbox=OutboxRepository(db, clock),
            web_access=WebAccessRepository(db, clock),
            monitoring=MonitoringQueries(db, clock),
        )

    async def install_province(self) -> None:
        """Make the database's region rows those of the configured province (refused, with
        `ProvinceMismatch`, when the database holds another province's register)."""
        province = self.settings.province.data
        await self.regions.install(
            Region(province.code, province.full_name, "provinsi", None),
            [Region(r.code, r.name, r.kind, province.code) for r in province.regencies],
        )
