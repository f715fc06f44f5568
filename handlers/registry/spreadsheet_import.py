"""An admin sends a CSV or XLSX of households: the bot checks every row and answers with a
dry run (new / updated / unchanged / invalid, plus a file of the invalid rows) and buttons to
apply or discard it. The dry run is staged in the database, so Apply works after a restart.
/templat sends an example file."""

from __future__ import annotations

import contextlib
import logging
import tempfile
from pathlib import Path

from telegram import Document, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.decisions import imports
from bot.domain import Role
from bot.files.household_import import DryRun, ImportRules, Progress, dry_run, template_csv
from bot.files.spreadsheet import file_kind
from bot.files.upload_caps import FileProblem, ReadCaps
from bot.services import Services
from bot.texts import t, t_plain
from handlers import fallbacks
from handlers.plumbing.access import for_roles
from handlers.plumbing.buttons import button_id
from handlers.plumbing.context import BotContext
from handlers.plumbing.outbox import AnyApplication, outbox_of
from handlers.plumbing.replies import reply, send_captioned, send_text
from handlers.registry.import_checks import import_checks
from storage.imports import ImportSummary

log = logging.getLogger(__name__)
APPLY, DISCARD = "reg:imp:ok:", "reg:imp:no:"
BYTES_PER_MB = 1024 * 1024


async def receive_file(update: Update, context: BotContext) -> None:
    """Check an admin's spreadsheet in the background and answer with the dry run; anyone else
    gets the usual hint. While a check runs, a second file is answered with its progress."""
    person = context.person
    message = update.effective_message
    if person is None or person.role is not Role.ADMIN or message is None or message.document is None:
        await fallbacks.unexpected_message(update, context)
        return
    checks = import_checks(context.application)
    running = checks.of(person.id)
    if running is not None:
        await reply(update, context, "reg.import.busy", name=running.file_name, rows=running.progress.data_rows)
        return
    document = message.document
    name = document.file_name or t_plain("reg.file.unnamed", person.language)
    kind = file_kind(name)
    if kind is None:
        await reply(update, context, "reg.import.wrong_type", name=name)
        return
    limit_mb = context.services.settings.registry.import_max_mb
    if (document.file_size or 0) > limit_mb * BYTES_PER_MB:
        await reply(
            update,
            context,
            "reg.import.too_large",
            size=f"{(document.file_size or 0) / BYTES_PER_MB:.1f}",
            limit=f"{limit_mb:g}",
        )
        return
    await reply(update, context, "reg.import.checking", name=name)
    progress = Progress()
    checks.start(person.id, name, progress, _check_safely(update, context, document, name, kind, progress))


async def stop_check(update: Update, context: BotContext) -> bool:
    """/batal: stop the admin's running check and drop what it staged; whether one ran."""
    person = context.person
    stopped = await import_checks(context.application).stop(person.id) if person else None
    if stopped is None:
        return False
    if stopped.progress.import_id is not None:
        await context.services.imports.discard(stopped.progress.import_id)
    await reply(update, context, "reg.import.stopped", name=stopped.file_name, rows=stopped.progress.data_rows)
    return True


async def _check_safely(
    update: Update, context: BotContext, document: Document, name: str, kind: str, progress: Progress
) -> None:
    """The check, its failures handled as a handler's would be (it runs outside one)."""
    try:
        await _check(update, context, document, name, kind, progress)
    except Exception as error:  # noqa: BLE001 - told like any handler's failure
        await context.application.process_error(update, error)


