"""Live-location updates (edited messages) recorded as the track of a visit: against the
draft while the report is written, against the stored visit after it was sent, for as long
as the live period runs. Anything else is ignored without a word."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.report import ReportDraft
from bot.travel import Fix, dwell_seconds, farthest_m
from bot.verdict import distance_m
from handlers.report_session import DRAFT
from storage.models import Role, TrackPoint


async def record_live_location(update: Update, context: BotContext) -> None:
    """Add a live-location update to the report draft or to the visit it started."""
    message = update.edited_message
    person = await context.person(update)
    if message is None or message.location is None or person is None or person.role is not Role.COMPANION:
        return
    location = message.location
    at = int((message.edit_date or message.date).timestamp())
    data = context.user_data.get(DRAFT) if context.user_data is not None else None
    if data is not None and context.user_data is not None:
        draft = ReportDraft.from_json(data)
        shared = draft.location
        if shared is not None and (shared.chat_id, shared.message_id) == (message.chat_id, message.message_id):
            if shared.running_at(at):
                draft.track.append([at, location.latitude, location.longitude, location.horizontal_accuracy])
                context.user_data[DRAFT] = draft.to_json()
            return
    live_tracks = context.services.live_tracks
    visit = await live_tracks.visit_of_message(message.chat_id, message.message_id)
    if visit is None or at > visit.started_at + visit.live_period_s:
        return
    if visit.household_latitude is None or visit.household_longitude is None:
        await live_tracks.record(visit.id, TrackPoint(at, location.latitude, location.longitude,
                                                      location.horizontal_accuracy), dwell_s=None, max_distance_m=None)
        return
    home = (visit.household_latitude, visit.household_longitude)
    distance = distance_m(location.latitude, location.longitude, *home)
    fixes = [Fix(visit.started_at, distance_m(visit.latitude, visit.longitude, *home))]
    fixes += [Fix(p.recorded_at, p.distance_m) for p in await live_tracks.track(visit.id) if p.distance_m is not None]
    fixes.append(Fix(at, distance))
    radius = context.services.settings.verification.radius_m
    await live_tracks.record(
        visit.id, TrackPoint(at, location.latitude, location.longitude, location.horizontal_accuracy, distance),
        dwell_s=dwell_seconds(fixes, radius), max_distance_m=farthest_m(fixes),
    )
