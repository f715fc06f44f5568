"""/ringkasan: the digest on demand, for the coordinator's regions (admins: the province);
`/ringkasan nasional` for the national office: every province sharing the database."""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from bot.rules.digest import render_national
from bot.rules.periods import Period, asked_period, last_full_week
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply, send_text
from handlers.scheduled.jobs import build_digest, digest_steps


async def digest_command(update: Update, context: BotContext) -> None:
    """Send the digest (message, workbook, chart) of the asked period."""
    services = context.services
    person = context.member
    chat = update.effective_chat
    assert chat is not None
    tz = services.settings.locale.tz
    today = datetime.fromtimestamp(services.clock.now(), tz).date()
    args = context.args or []
    national = bool(args) and args[0].lower() == "nasional"
    # Nothing asked: the last full week, as the weekly digest.
    period = asked_period(args[1:] if national else args, today, tz, last_full_week)
    if period is None:
        await reply(update, context, "digest.usage")
        return
    if national:
        await national_digest(update, context, period)
        return
    digest = await build_digest(services, person, period)
    if not digest.scope.codes:
        await reply(update, context, "digest.no_regions")
        return
    compose = await digest_steps(digest, person.language, context.bot, services.settings.locale.tz)
    for step in compose([]):
        await step(chat.id)


async def national_digest(update: Update, context: BotContext, period: Period) -> None:
    """Every province's figures, for the national office on a database the provinces share."""
    services, person = context.services, context.member
    if person.telegram_user_id not in services.settings.admins.national_user_ids:
        await reply(update, context, "digest.national.refused")
        return
    if not services.national.available:
        await reply(update, context, "digest.national.unavailable")
        return
    tz = services.settings.locale.tz
    previous = period.previous(tz)
    current = await services.national.totals(period.start, period.end)
    before = await services.national.totals(previous.start, previous.end)
    chat = update.effective_chat
    assert chat is not None
    await send_text(context.bot, chat.id, render_national(current, before, period, person.language), person.language)
