"""The visit report being written, and the rules that turn it into a stored visit.

Location evidence, strongest first (README "Evidence" says the same for readers):
- a live location (`live_period` set): the device keeps sending fixes while the companion is
  there, so the report gets a track and a dwell time. Counts as verified evidence.
- a static location (no `live_period`): one point. What the bot's own `request_location`
  button sends, what the attach menu's "send my current location" sends and a pin dragged by
  hand on the map all arrive as the same `Location` (with or without `horizontal_accuracy`),
  so a static point can never be told from a hand-picked one. It is therefore the weakest
  kind, and flagged `static` unless something else supports it: a live location shared later
  in the same report replaces it, or a photo sent as a file whose EXIF says it was taken at
  that point during the visit supports it (`static_supported`).
Forwarded locations, venues, stale and imprecise fixes are refused before any of this.

The draft lives in `user_data` between steps (so it survives restarts) as JSON text:
`ReportDraft.to_json()` / `ReportDraft.from_json()`. Text, not nested dicts, because PTB
deep-copies user data after every update and the draft is most of it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from bot.config import ReportConfig, VerificationConfig
from bot.domain import (
    Household,
    NewPhoto,
    NewVisit,
    ProposedCoordinates,
    TrackedReport,
    TrackPoint,
    Verdict,
    Visit,
    VisitFlag,
)
from bot.rules.track import frozen_seconds, jump, one_spot, replayed_from, still
from bot.rules.travel import Fix, dwell_seconds, farthest_m, implied_speed_kmh, is_impossible_travel
from bot.rules.verdict import distance_m, judge

CONDITION_MARKS = ("checked", "problem", "not_applicable")


@dataclass
class SharedLocation:
    latitude: float
    longitude: float
    accuracy_m: float | None
    live_period_s: int | None
    sent_at: int
    chat_id: int
    message_id: int
    # How late the bot handled the location (e.g. after downtime): recorded, never held against it.
    delay_s: int = 0

    @property
    def live(self) -> bool:
        return bool(self.live_period_s)

    def running_at(self, at: int) -> bool:
        """Whether a live location shared here still runs at `at`."""
        return self.live and at <= self.sent_at + int(self.live_period_s or 0)


@dataclass
class DraftPhoto:
    file_id: str
    file_unique_id: str
    path: str
    sha256: str
    size_bytes: int
    phash: str
    width: int
    height: int
    message_id: int
    exif_taken_at: int | None = None
    exif_latitude: float | None = None
    exif_longitude: float | None = None
    reused_visit_id: int | None = None
    reuse_reason: str | None = None
    had_exif: bool = False
    crop_hashes: str = ""  # hex: the draft is JSON


@dataclass
class ReportDraft:
    key: str  # idempotency key of the report
    active_at: int  # last step taken, for the idle limit
    # Telegram's date of the message that started the report (None: unknown, e.g. an old button).
    started_at: int | None = None
    location: SharedLocation | None = None
    household_id: int | None = None
    propose_coordinates: bool = False
    photos: list[DraftPhoto] = field(default_factory=list)
    conditions: dict[str, str] = field(default_factory=dict)
    note: str | None = None
    voice_note_path: str | None = None
    track: list[list[float | None]] = field(default_factory=list)  # [at, lat, lon, accuracy]
    query: str | None = None
    page: int = 0
    # A stored report this one may repeat (asked at Send), and the companion's answer "a new visit".
    earlier_visit_id: int | None = None
    new_visit: bool = False

    def files(self) -> list[str]:
        """The files the draft saved under the photo folder: its photos and voice note."""
        return [photo.path for photo in self.photos] + ([self.voice_note_path] if self.voice_note_path else [])

    def to_json(self) -> str:
        # `vars` rather than `dataclasses.asdict`, whose deep copy costs more than the encoding.
        values = dict(vars(self))
        values["location"] = vars(self.location) if self.location is not None else None
        values["photos"] = [vars(photo) for photo in self.photos]
        return json.dumps(values, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | dict[str, Any]) -> ReportDraft:
        # Drafts saved by earlier versions are dicts, not text.
        values = json.loads(text) if isinstance(text, str) else dict(text)
        if values.get("location") is not None:
            values["location"] = SharedLocation(**values["location"])
        values["photos"] = [DraftPhoto(**photo) for photo in values.get("photos", [])]
        return cls(**values)


def shared_before_start(sent_at: int, started_at: int | None, verification: VerificationConfig) -> int | None:
    """How long before its report began a location was shared, if longer than
    `max_location_age_s` (such a location shows an earlier moment, not this visit). Both times
    are Telegram's dates: how late the bot handles them (after downtime) does not count."""
    if started_at is None or started_at - sent_at <= verification.max_location_age_s:
        return None
    return started_at - sent_at


