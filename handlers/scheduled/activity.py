"""Every `logging.activity_every_s` seconds one JSON log line counts what the bot did since the
last one: reports, their flags, failed sends, and the sends still pending or failed overall, so
that a log collector can graph and alert without querying the database."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import Application

from handlers.plumbing.context import BotContext

log = logging.getLogger(__name__)
JOB_NAME = "activity_log"


def schedule_activity_log(app: Application[Any, BotContext, Any, Any, Any, Any]) -> None:
    services = app.bot_data["services"]
    every = services.settings.logging.activity_every_s
    assert app.job_queue is not None, "python-telegram-bot is installed with the job-queue extra"
    app.job_queue.run_repeating(log_activity, interval=every, first=every, name=JOB_NAME, data={})


async def log_activity(context: BotContext) -> None:
    """Log the counts since the previous line (or one interval back, after a start)."""
    services = context.services
    assert context.job is not None
    last: dict[str, int] = context.job.data  # type: ignore[assignment]
    end = services.clock.now()
    start = last.get("end", end - services.settings.logging.activity_every_s)
    activity = await services.health.activity(start, end)
    backlog = await services.health.backlog()
    last["end"] = end
    log.info(
        "activity",
        extra={
            "period_s": end - start,
            "reports": activity.reports,
            "flags": activity.flags,
            "failed_sends": activity.failed_sends,
            "sends_pending": backlog.sends_pending,
            "sends_failed_total": backlog.sends_failed,
            "sends_refused_total": backlog.sends_refused,
            "replies_pending": backlog.replies_pending,
            "replies_refused_total": backlog.replies_refused,
            "last_update_at": backlog.last_update_at,
        },
    )
