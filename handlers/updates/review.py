"""Reviewing companions' proposed changes: batched to the admins (and the region's coordinators
where `updates.coordinators_approve`) like the alerts of flagged reports, each with ✅ Setujui
and ❌ Tolak (`chg:a|r:<id>`); a rejection asks for the reason (the reviewer's next text
message, /batal drops it) and the companion is told the decision. A household reported not
found a second time is told to its coordinators (the admins where it has none).

The sends run in the alert job and can be called directly; each proposal (and each second
"not found") is a period in the dispatch log, so a crash tells nobody twice.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from telegram import Bot, ForceReply, InlineKeyboardMarkup, Update
from telegram.ext import Application, BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.decisions import field_updates as decisions
from bot.decisions.review import REASON_LIMIT, BadReason, NotReviewable
from bot.domain import Person, Role
from bot.rules.field_updates import field_label, value_text
from bot.rules.readable import chat_time, distance_text
from bot.services import Services
from bot.texts import t, t_plain
from handlers.plumbing import reason_prompts
from handlers.plumbing.access import for_roles
from handlers.plumbing.buttons import ID, button_id
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import answer_query
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import batches_that_fit, reply, send_text
from handlers.scheduled.broadcast import Compose, broadcaster_for
from handlers.updates import keyboards as kb
from storage.field_updates import FieldUpdate, NotFoundReport

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
UPDATE_JOB = "field_update"
NOTICE_JOB = "field_update_notice"
NOT_FOUND_JOB = "not_found"
BATCH_SIZE = 8
PROMPT = reason_prompts.PROPOSAL
# A household reported not found this many times (not rejected) is told to its coordinators.
NOT_FOUND_TIMES = 2


async def send_field_updates(app: AnyApplication) -> int:
    """Tell the reviewers of every new proposal, batched per person; returns how many were settled."""
    services: Services = app.bot_data["services"]
    updates = await services.field_updates.unnotified()
    if not updates:
        return 0
    admins = await services.recipients.active(Role.ADMIN)
    per_person: dict[int, tuple[Person, list[FieldUpdate]]] = {}
    recipients_of: dict[int, list[int]] = defaultdict(list)
    coordinators: dict[str, list[Person]] = {}
    for update in updates:
        reviewers = list(admins)
        if services.settings.updates.coordinators_approve:
            if update.region_code not in coordinators:
                coordinators[update.region_code] = await services.recipients.coordinators_of(update.region_code)
            reviewers += coordinators[update.region_code]
        for person in reviewers:
            per_person.setdefault(person.id, (person, []))[1].append(update)
            recipients_of[update.id].append(person.id)
    sender = broadcaster_for(app)
    for person, person_updates in per_person.values():
        for batch in update_batches(person_updates, person, services):
            keyed = {str(update.id): update for update in batch}
            await sender.deliver(UPDATE_JOB, list(keyed), person, _batch_compose(app.bot, keyed, person, services))
    await sender.report_blocked()
    settled = [
        update_id
        for update_id, people in recipients_of.items()
        if await services.dispatch.settled(UPDATE_JOB, [str(update_id)], people)
    ]
    await services.field_updates.mark_notified(settled, services.clock.now())
    return len(settled)


def update_batches(updates: list[FieldUpdate], reviewer: Person, services: Services) -> list[list[FieldUpdate]]:
    """The proposals in batches one review message holds."""
    header = t("upd.review.header", reviewer.language, count=BATCH_SIZE)
    return batches_that_fit(updates, lambda update: review_entry(update, reviewer, services), header, BATCH_SIZE)


def review_entry(update: FieldUpdate, reviewer: Person, services: Services) -> str:
    """One proposal as a reviewer reads it: the change, who proposed it when, and its evidence."""
    lang = reviewer.language
    if update.visit_id is None:
        evidence = t_plain("upd.review.evidence_none", lang)
    else:
        verdict = t_plain(f"report.verdict_name.{update.visit_verdict}", lang)
        distance = distance_text(update.visit_distance_m, lang)
        evidence = t_plain("upd.review.evidence_visit", lang, visit=update.visit_id, verdict=verdict, distance=distance)
    return t(
        "upd.review.entry",
        lang,
        id=update.id,
        household=update.head_name,
        dtks_id=update.dtks_id,
        desa=update.desa or "–",
        field=field_label(update.field, lang),
        value=_value(update, reviewer),
        companion=update.proposer_name,
        time=chat_time(update.created_at, services.settings.locale.tz),
        evidence=evidence,
    )


def _value(update: FieldUpdate, reader: Person) -> str:
    """The proposed value; a NIK or KK in it in full for admins only."""
    return value_text(update.field, update.value, reader.language, reveal=reader.role is Role.ADMIN)


def _batch_compose(bot: Bot, batch: dict[str, FieldUpdate], reviewer: Person, services: Services) -> Compose:
    lang = reviewer.language

    def compose(claimed: list[str]) -> list[Any]:
        updates = [batch[key] for key in claimed]
        text = "\n\n".join(
            [
                t("upd.review.header", lang, count=len(updates)),
                *(review_entry(update, reviewer, services) for update in updates),
            ]
        )
        markup = InlineKeyboardMarkup([kb.decide(update.id, lang) for update in updates])
        return [lambda chat_id: send_text(bot, chat_id, text, lang, reply_markup=markup)]

    return compose


# ── Deciding ──────────────────────────────────────────────────────────────


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def approve(update: Update, context: BotContext) -> None:
    """Approve the proposal: the register takes the change; the companion is told."""
    await answer_query(update, context)
    outcome = await decisions.approve_update(context.services, context.member, _update_id(update))
    if not isinstance(outcome, decisions.UpdateApproved):
        await _tell_not_decided(update, context, outcome)
        return
    proposal = outcome.update
    field_ = field_label(proposal.field, context.language)
    await confirm_reply(
        update, context, "upd.review.approved", id=proposal.id, field=field_, household=proposal.head_name
    )
    await _tell_companion(context, proposal, "upd.notice.approved")


@for_roles(Role.COORDINATOR, Role.ADMIN)
async def start_reject(update: Update, context: BotContext) -> None:
    """Ask the reviewer why the proposal is rejected."""
    await answer_query(update, context)
    outcome = await decisions.begin_update_rejection(context.services, context.member, _update_id(update))
    if not isinstance(outcome, decisions.UpdateRejectionAsked):
        await _tell_not_decided(update, context, outcome)
        return
    proposal, lang = outcome.update, context.language
    await reply(
        update,
        context,
        "upd.review.ask_reason",
        id=proposal.id,
        field=field_label(proposal.field, lang),
        value=_value(proposal, context.member),
        markup=ForceReply(input_field_placeholder=t_plain("review.reason_placeholder", lang)),
    )
    PROMPT.ask(context, proposal.id)


async def reject_with_reason(update: Update, context: BotContext) -> None:
    """Store the rejection with the reason in this message and tell the companion."""
    asked = await PROMPT.reason(update, context, context.services.settings.updates.idle_minutes * 60, REASON_LIMIT)
    if asked is None:
        return
    update_id, reason = asked
    person = context.person
    outcome = (
        await decisions.reject_update(context.services, person, update_id, reason)
        if person is not None
        else NotReviewable()
    )
    if isinstance(outcome, BadReason):
        await PROMPT.hint(update, context, update_id, outcome.limit)
        return
    PROMPT.answered(context)
    if isinstance(outcome, decisions.UpdateRejected):
        await confirm_reply(update, context, "upd.review.rejected", id=update_id)
        await _tell_companion(context, outcome.update, "upd.notice.rejected", reason=outcome.reason)
    else:
        await _tell_not_decided(update, context, outcome)


async def _tell_not_decided(
    update: Update, context: BotContext, outcome: decisions.UpdateDecided | NotReviewable
) -> None:
    """Why nothing was decided: decided before (by whom, how), replaced, or not the reviewer's."""
    if not isinstance(outcome, decisions.UpdateDecided):
        await reply(update, context, "upd.review.not_found")
        return
    proposal = outcome.update
    if proposal.status == "replaced":
        await reply(update, context, "upd.review.replaced", id=proposal.id, newer=proposal.replaced_by or "–")
        return
    status = t(f"upd.review.state.{proposal.status}", context.language)
    await reply(
        update, context, "upd.review.already", id=proposal.id, status=status, name=proposal.reviewer_name or "–"
    )