def location_evidence(draft: ReportDraft, verification: VerificationConfig) -> str:
    """How the report's position is proven: "live", "static_supported" or "static" (see above)."""
    location = draft.location
    assert location is not None
    if location.live:
        return "live"
    if any(_photo_places_point(photo, location, verification) for photo in draft.photos):
        return "static_supported"
    return "static"


def _photo_places_point(photo: DraftPhoto, location: SharedLocation, verification: VerificationConfig) -> bool:
    """A photo whose EXIF puts it at the shared point (within the radius) during the visit."""
    if photo.exif_latitude is None or photo.exif_longitude is None or photo.exif_taken_at is None:
        return False
    away = distance_m(photo.exif_latitude, photo.exif_longitude, location.latitude, location.longitude)
    skew = abs(photo.exif_taken_at - location.sent_at)
    return away <= verification.radius_m and skew <= verification.exif_max_skew_s


def position_verdict(
    fix: TrackPoint, household: Household, verification: VerificationConfig
) -> tuple[float | None, Verdict]:
    """Distance of one fix from the household (None without coordinates) and its verdict."""
    distance = None
    if household.latitude is not None and household.longitude is not None:
        distance = distance_m(fix.latitude, fix.longitude, household.latitude, household.longitude)
    return distance, judge(
        distance, fix.accuracy_m, radius_m=verification.radius_m, accuracy_cap_m=verification.accuracy_cap_m
    )


def fixes_of(draft: ReportDraft) -> tuple[TrackPoint, ...]:
    """Every fix of the draft's location: the location as shared, then its live updates."""
    location = draft.location
    assert location is not None
    shared = TrackPoint(location.sent_at, location.latitude, location.longitude, location.accuracy_m)
    updates = []
    for at, latitude, longitude, accuracy in draft.track:
        assert at is not None and latitude is not None and longitude is not None
        updates.append(TrackPoint(int(at), latitude, longitude, accuracy))
    return (shared, *updates)


def report_position(
    draft: ReportDraft, household: Household, verification: VerificationConfig
) -> tuple[TrackPoint, float | None, Verdict]:
    """The report's position, its distance and its verdict: the location as shared, unless it is
    not verified and a fix of its live track is (its accuracy circle within the radius: a weak
    first fix under a roof, or one shared on the way, does not outweigh a good one at the
    house). The tightest such fix is taken."""
    shared, *updates = fixes_of(draft)
    distance, verdict = position_verdict(shared, household, verification)
    if verdict in (Verdict.VERIFIED, Verdict.NO_REFERENCE):
        return shared, distance, verdict
    verifying = []
    for fix in updates:
        away, judged = position_verdict(fix, household, verification)
        if judged is Verdict.VERIFIED and away is not None:
            verifying.append((away + min(fix.accuracy_m or 0.0, verification.accuracy_cap_m), away, fix))
    if not verifying:
        return shared, distance, verdict
    _, away, fix = min(verifying, key=lambda found: (found[0], found[2].recorded_at))
    return fix, away, Verdict.VERIFIED


