"""/ringkasan: the digest on demand, for the coordinator's regions (admins: the province)."""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from bot.rules.periods import asked_period, last_full_week
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply
from handlers.scheduled.jobs import build_digest, digest_steps


async def digest_command(update: Update, context: BotContext) -> None:
    """Send the digest (message, workbook, chart) of the asked period."""
    services = context.services
    person = context.member
    chat = update.effective_chat
    assert chat is not None
    tz = services.settings.locale.tz
    today = datetime.fromtimestamp(services.clock.now(), tz).date()
    # Nothing asked: the last full week, as the weekly digest.
    period = asked_period(context.args or [], today, tz, last_full_week)
    if period is None:
        await reply(update, context, "digest.usage")
        return
    digest = await build_digest(services, person, period)
    if not digest.scope.codes:
        await reply(update, context, "digest.no_regions")
        return
    compose = await digest_steps(digest, person.language, context.bot, services.settings.locale.tz)
    for step in compose([]):
        await step(chat.id)
