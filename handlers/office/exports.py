"""/ekspor (visits as CSV and XLSX), /ekspor perubahan (approved changes of households, for the
DTKS reconciliation) and /peta (HTML map and GeoJSON) for the sender's regions: coordinators see
their kabupaten/kota, admins (and province coordinators) the whole province."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from zoneinfo import ZoneInfo

from telegram import Update

from bot.domain import Person, Role
from bot.files.change_export import write_change_export
from bot.files.tables import ExportFiles
from bot.files.visit_export import write_visit_export
from bot.files.visit_map import build_map
from bot.rules.digest import scope_of
from bot.rules.periods import Period, asked_period, last_days
from bot.texts import t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply

# Telegram takes documents from bots up to 50 MB.
UPLOAD_LIMIT_BYTES = 50 * 2**20
# `/ekspor perubahan …`: the approved changes instead of the visits.
CHANGES = "perubahan"
# Today's 50,000 households fit; a phone's browser (canvas markers) stays usable at that size.
MAP_MAX_POINTS = 60_000


def _asked_period(context: BotContext, tz: ZoneInfo, args: list[str] | None = None) -> Period | None:
    """The period the command names; nothing named: the last 30 days, today included."""
    today = datetime.fromtimestamp(context.services.clock.now(), tz).date()
    return asked_period(context.args or [] if args is None else args, today, tz, last_days)


async def _scope_codes(context: BotContext, person: Person) -> tuple[str, ...]:
    names = await context.services.digests.region_names()
    return scope_of(person, [code for code in names if len(code) == 4]).codes


async def _period_and_scope(
    update: Update, context: BotContext, usage_key: str, args: list[str] | None = None
) -> tuple[Period, tuple[str, ...]] | None:
    """The period the command names and the sender's kabupaten/kota; None once the sender was
    told why there is nothing to send (an unreadable period, or no region)."""
    period = _asked_period(context, context.services.settings.locale.tz, args)
    if period is None:
        await reply(update, context, usage_key)
        return None
    codes = await _scope_codes(context, context.member)
    if not codes:
        await reply(update, context, "digest.no_regions")
        return None
    return period, codes


async def export_command(update: Update, context: BotContext) -> None:
    """Send the visits of a period as CSV and XLSX (NIK/KK masked unless the sender is an admin);
    every export is audited, with whether it carried the full numbers."""
    if context.args and context.args[0].lower() == CHANGES:
        await export_changes(update, context)
        return
    services = context.services
    person = context.member
    chat = update.effective_chat
    assert chat is not None
    tz = services.settings.locale.tz
    asked = await _period_and_scope(update, context, "export.usage")
    if asked is None:
        return
    period, codes = asked
    lang = person.language
    # Admins reconcile the register with DTKS and need the full numbers; coordinators do not.
    full_numbers = person.role is Role.ADMIN
    name = t_plain("export.file_name", lang, first=f"{period.first:%Y%m%d}", last=f"{period.last:%Y%m%d}")
    with TemporaryDirectory() as folder:
        files = await write_visit_export(
            services.exports.visits(codes, period.start, period.end),
            Path(folder),
            name,
            lang=lang,
            tz=tz,
            reveal=full_numbers,
            region_names=await services.digests.region_names(),
            condition_order=services.settings.report.conditions,
        )
        await services.exports.record_export(
            person.id,
            services.clock.now(),
            regions=codes,
            start=period.start,
            end=period.end,
            rows=files.rows,
            full_numbers=full_numbers,
        )
        await reply(update, context, "export.ready", period=period.label(), count=files.rows)
        if not context.args:
            await reply(update, context, "export.other_periods")
        await _send_files(update, context, chat.id, files)


async def export_changes(update: Update, context: BotContext) -> None:
    """Send the changes approved in a period as CSV and XLSX, for the DTKS reconciliation (NIK/KK
    masked unless the sender is an admin); audited as /ekspor is."""
    services = context.services
    person = context.member
    chat = update.effective_chat
    assert chat is not None
    tz = services.settings.locale.tz
    asked = await _period_and_scope(update, context, "export.usage", (context.args or [])[1:])
    if asked is None:
        return
    period, codes = asked
    lang = person.language
    full_numbers = person.role is Role.ADMIN
    name = t_plain("upd.export.file_name", lang, first=f"{period.first:%Y%m%d}", last=f"{period.last:%Y%m%d}")
    with TemporaryDirectory() as folder:
        files = await write_change_export(
            services.field_updates.approved(codes, period.start, period.end),
            Path(folder),
            name,
            lang=lang,
            tz=tz,
            reveal=full_numbers,
            region_names=await services.digests.region_names(),
        )
        await services.field_updates.record_export(
            person.id,
            services.clock.now(),
            regions=codes,
            start=period.start,
            end=period.end,
            rows=files.rows,
            full_numbers=full_numbers,
        )
        await reply(update, context, "upd.export.ready", period=period.label(), count=files.rows)
        await _send_files(update, context, chat.id, files)


async def _send_files(update: Update, context: BotContext, chat_id: int, files: ExportFiles) -> None:
    """Both files, each unless it is too large for Telegram (then the sender is told)."""
    for path in (files.csv_path, files.xlsx_path):
        size = path.stat().st_size
        if size > UPLOAD_LIMIT_BYTES:
            await reply(
                update,
                context,
                "export.too_large",
                name=path.name,
                size=size // 2**20,
                limit=UPLOAD_LIMIT_BYTES // 2**20,
            )
            continue
        with path.open("rb") as handle:
            await context.bot.send_document(chat_id, handle, filename=path.name)


async def map_command(update: Update, context: BotContext) -> None:
    """Send the map of the households and of a period's visits as HTML and GeoJSON."""
    services = context.services
    person = context.member
    chat = update.effective_chat
    assert chat is not None
    tz = services.settings.locale.tz
    now = services.clock.now()
    asked = await _period_and_scope(update, context, "map.usage")
    if asked is None:
        return
    period, codes = asked
    lang = person.language
    result = await build_map(
        services.exports.households(codes, MAP_MAX_POINTS),
        services.exports.visits(codes, period.start, period.end, MAP_MAX_POINTS),
        now=now,
        lang=lang,
        tz=tz,
        overdue_days=services.settings.reminders.overdue_days,
        limit=MAP_MAX_POINTS,
    )
    await reply(update, context, "map.ready", period=period.label(), households=result.households, visits=result.visits)
    if result.truncated:
        await reply(update, context, "map.truncated", limit=MAP_MAX_POINTS)
    name = t_plain("map.file_name", lang, first=f"{period.first:%Y%m%d}", last=f"{period.last:%Y%m%d}")
    await context.bot.send_document(chat.id, result.html.encode("utf-8"), filename=f"{name}.html")
    await context.bot.send_document(chat.id, result.geojson.encode("utf-8"), filename=f"{name}.geojson")