def history_start(draft: ReportDraft, verification: VerificationConfig) -> int:
    """From when the companion's earlier live reports matter to this one's track flags."""
    assert draft.location is not None
    reach_s = max(verification.replay_window_days * 86400, verification.spot_window_minutes * 60)
    return draft.location.sent_at - reach_s


def track_flags(
    household: Household,
    fixes: Sequence[TrackPoint],
    earlier: Sequence[TrackedReport],
    verification: VerificationConfig,
) -> tuple[list[VisitFlag], list[tuple[int, VisitFlag]]]:
    """What a live track shows (`bot.rules.track`): this report's flags, and the flags it casts
    on the companion's `earlier` live reports (each naming this one once stored)."""
    own: list[VisitFlag] = []
    leap = jump(fixes, verification)
    if leap is not None:
        own.append(VisitFlag("track_jump", leap.detail))
    frozen = frozen_seconds(fixes, verification)
    if frozen is not None:
        own.append(VisitFlag("frozen_track", f"{frozen // 60} min"))
    replayed = replayed_from(fixes, earlier, verification)
    if replayed is not None:
        own.append(VisitFlag("replayed_track", None, replayed))
    cast: list[tuple[int, VisitFlag]] = []
    together = (
        ("one_spot", one_spot((household.latitude, household.longitude), fixes, earlier, verification)),
        ("still_track", still((household.id, household.latitude, household.longitude), fixes, earlier, verification)),
    )
    for flag, others in together:
        own += [VisitFlag(flag, None, other) for other in others]
        cast += [(other, VisitFlag(flag)) for other in others]
    return own, cast


def quiet_flags(verification: VerificationConfig) -> tuple[str, ...]:
    """Flags that alone alert nobody: they wait for the digest."""
    return () if verification.alert_uncertain else (Verdict.UNCERTAIN.value,)


def photo_warnings(photo: DraftPhoto, location: SharedLocation, verification: VerificationConfig) -> list[VisitFlag]:
    """What is wrong with one photo: reused, taken at another time or place than the visit."""
    warnings = []
    if photo.reused_visit_id is not None:
        warnings.append(VisitFlag("reused_photo", photo.reuse_reason, photo.reused_visit_id))
    if photo.exif_taken_at is not None:
        skew = abs(photo.exif_taken_at - location.sent_at)
        if skew > verification.exif_max_skew_s:
            warnings.append(VisitFlag("exif_time_skew", f"{skew // 60} min"))
    if photo.exif_latitude is not None and photo.exif_longitude is not None:
        away = distance_m(photo.exif_latitude, photo.exif_longitude, location.latitude, location.longitude)
        if away > verification.exif_max_distance_m:
            warnings.append(VisitFlag("exif_far", f"{away:.0f} m"))
    return warnings


def travel_flag(location: SharedLocation, previous: Visit | None, verification: VerificationConfig) -> VisitFlag | None:
    """An impossible-travel flag against the companion's previous report, if the jump is too fast."""
    if previous is None:
        return None
    away = distance_m(previous.latitude, previous.longitude, location.latitude, location.longitude)
    seconds = location.sent_at - previous.started_at
    if not is_impossible_travel(away, seconds, verification.max_speed_kmh):
        return None
    return VisitFlag("impossible_travel", f"{implied_speed_kmh(away, seconds):.0f} km/h", previous.id)