async def _check(
    update: Update, context: BotContext, document: Document, name: str, kind: str, progress: Progress
) -> None:
    person = context.member
    lang = person.language
    with tempfile.TemporaryDirectory(prefix="kpm-import-") as folder:
        workdir = Path(folder)
        upload = workdir / f"upload.{kind}"  # openpyxl insists on the extension
        # Staged before the download: a stop or a crash from here on is told at the next start.
        progress.import_id = await context.services.imports.start(person.id, name)
        try:
            telegram_file = await context.bot.get_file(document.file_id)
            await telegram_file.download_to_drive(upload)
        except TelegramError:
            log.warning("import download failed", exc_info=True)
            await context.services.imports.discard(progress.import_id)
            await reply(update, context, "reg.import.download_failed")
            return
        try:
            result = await dry_run(
                upload,
                name,
                kind,
                await _rules(context),
                context.services.imports,
                admin_id=person.id,
                lang=lang,
                workdir=workdir,
                caps=_caps(context),
                part_bytes=int(context.services.settings.registry.import_error_part_mb * BYTES_PER_MB),
                progress=progress,
            )
        except FileProblem as problem:
            await reply(update, context, problem.key, **problem.values)
            return
        except Exception:
            # Told as a failure (`_check_safely`); left unread, the next start would call it a stop.
            await context.services.imports.discard(progress.import_id)
            raise
        ignored = (
            t_plain("reg.import.ignored", lang, columns=", ".join(result.ignored_columns))
            if result.ignored_columns
            else ""
        )
        await _send_summary(update, context, result, ignored, lang)
        if update.effective_chat:
            await _send_invalid_rows(context, update.effective_chat.id, result, Path(name).stem, lang)


async def _send_invalid_rows(context: BotContext, chat_id: int, result: DryRun, stem: str, lang: str) -> None:
    """The file of invalid rows, in as many parts as Telegram's upload limit needs."""
    parts = len(result.invalid_files)
    caption = t("reg.import.warnings_caption" if result.warnings else "reg.import.invalid_caption", lang)
    for part, path in enumerate(result.invalid_files, start=1):
        name, of = t_plain("reg.file.invalid_rows_name", lang, name=stem), ""
        if parts > 1:
            name = t_plain("reg.file.invalid_rows_part_name", lang, name=stem, part=part)
            of = t("reg.import.part_caption", lang, part=part, parts=parts)
        with path.open("rb") as invalid:
            await send_captioned(
                context.bot,
                chat_id,
                caption + of,
                lang,
                lambda shown: context.bot.send_document(chat_id, invalid, filename=name, caption=shown),  # noqa: B023
            )


@for_roles(Role.ADMIN)
async def apply_import(update: Update, context: BotContext) -> None:
    """Apply a staged import in one transaction."""
    import_id = await _pressed_import(update, APPLY)
    admin = context.member
    outcome = await imports.apply_import(context.services, admin, import_id)
    if isinstance(outcome, imports.Applied):
        assert admin.telegram_user_id is not None
        await tell_applied(context.application, outcome.summary, admin.telegram_user_id, admin.language)
    elif not isinstance(outcome, imports.ApplyStopped):  # stopped: the next start tells it
        await reply(update, context, "reg.import.gone")


async def tell_applied(
    app: AnyApplication, summary: ImportSummary, chat_id: int, lang: str, *, now: bool = True
) -> None:
    """Confirm an applied import (through the outbox: it confirms something stored)."""
    text = t(
        "reg.import.applied",
        lang,
        name=summary.file_name,
        new=summary.new,
        updated=summary.updated,
        unchanged=summary.unchanged,
    )
    await outbox_of(app).confirm(f"import-applied:{summary.import_id}", chat_id, text, lang=lang, now=now)
    services: Services = app.bot_data["services"]
    await services.imports.answered_apply(summary.import_id)


async def tell_interrupted_applies(app: AnyApplication) -> None:
    """At start: tell each admin whose Apply a crash interrupted what state the import is in:
    applied (the transaction committed), or not applied, with the buttons again."""
    services: Services = app.bot_data["services"]
    for summary in await services.imports.interrupted_applies():
        admin = await services.people.by_id(summary.created_by)
        if admin is None or admin.telegram_user_id is None:
            await services.imports.answered_apply(summary.import_id)
            continue
        if summary.status == "applied":
            await tell_applied(app, summary, admin.telegram_user_id, admin.language, now=False)
            continue
        lang = admin.language
        text = t(
            "reg.import.interrupted",
            lang,
            name=summary.file_name,
            status=t(f"reg.import.status.{summary.status}", lang),
        )
        markup = _decision_buttons(summary.import_id, lang) if summary.status == "pending" else None
        await outbox_of(app).confirm(
            f"import-interrupted:{summary.import_id}", admin.telegram_user_id, text, markup, lang=lang, now=False
        )
        await services.imports.answered_apply(summary.import_id)


