"""The report's location step: what a shared location must be to count as the visit's
evidence (not forwarded, not a venue, inside the province's reach, not older than the report,
precise enough, live when required), and a live location shared at a later step replacing a
static point (the report then counts as live)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Location, Message, Update

from bot.rules.coordinates import visit_position_problem
from bot.rules.report import ReportDraft, SharedLocation, shared_before_start
from bot.texts import t
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import Next
from handlers.plumbing.replies import reply
from handlers.report.prompts import STEP_HINTS, list_households
from handlers.report.session import HOUSEHOLD, LOCATION, REPORT


@REPORT.step
async def receive_location(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Check the shared location, keep it and list the nearest households."""
    message = update.effective_message
    assert message is not None and message.location is not None
    refusal = _location_refusal(message, draft, context)
    if refusal is not None:
        return await _refuse_location(update, context, refusal, LOCATION if draft.location is None else HOUSEHOLD)
    draft.location = _shared(message, context.services.clock.now())
    draft.track, draft.query, draft.page = [], None, 0
    # What was received and the households to choose from, in one message (one call, one turn of the chat's limit).
    received = t("report.location.live" if draft.location.live else "report.location.static", context.language)
    return await list_households(update, context, draft, lead=received)


def _shared(message: Message, now: int) -> SharedLocation:
    location = message.location
    assert location is not None
    return SharedLocation(
        latitude=location.latitude,
        longitude=location.longitude,
        accuracy_m=location.horizontal_accuracy,
        live_period_s=live_period_s(location),
        sent_at=int(message.date.timestamp()),
        chat_id=message.chat_id,
        message_id=message.message_id,
        delay_s=max(0, now - int(message.date.timestamp())),
    )


def upgrade_location(state: str) -> Callable[[Update, BotContext], Coroutine[Any, Any, Next]]:
    """A location sent after the household was chosen: a live one replaces a static point (the
    report then counts as live), anything else is explained; the step stays where it was."""

    @REPORT.step
    async def take_live_location(update: Update, context: BotContext, draft: ReportDraft) -> Next:
        """Make a live location shared mid-report the report's evidence."""
        message = update.effective_message
        assert message is not None and message.location is not None and draft.location is not None
        refusal = _location_refusal(message, draft, context)
        if refusal is not None:
            return await _refuse_location(update, context, refusal, state)
        if draft.location.live or not live_period_s(message.location):
            await reply(update, context, "report.location.kept")
        else:
            draft.location, draft.track = _shared(message, context.services.clock.now()), []
            await reply(update, context, "report.location.upgraded")
        return state

    return take_live_location


def live_period_s(location: Location) -> int | None:
    """The live period in seconds (read raw: PTB 22 warns that the attribute will change type)."""
    value = location.to_dict().get("live_period")
    return int(value) if value else None


async def _refuse_location(update: Update, context: BotContext, refusal: tuple[str, dict[str, Any]], state: str) -> str:
    """Say why the location cannot be used; after the location step, also what this step waits for."""
    key, values = refusal
    await reply(update, context, key, **values)
    if state != LOCATION:
        await reply(update, context, STEP_HINTS[state])
    return state


def _location_refusal(message: Message, draft: ReportDraft, context: BotContext) -> tuple[str, dict[str, Any]] | None:
    settings = context.services.settings
    verification = settings.verification
    location = message.location
    assert location is not None
    if message.forward_origin is not None:
        return "report.refused.forwarded", {}
    if message.venue is not None:
        return "report.refused.venue", {}
    # No household of the province can be verified from there: refused rather than flagged later.
    reach_m = verification.radius_m + verification.max_accuracy_m
    problem = visit_position_problem(location.latitude, location.longitude, settings.province.box, reach_m)
    if problem is not None:
        return f"report.refused.{problem.value}", {}
    # Judged at the message's own date: a location the bot handles late (it was down) is not stale.
    before = shared_before_start(int(message.date.timestamp()), draft.started_at, verification)
    if before is not None:
        return "report.refused.stale", {"minutes": before // 60}
    accuracy = location.horizontal_accuracy
    if accuracy is not None and accuracy > verification.max_accuracy_m:
        return "report.refused.accuracy", {"accuracy": f"{accuracy:.0f}", "limit": f"{verification.max_accuracy_m:.0f}"}
    if verification.require_live_location and not live_period_s(location):
        return "report.refused.static", {}
    return None
