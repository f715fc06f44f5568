"""The office's scheduled jobs: weekly digests, reminders to companions, alerts of flagged reports
and coordinate proposals.

`schedule_jobs()` (called from `on_startup`) registers them on PTB's JobQueue in the configured
time zone; once the bot runs, `start_catching_up()` catches up in the background: a weekly
digest or a reminder round whose time passed while the bot was down is sent now, if it is
still within `schedules.catch_up_grace_days`. The
dispatch log makes every send happen at most once per recipient and period, whoever triggers it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from bot.domain import Person, Role
from bot.files.digest_files import chart_caption, digest_chart, digest_workbook
from bot.rules.digest import DAY_S, Digest, assemble, collect, render_message, scope_of
from bot.rules.followup import FollowupSection
from bot.rules.periods import Period, last_full_week
from bot.rules.reminders import reminder_text
from bot.schedule import QuietHours, Schedule, week_key
from bot.services import Services
from bot.texts import t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.rate_limits import scheduled
from handlers.plumbing.replies import send_captioned, send_text
from handlers.report import keyboards as report_keyboards
from handlers.review.alerts import send_alerts, send_proposals
from handlers.scheduled.broadcast import BroadcastReport, Compose, broadcaster_for
from handlers.scheduled.tasks import schedule_task_rounds, task_round
from handlers.updates.review import send_field_updates, send_not_found_flags
from storage.dispatch import DispatchStatus

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
WEEKLY_DIGEST = "weekly_digest"
REMINDERS = "reminders"


def local_now(services: Services) -> datetime:
    return datetime.fromtimestamp(services.clock.now(), services.settings.locale.tz)


log = logging.getLogger(__name__)
ALERTS_LOCK = "alerts_lock"


async def schedule_jobs(app: AnyApplication) -> None:
    """Put every job on the JobQueue (the catch-up runs once the bot runs: `start_catching_up`)."""
    services: Services = app.bot_data["services"]
    settings = services.settings
    tz = settings.locale.tz
    queue = app.job_queue
    assert queue is not None, "python-telegram-bot is installed with the job-queue extra"
    for job in (WEEKLY_DIGEST, REMINDERS):
        schedule = _schedule(services, job)
        queue.run_daily(_scheduled_job, schedule.at.replace(tzinfo=tz), days=schedule.ptb_days(), name=job, data=job)
    every = settings.schedules.alerts_every_s
    queue.run_repeating(_alerts_job, interval=every, first=every, name="alerts")
    schedule_task_rounds(app)


def start_catching_up(app: AnyApplication) -> None:
    """Send what was missed while the bot was down in the background of a running application:
    the first replies after a start do not wait for a reminder round."""
    app.create_task(catch_up_safely(app), name="catch-up")


async def catch_up_safely(app: AnyApplication) -> None:
    try:
        await catch_up(app)
    except Exception:
        # A failed catch-up must not stop the bot (the next scheduled run sends what is due).
        log.exception("catch-up failed")


async def catch_up(app: AnyApplication) -> None:
    """Send each job's latest period if its time passed at most the grace period ago (the dispatch
    log skips whoever already got it); a reminder a crash interrupted goes out once more (a digest
    does not: it goes exactly once), blocked recipients found before a crash are reported, and
    the task messages still due go out (`handlers.scheduled.tasks`)."""
    services: Services = app.bot_data["services"]
    await services.dispatch.resume_interrupted(REMINDERS)
    await broadcaster_for(app).report_blocked()
    now = local_now(services)
    grace = timedelta(days=services.settings.schedules.catch_up_grace_days)
    for job in (WEEKLY_DIGEST, REMINDERS):
        if now - _schedule(services, job).last_due(now) <= grace:
            await run_due(app, job)
    await task_round(app)


def _schedule(services: Services, job: str) -> Schedule:
    schedules = services.settings.schedules
    return Schedule.parse(schedules.weekly_digest if job == WEEKLY_DIGEST else schedules.reminders)


async def _scheduled_job(context: BotContext) -> None:
    """Run the scheduled job named in the job's data."""
    assert context.job is not None
    await run_due(context.application, str(context.job.data))


async def _alerts_job(context: BotContext) -> None:
    """Tell coordinators of new flagged reports, admins of new coordinate proposals, reviewers of
    new field updates and coordinators of households reported not found again."""
    # The repeating run and a run asked for by a new report must not batch the same reports twice.
    lock: asyncio.Lock = context.application.bot_data.setdefault(ALERTS_LOCK, asyncio.Lock())
    with scheduled():  # also when a report asked for it (`alert_soon`)
        async with lock:
            await send_alerts(context.application)
            await send_proposals(context.application)
            await send_field_updates(context.application)
            await send_not_found_flags(context.application)
            await retry_failed_sends(context.application)


async def retry_failed_sends(app: AnyApplication) -> None:
    """Send the latest digest or reminder round again to whom it failed to reach (a server error
    outlasting the retries); the dispatch log keeps everyone else from a second copy."""
    services: Services = app.bot_data["services"]
    now = local_now(services)
    for job in (WEEKLY_DIGEST, REMINDERS):
        key = _period_key(services, job, _schedule(services, job).last_due(now))
        if DispatchStatus.FAILED in (await services.dispatch.statuses(job, key)).values():
            await run_due(app, job)


def _period_key(services: Services, job: str, due: datetime) -> str:
    if job == WEEKLY_DIGEST:
        return week_key(last_full_week(due.date(), services.settings.locale.tz).first)
    return due.date().isoformat()


def alert_soon(app: AnyApplication) -> None:
    """Look for flagged reports and proposals now rather than at the next round."""
    assert app.job_queue is not None
    app.job_queue.run_once(_alerts_job, 0, name="alerts-now")


