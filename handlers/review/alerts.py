"""Alerts: flagged visit reports to the coordinators of their region (batched, with review
buttons) and coordinate proposals to the admins (with accept/reject buttons).

Both run every `schedules.alerts_every_s` seconds and can be called directly. Each visit and
each proposal is a period in the dispatch log, so a crash never alerts anyone twice; a visit is
marked alerted once every recipient got it (or can no longer get it).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from bot.domain import Person, Role
from bot.rules.readable import chat_time, distance_text
from bot.rules.report import quiet_flags
from bot.rules.wording import companion_note, visit_flags_text
from bot.services import Services
from bot.texts import t, t_plain
from handlers.plumbing.replies import batches_that_fit, send_text
from handlers.review.callbacks import (
    ACCEPT,
    ACCEPT_PROPOSAL,
    LOCATION,
    PHOTOS,
    REJECT,
    REJECT_PROPOSAL,
    REVISIT,
    VOICE,
)
from handlers.scheduled.broadcast import Compose, broadcaster_for
from storage.reviews import FlaggedVisit, ProposalNotice

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
ALERT_JOB = "alert"
PROPOSAL_JOB = "proposal"
BATCH_SIZE = 8
# Flagged reports older than this are not alerted any more (the alert query stays cheap).
LOOKBACK_S = 7 * 24 * 3600


async def send_alerts(app: AnyApplication) -> int:
    """Alert the coordinators of every new flagged report; returns how many visits were settled."""
    services: Services = app.bot_data["services"]
    now = services.clock.now()
    visits = await services.reviews.unalerted_flagged(now - LOOKBACK_S, quiet_flags(services.settings.verification))
    if not visits:
        return 0
    admins = await services.recipients.active(Role.ADMIN)
    per_person: dict[int, tuple[Person, list[FlaggedVisit]]] = {}
    recipients_of: dict[int, list[int]] = defaultdict(list)
    coordinators: dict[str, list[Person]] = {}
    for visit in visits:
        if visit.region_code not in coordinators:
            coordinators[visit.region_code] = await services.recipients.coordinators_of(visit.region_code)
        # A region without a coordinator still has someone who looks: the admins.
        for person in coordinators[visit.region_code] or admins:
            per_person.setdefault(person.id, (person, []))[1].append(visit)
            recipients_of[visit.visit_id].append(person.id)
    sender = broadcaster_for(app)
    tz = services.settings.locale.tz
    for person, person_visits in per_person.values():
        for batch_visits in alert_batches(person_visits, person.language, tz):
            batch = {str(v.visit_id): v for v in batch_visits}
            await sender.deliver(
                ALERT_JOB, list(batch), person, _alert_compose(app.bot, batch, person.language, services)
            )
    await sender.report_blocked()
    settled = [
        visit_id
        for visit_id, people in recipients_of.items()
        if await services.dispatch.settled(ALERT_JOB, [str(visit_id)], people)
    ]
    await services.reviews.mark_alerted(settled, now)
    return len(settled)


def alert_batches(visits: list[FlaggedVisit], lang: str, tz: ZoneInfo) -> list[list[FlaggedVisit]]:
    """The reports in batches one alert message holds (long notes make smaller batches)."""
    header = t("alert.header", lang, count=BATCH_SIZE)
    return batches_that_fit(visits, lambda visit: alert_entry(visit, lang, tz), header, BATCH_SIZE)


def _alert_compose(bot: Bot, batch: dict[str, FlaggedVisit], lang: str, services: Services) -> Compose:
    tz = services.settings.locale.tz

    def compose(claimed: list[str]) -> list[Any]:
        visits = [batch[key] for key in claimed]
        text = "\n\n".join(
            [t("alert.header", lang, count=len(visits)), *(alert_entry(visit, lang, tz) for visit in visits)]
        )
        markup = InlineKeyboardMarkup([row for visit in visits for row in review_keyboard(visit, lang)])
        return [lambda chat_id: send_text(bot, chat_id, text, lang, reply_markup=markup)]

    return compose


def alert_entry(visit: FlaggedVisit, lang: str, tz: ZoneInfo) -> str:
    """One flagged report as the coordinator reads it."""
    reasons = visit_flags_text(visit.flags, visit.visit_id, lang)
    distance = distance_text(visit.distance_m, lang)
    return t(
        "alert.entry",
        lang,
        id=visit.visit_id,
        household=visit.head_name,
        desa=visit.desa or "–",
        companion=visit.companion_name,
        time=chat_time(visit.visited_at, tz),
        verdict=t(f"report.verdict_name.{visit.verdict}", lang),
        distance=distance,
        photos=visit.photo_count,
        reasons=reasons,
        note=companion_note(visit, lang),
    )


def review_keyboard(visit: FlaggedVisit, lang: str) -> list[list[InlineKeyboardButton]]:
    """Two rows per visit: look (photos, location, voice note), then decide (accept, reject, revisit)."""
    vid = visit.visit_id
    look = [
        InlineKeyboardButton(t_plain("alert.button.photos", lang, id=vid), callback_data=f"{PHOTOS}{vid}"),
        InlineKeyboardButton(t_plain("alert.button.location", lang, id=vid), callback_data=f"{LOCATION}{vid}"),
    ]
    if visit.voice_note_path:
        look.append(InlineKeyboardButton(t_plain("alert.button.voice", lang, id=vid), callback_data=f"{VOICE}{vid}"))
    return [
        look,
        [
            InlineKeyboardButton(t_plain("alert.button.accept", lang), callback_data=f"{ACCEPT}{vid}"),
            InlineKeyboardButton(t_plain("alert.button.reject", lang), callback_data=f"{REJECT}{vid}"),
            InlineKeyboardButton(t_plain("alert.button.revisit", lang), callback_data=f"{REVISIT}{vid}"),
        ],
    ]


async def send_proposals(app: AnyApplication) -> int:
    """Show every admin the coordinate proposals they have not seen; returns how many were settled."""
    services: Services = app.bot_data["services"]
    proposals = await services.reviews.unnotified_proposals()
    if not proposals:
        return 0
    admins = await services.recipients.active(Role.ADMIN)
    sender = broadcaster_for(app)
    settled = 0
    for proposal in proposals:
        report = await sender.broadcast(
            PROPOSAL_JOB,
            str(proposal.proposal_id),
            [(admin, _proposal_compose(app.bot, proposal, admin.language)) for admin in admins],
        )
        if admins and await services.dispatch.settled(PROPOSAL_JOB, [str(proposal.proposal_id)], list(report.outcomes)):
            await services.reviews.mark_proposal_notified(proposal.proposal_id, services.clock.now())
            settled += 1
    return settled


def _proposal_compose(bot: Bot, proposal: ProposalNotice, lang: str) -> Compose:
    current = (
        "–"
        if proposal.current_latitude is None
        else f"{proposal.current_latitude:.6f}, {proposal.current_longitude:.6f}"
    )
    accuracy = "–" if proposal.accuracy_m is None else distance_text(proposal.accuracy_m, lang)
    text = t(
        "proposal.notice",
        lang,
        household=proposal.head_name,
        dtks=proposal.dtks_id,
        companion=proposal.proposer_name,
        reason=t(f"proposal.reason.{proposal.reason}", lang),
        proposed=f"{proposal.latitude:.6f}, {proposal.longitude:.6f}",
        accuracy=accuracy,
        current=current,
    )
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t_plain("proposal.button.accept", lang), callback_data=f"{ACCEPT_PROPOSAL}{proposal.proposal_id}"
                ),
                InlineKeyboardButton(
                    t_plain("proposal.button.reject", lang), callback_data=f"{REJECT_PROPOSAL}{proposal.proposal_id}"
                ),
            ]
        ]
    )
    return lambda _: [
        lambda chat_id: send_text(bot, chat_id, text, lang, reply_markup=markup),
        lambda chat_id: bot.send_location(chat_id, proposal.latitude, proposal.longitude),
    ]