async def _tell_companion(context: BotContext, proposal: FieldUpdate, key: str, **values: str) -> None:
    """Tell the companion of the decision, once per proposal, through the broadcaster."""
    companion = await context.services.people.by_id(proposal.proposed_by)
    if companion is None or companion.telegram_user_id is None:
        return
    lang = companion.language
    text = t(
        key,
        lang,
        id=proposal.id,
        household=proposal.head_name,
        field=field_label(proposal.field, lang),
        value=_value(proposal, companion),
        **values,
    )
    await broadcaster_for(context.application).deliver(
        NOTICE_JOB,
        [str(proposal.id)],
        companion,
        lambda _: [lambda chat_id: send_text(context.bot, chat_id, text, lang)],
    )


def _update_id(update: Update) -> int:
    assert update.callback_query is not None
    return button_id(update.callback_query.data)


# ── Not found, again ──────────────────────────────────────────────────────


async def send_not_found_flags(app: AnyApplication) -> int:
    """Tell the coordinators of a household reported not found a second time (and each time
    after); returns how many reports were told."""
    services: Services = app.bot_data["services"]
    told = 0
    for report in await services.field_updates.uncounted_not_found():
        if report.reports >= NOT_FOUND_TIMES:
            recipients = await services.recipients.coordinators_of(report.region_code)
            recipients = recipients or await services.recipients.active(Role.ADMIN)
            result = await broadcaster_for(app).broadcast(
                NOT_FOUND_JOB,
                str(report.update_id),
                [(person, _not_found_compose(app.bot, report, person, services)) for person in recipients],
            )
            if not await services.dispatch.settled(NOT_FOUND_JOB, [str(report.update_id)], list(result.outcomes)):
                continue  # tried again at the next round
            told += 1
        await services.field_updates.mark_counted(report.update_id, services.clock.now())
    return told


def _not_found_compose(bot: Bot, report: NotFoundReport, person: Person, services: Services) -> Compose:
    lang, tz = person.language, services.settings.locale.tz
    text = t(
        "upd.not_found_again",
        lang,
        count=report.reports,
        household=report.head_name,
        dtks_id=report.dtks_id,
        desa=report.desa or "–",
        first=chat_time(report.first_at, tz),
        last=chat_time(report.created_at, tz),
        companion=report.proposer_name,
    )
    return lambda _: [lambda chat_id: send_text(bot, chat_id, text, lang)]


def review_handlers(app: AnyApplication) -> list[BaseHandler[Update, BotContext, Any]]:
    """The reviewers' handlers, in the order they must be registered."""
    return [
        # Commands do their own work and are never the reason (/batal drops the rejection).
        MessageHandler(PROMPT.waiting(app) & ~filters.COMMAND, reject_with_reason),
        CallbackQueryHandler(start_reject, pattern=rf"^{kb.REJECT}{ID}$"),
        CallbackQueryHandler(approve, pattern=rf"^{kb.APPROVE}{ID}$"),
    ]