async def run_due(app: AnyApplication, job: str) -> BroadcastReport | None:
    """Send the latest period of `job` that is due now."""
    services: Services = app.bot_data["services"]
    due = _schedule(services, job).last_due(local_now(services))
    if job == WEEKLY_DIGEST:
        return await send_weekly_digests(app, due)
    return await send_reminders(app, due)


async def send_weekly_digests(app: AnyApplication, due: datetime) -> BroadcastReport:
    """Send every active coordinator the digest of the last full week before `due`."""
    services: Services = app.bot_data["services"]
    period = last_full_week(due.date(), services.settings.locale.tz)
    period_key = _period_key(services, WEEKLY_DIGEST, due)
    already = await services.dispatch.statuses(WEEKLY_DIGEST, period_key)
    digests: dict[tuple[str, ...], Digest] = {}
    deliveries: list[tuple[Person, Compose]] = []
    for coordinator in await services.recipients.active(Role.COORDINATOR):
        if coordinator.id in already and already[coordinator.id] is not DispatchStatus.FAILED:
            continue
        digest = await build_digest(services, coordinator, period, digests)
        if digest.scope.codes:
            compose = await digest_steps(digest, coordinator.language, app.bot, services.settings.locale.tz)
            deliveries.append((coordinator, compose))
    return await broadcaster_for(app).broadcast(WEEKLY_DIGEST, period_key, deliveries)


async def build_digest(
    services: Services, person: Person, period: Period, cache: dict[tuple[str, ...], Digest] | None = None
) -> Digest:
    """The digest of `period` for the regions `person` sees (computed once per scope)."""
    settings = services.settings
    names = await services.digests.region_names()
    scope = scope_of(person, [code for code in names if len(code) == 4])
    if cache is not None and scope.codes in cache:
        return cache[scope.codes]
    rows = await collect(
        services.digests,
        scope,
        period,
        period.previous(settings.locale.tz),
        overdue_days=settings.reminders.overdue_days,
        longest=settings.digest.longest_unvisited,
    )
    visits = settings.followup.consecutive_visits
    followups = tuple(await services.followups.open_in(scope.codes, visits))
    rows = replace(rows, followup=FollowupSection(visits, settings.followup.listed, followups))
    digest = assemble(rows, period, scope, names, longest=settings.digest.longest_unvisited)
    tasks = await services.tasks.open_tasks(None if scope.province else scope.codes)
    progress = tuple([await services.tasks.progress(task) for task in tasks])
    digest = replace(digest, tasks=progress, made_at=services.clock.now())
    if cache is not None:
        cache[scope.codes] = digest
    return digest


async def digest_steps(digest: Digest, lang: str, bot: Bot, tz: ZoneInfo) -> Compose:
    """The digest as three messages: the short text, the workbook, the chart (the files are drawn
    in a worker thread, so updates keep flowing meanwhile)."""
    text = render_message(digest, lang, tz)
    workbook = await asyncio.to_thread(digest_workbook, digest, lang, tz)
    chart = await asyncio.to_thread(digest_chart, digest, lang)
    name = t_plain("digest.file_name", lang, first=f"{digest.period.first:%Y%m%d}", last=f"{digest.period.last:%Y%m%d}")
    caption = chart_caption(digest, lang)
    return lambda _: [
        lambda chat_id: send_text(bot, chat_id, text, lang),
        lambda chat_id: bot.send_document(chat_id, workbook, filename=f"{name}.xlsx"),
        lambda chat_id: send_captioned(
            bot, chat_id, caption, lang, lambda shown: bot.send_photo(chat_id, chart, caption=shown)
        ),
    ]


async def send_reminders(app: AnyApplication, due: datetime) -> BroadcastReport | None:
    """Tell each active companion which of their households open tasks wait for, which are
    overdue and which need follow-up (nothing if none do). In quiet hours the round waits for
    their end."""
    services: Services = app.bot_data["services"]
    settings = services.settings.reminders
    now = local_now(services)
    quiet = QuietHours.parse(settings.quiet_hours) if settings.quiet_hours else None
    if quiet is not None and quiet.contains(now):
        assert app.job_queue is not None
        name = f"{REMINDERS}-after-quiet-hours"
        if not app.job_queue.get_jobs_by_name(name):
            app.job_queue.run_once(_scheduled_job, when=quiet.end_after(now), name=name, data=REMINDERS)
        return None
    period_key = _period_key(services, REMINDERS, due)
    already = await services.dispatch.statuses(REMINDERS, period_key)
    cutoff = services.clock.now() - settings.overdue_days * DAY_S
    tasks = await services.tasks.households_to_visit()
    deliveries: list[tuple[Person, Compose]] = []
    for companion in await services.recipients.active(Role.COMPANION):
        if companion.id in already and already[companion.id] is not DispatchStatus.FAILED:
            continue
        overdue = await services.reminders.overdue(companion.id, cutoff, settings.max_listed)
        waiting = tasks.get(companion.id, [])
        followups = await services.followups.of_companion(companion.id, services.settings.followup.consecutive_visits)
        if overdue.total or waiting or followups:
            lang, tz, followup_listed = (
                companion.language,
                services.settings.locale.tz,
                services.settings.followup.listed,
            )
            text = reminder_text(
                overdue, lang, services.clock.now(), tz, waiting, settings.max_listed, followups, followup_listed
            )
            deliveries.append((companion, _reminder_steps(app, text, companion.language)))
    return await broadcaster_for(app).broadcast(REMINDERS, period_key, deliveries)


def _reminder_steps(app: AnyApplication, text: str, lang: str) -> Compose:
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t_plain("reminder.button", lang), callback_data=report_keyboards.START)]]
    )
    return lambda _: [lambda chat_id: send_text(app.bot, chat_id, text, lang, reply_markup=markup)]
