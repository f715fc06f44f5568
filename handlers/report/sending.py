"""The report's last step: Send stores the report through its decision
(`bot.decisions.report`), asking first whether it repeats the report of the same household made
just before; the companion's answer stores it as a new visit or adds its photos to the earlier
one. The receipt goes through the outbox, and a flagged report wakes the alert job; then the
companion is offered to report changes of the household (`handlers.updates`)."""

from __future__ import annotations

from telegram import Update

from bot.decisions.report import AskSameVisit, HouseholdGone, Merged, Stored, submit_report
from bot.decisions.report import merge_into_earlier as merge_report
from bot.rules.report import ReportDraft
from bot.texts import t
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import END, Next, answer_query
from handlers.plumbing.outbox import outbox_of
from handlers.plumbing.replies import reply
from handlers.report import keyboards as kb
from handlers.report.recovery import send_receipt
from handlers.report.session import CONFIRM, REPORT, send
from handlers.scheduled.jobs import alert_soon
from handlers.updates.conversation import offer_changes


@REPORT.step
async def send_report(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Store the report in one transaction (once, however often Send is pressed) and give a
    receipt; first ask whether it repeats a report of the same household stored just before."""
    return await _store(update, context, draft)


@REPORT.step
async def store_as_new_visit(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """The companion says this report is a new visit: store it."""
    draft.new_visit = True
    return await _store(update, context, draft)


async def _store(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    await answer_query(update, context)
    person = context.member
    assert draft.location is not None
    outcome = await submit_report(context.services, person, draft)
    if isinstance(outcome, AskSameVisit):
        draft.earlier_visit_id = outcome.earlier_visit_id
        await reply(
            update,
            context,
            "report.same_visit.ask",
            markup=kb.same_visit(person.language),
            number=outcome.earlier_visit_id,
            minutes=outcome.minutes_apart,
        )
        return CONFIRM
    if not isinstance(outcome, Stored):  # nothing stored
        await REPORT.abandon(context)
        gone = isinstance(outcome, HouseholdGone)  # else no companion any more (the step's guard tells it first)
        text = t("report.household_gone" if gone else "report.cancelled", person.language)
        await send(update, context, text, kb.main_menu(person.language))
        return END
    if outcome.wake_alerts:
        alert_soon(context.application)
    REPORT.forget(context)
    await send_receipt(context.application, draft.location.chat_id, outcome.visit_id, outcome.flags, person.language)
    if outcome.created:
        await offer_changes(update, context, outcome.visit_id, draft.household_id)
    return END


@REPORT.step
async def merge_into_earlier(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """The companion says this report repeats the earlier one: store no new report, add its new
    photos to the earlier one."""
    await answer_query(update, context)
    person = context.member
    assert draft.location is not None
    outcome = await merge_report(context.services, person, draft)
    if not isinstance(outcome, Merged):
        return CONFIRM
    await REPORT.abandon(context)  # deletes the files of photos the earlier report already had
    lang = person.language
    await outbox_of(context.application).confirm(
        f"same-visit:{draft.key}",
        draft.location.chat_id,
        t("report.same_visit.done", lang, number=outcome.visit_id, photos=outcome.photos_added),
        kb.main_menu(lang),
        lang=lang,
    )
    return END
