"""/riwayat and /kpmsaya: a companion's latest reports and households, overdue first."""

from __future__ import annotations

from telegram import Update

from bot.rules.readable import chat_date, chat_time
from bot.rules.wording import flags_text
from bot.texts import t, t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply, send_text
from handlers.report import keyboards as kb
from storage.companion_views import ReportLine

HISTORY_LENGTH = 10
# A Telegram message holds 4096 characters: list this many households, then count the rest.
HOUSEHOLDS_SHOWN = 40


async def history(update: Update, context: BotContext) -> None:
    """List the companion's latest reports with their verdicts, flags and reviews."""
    person = context.member
    lang, tz = person.language, context.services.settings.locale.tz
    reports = await context.services.companion_views.recent_reports(person.id, HISTORY_LENGTH)
    if not reports:
        await reply(update, context, "report.history.empty", markup=kb.main_menu(lang))
        return
    lines = [t("report.history.header", lang)]
    for report in reports:
        flags = flags_text(report.flags, report.visit_id, lang)
        note = t_plain("report.history.note", lang, note=report.note) if report.note else ""
        if report.voice_note:
            note += t_plain("report.history.voice_note", lang)
        lines.append(
            t(
                "report.history.line",
                lang,
                number=report.visit_id,
                time=chat_time(report.visited_at, tz),
                name=report.head_name,
                desa=report.desa or "-",
                verdict=t_plain(f"report.verdict_name.{report.verdict.value}", lang),
                flags=t_plain("report.history.flags", lang, flags=flags) if flags else "",
                review=_review_line(report, lang),
                note=note,
            )
        )
    await _send(update, context, "\n".join(lines), lang)


def _review_line(report: ReportLine, lang: str) -> str:
    """What the coordinator decided, with the reason of a rejection (the one-time notice may be
    long gone when the companion looks)."""
    if report.review_status is None:
        return ""
    return t_plain(f"report.history.review.{report.review_status}", lang, reason=report.review_reason or "–")


async def own_households(update: Update, context: BotContext) -> None:
    """List the companion's households, never or longest ago visited first."""
    person = context.member
    lang, tz = person.language, context.services.settings.locale.tz
    rows = await context.services.companion_views.households_by_last_visit(person.id)
    if not rows:
        await reply(update, context, "report.households.empty", markup=kb.main_menu(lang))
        return
    overdue_before = context.services.clock.now() - context.services.settings.reminders.overdue_days * 86400
    lines = [t("report.households.header", lang, count=len(rows))]
    for row in rows[:HOUSEHOLDS_SHOWN]:
        last = row.last_visit_at
        due_since = last if last is not None else row.household.created_at
        lines.append(
            t(
                "report.households.line",
                lang,
                mark=t_plain(
                    "report.households.overdue" if due_since < overdue_before else "report.households.recent",
                    lang,
                ),
                name=row.household.head_name,
                desa=row.household.desa or "-",
                dtks=row.household.dtks_id,
                last=t_plain("report.households.never", lang)
                if last is None
                else t_plain("report.households.last", lang, date=chat_date(last, tz)),
            )
        )
    if len(rows) > HOUSEHOLDS_SHOWN:
        lines.append(t("report.households.more", lang, count=len(rows) - HOUSEHOLDS_SHOWN))
    await _send(update, context, "\n".join(lines), lang)


async def _send(update: Update, context: BotContext, text: str, lang: str) -> None:
    chat = update.effective_chat
    if chat is not None:
        # Ten reports with notes as long as a report allows are more than one message holds.
        await send_text(context.bot, chat.id, text, lang, reply_markup=kb.main_menu(lang))