def compose_visit(
    draft: ReportDraft,
    household: Household,
    *,
    companion_id: int,
    now: int,
    previous: Visit | None,
    earlier: Sequence[TrackedReport] = (),
    verification: VerificationConfig,
) -> NewVisit:
    """The visit to store from a finished draft, with every flag it deserves; `earlier` are the
    companion's live reports since `history_start` (their tracks are compared with this one's)."""
    location = draft.location
    assert location is not None, "a draft reaches the end only with a location"
    position, distance, verdict = report_position(draft, household, verification)
    flags: dict[str, VisitFlag] = {}
    if verdict is not Verdict.VERIFIED:
        flags[verdict.value] = VisitFlag(verdict.value, None if distance is None else f"{distance:.0f} m")
    if location_evidence(draft, verification) == "static":
        flags["static"] = VisitFlag("static")
    travel = travel_flag(location, previous, verification)
    if travel is not None:
        flags[travel.flag] = travel
    proposal = None
    if draft.propose_coordinates and household.latitude is None:
        proposal = ProposedCoordinates(location.latitude, location.longitude, location.accuracy_m, "no_reference")
    for photo in draft.photos:
        for warning in photo_warnings(photo, location, verification):
            flags.setdefault(warning.flag, warning)
    fixes = fixes_of(draft)
    cast: list[tuple[int, VisitFlag]] = []
    track_findings: list[VisitFlag] = []
    if location.live:
        track_findings, cast = track_flags(household, fixes, earlier, verification)
    # The earlier report of an impossible jump is as doubtful as this one.
    if travel is not None and previous is not None:
        cast.append((previous.id, VisitFlag(travel.flag, travel.detail)))
    track = _track(fixes[1:], household)
    dwell = farthest = None
    if location.live and household.latitude is not None and household.longitude is not None:
        measured = [Fix(fix.recorded_at, _away(fix, household)) for fix in fixes]
        dwell, farthest = dwell_seconds(measured, verification.radius_m), farthest_m(measured)
    return NewVisit(
        household_id=household.id,
        companion_id=companion_id,
        region_code=household.region_code,
        started_at=location.sent_at,
        reported_at=now,
        latitude=position.latitude,
        longitude=position.longitude,
        accuracy_m=position.accuracy_m,
        live=location.live,
        verdict=verdict,
        distance_m=distance,
        live_period_s=location.live_period_s,
        conditions=dict(draft.conditions),
        note=draft.note,
        voice_note_path=draft.voice_note_path,
        dwell_s=dwell,
        max_distance_m=farthest,
        chat_id=location.chat_id,
        location_message_id=location.message_id,
        idempotency_key=draft.key,
        location_delay_s=location.delay_s,
        flags=(*flags.values(), *track_findings),
        photos=tuple(new_photo(photo) for photo in draft.photos),
        track=track,
        flag_earlier=tuple(cast),
        proposal=proposal,
    )


def _away(fix: TrackPoint, household: Household) -> float:
    assert household.latitude is not None and household.longitude is not None
    return distance_m(fix.latitude, fix.longitude, household.latitude, household.longitude)


def _track(updates: Sequence[TrackPoint], household: Household) -> tuple[TrackPoint, ...]:
    """The live updates as stored, each with its distance from the household."""
    located = household.latitude is not None and household.longitude is not None
    return tuple(
        TrackPoint(
            fix.recorded_at, fix.latitude, fix.longitude, fix.accuracy_m, _away(fix, household) if located else None
        )
        for fix in updates
    )


def new_photo(photo: DraftPhoto) -> NewPhoto:
    """What storage keeps of a draft's photo (a reuse finding becomes a flag of the visit)."""
    kept = {column.name: getattr(photo, column.name) for column in fields(NewPhoto)}
    kept["crop_hashes"] = bytes.fromhex(photo.crop_hashes) if photo.crop_hashes else None  # hex in the JSON draft
    return NewPhoto(**kept)


def conditions_complete(conditions: dict[str, str], report: ReportConfig) -> bool:
    """Every configured condition has a mark."""
    return all(conditions.get(key) in CONDITION_MARKS for key in report.conditions)


def next_mark(current: str | None) -> str:
    """The mark a condition gets when its button is pressed: they cycle."""
    if current not in CONDITION_MARKS:
        return CONDITION_MARKS[0]
    return CONDITION_MARKS[(CONDITION_MARKS.index(current) + 1) % len(CONDITION_MARKS)]
