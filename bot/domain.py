"""The domain's types: the rows the repositories return and the values the rules and decisions
take. Storage imports them; they import nothing of the project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class Box:
    """A rectangle of latitudes and longitudes: a province's extent, for the "outside the
    province" checks."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    COMPANION = "companion"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: str
    parent_code: str | None


@dataclass(frozen=True)
class Person:
    id: int
    telegram_user_id: int | None
    full_name: str
    username: str | None
    role: Role
    language: str
    active: bool
    invited_by: int | None
    region_codes: tuple[str, ...]
    created_at: int
    updated_at: int

    @property
    def covers_province(self) -> bool:
        """Whether the person covers the province's region row (a two-digit code), so every
        kabupaten/kota of it."""
        return any(len(code) == 2 for code in self.region_codes)


class Verdict(StrEnum):
    VERIFIED = "verified"
    UNCERTAIN = "uncertain"
    OUTSIDE = "outside"
    NO_REFERENCE = "no_reference"


class HouseholdStatus(StrEnum):
    """Why a household is out of the programme or cannot be served, as an approved field update
    says (none: it is in the programme)."""

    MOVED = "moved"  # away from the companion's area
    DECEASED = "deceased"  # the head died and nobody takes over
    GRADUATED = "graduated"  # no longer needs assistance (mampu)
    NOT_FOUND = "not_found"
    REFUSES = "refuses"

    @property
    def leaves(self) -> bool:
        """Whether the household leaves the visit schedule and coverage (its history stays)."""
        return self in (HouseholdStatus.MOVED, HouseholdStatus.DECEASED, HouseholdStatus.GRADUATED)


@dataclass(frozen=True)
class NewHousehold:
    """A household as an admin or an import gives it, before it has an id."""

    dtks_id: str
    head_name: str
    region_code: str
    kk_number: str | None = None
    head_nik: str | None = None
    address: str | None = None
    kecamatan: str | None = None
    desa: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    coordinates_source: str | None = None
    companion_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class Household(NewHousehold):
    """A registered household: what was given, plus what the register keeps about it."""

    id: int
    active: bool
    created_at: int
    updated_at: int
    status: HouseholdStatus | None = None


@dataclass(frozen=True)
class VisitFlag:
    flag: str
    detail: str | None = None
    related_visit_id: int | None = None


@dataclass(frozen=True)
class NewPhoto:
    file_id: str
    file_unique_id: str
    path: str
    sha256: str
    size_bytes: int
    phash: str | None = None
    width: int | None = None
    height: int | None = None
    exif_taken_at: int | None = None
    exif_latitude: float | None = None
    exif_longitude: float | None = None
    message_id: int | None = None
    had_exif: bool | None = None
    crop_hashes: bytes | None = None


@dataclass(frozen=True)
class TrackPoint:
    recorded_at: int
    latitude: float
    longitude: float
    accuracy_m: float | None = None
    distance_m: float | None = None


@dataclass(frozen=True)
class TrackedReport:
    """A stored live report as the track rules compare it with a new one: its household's
    registered point and its fixes (the report's position, then the live-location updates)."""

    visit_id: int
    household_id: int
    household_latitude: float | None
    household_longitude: float | None
    started_at: int
    fixes: tuple[TrackPoint, ...]


@dataclass(frozen=True)
class ProposedCoordinates:
    """A companion's position offered as a household's coordinates, for an admin to decide."""

    latitude: float
    longitude: float
    accuracy_m: float | None
    reason: str


@dataclass(frozen=True)
class NewVisit:
    """A complete visit report, written in one transaction with its flags, photos and track."""

    household_id: int
    companion_id: int
    region_code: str
    started_at: int
    reported_at: int
    latitude: float
    longitude: float
    accuracy_m: float | None
    live: bool
    verdict: Verdict
    distance_m: float | None = None
    live_period_s: int | None = None
    conditions: dict[str, str] | None = None
    note: str | None = None
    voice_note_path: str | None = None
    dwell_s: int | None = None
    max_distance_m: float | None = None
    chat_id: int | None = None
    location_message_id: int | None = None
    idempotency_key: str | None = None
    # Seconds between Telegram receiving the location and the bot handling it (e.g. after downtime).
    location_delay_s: int | None = None
    flags: tuple[VisitFlag, ...] = ()
    photos: tuple[NewPhoto, ...] = ()
    track: tuple[TrackPoint, ...] = ()
    # (id of an earlier visit, flag) for each earlier report this one casts doubt on (impossible
    # travel, one spot for several households); the flag's related visit becomes this one.
    flag_earlier: tuple[tuple[int, VisitFlag], ...] = ()
    proposal: ProposedCoordinates | None = None


@dataclass(frozen=True)
class Visit:
    id: int
    household_id: int
    companion_id: int
    region_code: str
    started_at: int
    reported_at: int
    latitude: float
    longitude: float
    accuracy_m: float | None
    live: bool
    distance_m: float | None
    verdict: Verdict
    conditions: dict[str, str]
    note: str | None
    flags: tuple[VisitFlag, ...]
    review_status: str | None


@dataclass(frozen=True)
class CoordinateProposal:
    id: int
    household_id: int
    proposed_by: int
    visit_id: int | None
    latitude: float
    longitude: float
    accuracy_m: float | None
    reason: str
    status: str
    created_at: int


class Audience(StrEnum):
    """Who a task is for (its households' companions always receive it too)."""

    SCOPE = "scope"  # every active companion in the creator's regions
    REGION = "region"  # the companions of one kabupaten/kota
    PEOPLE = "people"  # named companions
    HOUSEHOLDS = "households"  # the companions of the listed households


@dataclass(frozen=True)
class TaskAttachment:
    """A photo or a file (e.g. a circular letter as PDF) sent with a task, by Telegram file id."""

    kind: str  # "photo" or "document"
    file_id: str
    file_name: str | None = None


@dataclass(frozen=True)
class NewTask:
    """A task or announcement as its creator gives it, in the chat or on the dashboard."""

    text: str
    audience: Audience
    region_code: str | None = None  # Audience.REGION
    companion_ids: tuple[int, ...] = ()  # Audience.PEOPLE
    dtks_ids: tuple[str, ...] = ()  # its households; an announcement has none
    due: date | None = None  # the last day; the task is overdue after it
    urgent: bool = False  # delivered in quiet hours too
    attachment: TaskAttachment | None = None


@dataclass(frozen=True)
class Task:
    id: int
    created_by: int
    created_at: int
    text: str
    audience: Audience
    due_at: int | None  # end of the due day
    urgent: bool
    version: int
    changed: tuple[str, ...]  # what the last edit changed: "text", "due"
    status: str  # "open" or "withdrawn"
    attachment: TaskAttachment | None
    region_codes: tuple[str, ...]
    households: int

    @property
    def is_announcement(self) -> bool:
        """An announcement names no households: acknowledging it is all there is to do."""
        return self.households == 0

    @property
    def open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class TaskProgress:
    """Where a task stands: acknowledged x/y, households done x/y."""

    task: Task
    recipients: int
    acknowledged: int
    households: int
    done: int

    def overdue(self, now: int) -> bool:
        """Past its due day with something left to do."""
        due = self.task.due_at
        unfinished = self.done < self.households or self.acknowledged < self.recipients
        return due is not None and now > due and unfinished