async def tell_interrupted_reads(app: AnyApplication) -> None:
    """At start: tell each admin whose file was being checked when the bot stopped or crashed
    that nothing was kept and the file must be sent again."""
    services: Services = app.bot_data["services"]
    for read in await services.imports.interrupted_reads():
        admin = await services.people.by_id(read.created_by)
        if admin is not None and admin.telegram_user_id is not None:
            text = t("reg.import.read_interrupted", admin.language, name=read.file_name, rows=read.last_row)
            await outbox_of(app).confirm(
                f"import-read-interrupted:{read.import_id}",
                admin.telegram_user_id,
                text,
                lang=admin.language,
                now=False,
            )
        await services.imports.discard(read.import_id)


@for_roles(Role.ADMIN)
async def discard_import(update: Update, context: BotContext) -> None:
    """Drop a staged import."""
    import_id = await _pressed_import(update, DISCARD)
    outcome = await imports.discard_import(context.services, context.member, import_id)
    await reply(
        update, context, "reg.import.discarded" if isinstance(outcome, imports.Discarded) else "reg.import.gone"
    )


async def send_template(update: Update, context: BotContext) -> None:
    """Send the import template file."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = context.language
    template = template_csv(lang, context.services.settings.province.code)
    name = t_plain("reg.file.template_name", lang)
    await send_captioned(
        context.bot,
        chat.id,
        t("reg.template.caption", lang),
        lang,
        lambda shown: context.bot.send_document(chat.id, template, filename=name, caption=shown),
    )


def _caps(context: BotContext) -> ReadCaps:
    registry = context.services.settings.registry
    return ReadCaps(
        rows=registry.import_max_rows,
        columns=registry.import_max_columns,
        cell_chars=registry.import_max_cell_chars,
        shared_strings=registry.import_max_shared_strings,
        shared_string_bytes=int(registry.import_max_shared_strings_mb * BYTES_PER_MB),
        unpacked_bytes=int(registry.import_max_unpacked_mb * BYTES_PER_MB),
    )


async def _rules(context: BotContext) -> ImportRules:
    services = context.services
    province = services.settings.province
    regions = await services.registry.region_names()
    return ImportRules(
        province_code=province.code,
        box=province.box,
        region_codes=frozenset(code for code in regions if code != province.code),
        companions=tuple(await services.people.active_companions()),
    )


async def _send_summary(update: Update, context: BotContext, result: DryRun, ignored: str, lang: str) -> None:
    summary = result.summary
    text = t(
        "reg.import.summary",
        lang,
        name=summary.file_name,
        new=summary.new,
        updated=summary.updated,
        unchanged=summary.unchanged,
        invalid=summary.invalid,
        warnings=t_plain("reg.import.warnings", lang, count=result.warnings) if result.warnings else "",
        ignored=ignored,
    )
    markup = None
    if summary.new or summary.updated:
        text += t("reg.import.apply_hint", lang)
        markup = _decision_buttons(summary.import_id, lang)
    else:
        text += t("reg.import.nothing_to_apply", lang)
        await context.services.imports.discard(summary.import_id)
    chat = update.effective_chat
    if chat:
        await send_text(context.bot, chat.id, text, lang, reply_markup=markup)


async def _pressed_import(update: Update, prefix: str) -> int:
    """Acknowledge the button press, take its buttons away, and return the import's id."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    # The message may be too old to edit; the import's status still prevents a second apply.
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(None)
    return button_id(query.data.removeprefix(prefix))


def _decision_buttons(import_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t_plain("reg.button.apply", lang), callback_data=f"{APPLY}{import_id}"),
                InlineKeyboardButton(t_plain("reg.button.discard", lang), callback_data=f"{DISCARD}{import_id}"),
            ]
        ]
    )
