"""The visit report conversation: a companion at a household reports the visit.

Flow: /lapor (or the main-menu button, or an inline `rep:start` button from a reminder)
→ LOCATION (a live location, checked for forwarding, age and accuracy)
→ HOUSEHOLD (own households nearest first, paging, search by name or DTKS id)
→ VERDICT (only when the position is not verified: continue, propose coordinates, cancel)
→ PHOTOS (1..N, downloaded, hashed, checked for reuse and EXIF)
→ CONDITIONS (inline toggles) → NOTE (text or voice, optional) → CONFIRM (Send / Cancel).

The draft lives in `user_data` (JSON) so a restart resumes at the same step; the time of the
last step is kept there too, and every step checks it, so the idle limit holds across
restarts (PTB's `conversation_timeout` is not used: it is lost on restart and scheduling its
job on every update costs a quarter of a step's time). Every step answers any other message
with a hint and stays; /batal cancels everywhere.
"""

from __future__ import annotations

import asyncio
import functools
import uuid
import warnings
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any

from telegram import Document, Location, Message, PhotoSize, Update, Voice
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot.context import BotContext
from bot.nearby import nearest
from bot.photos import NotAnImage, analyse
from bot.report import (
    DraftPhoto,
    ReportDraft,
    SharedLocation,
    compose_visit,
    conditions_complete,
    next_mark,
    photo_warnings,
    position_verdict,
    travel_flag,
)
from bot.texts import t, t_plain
from bot.verdict import distance_m
from handlers import report_keyboards as kb
from handlers.access import for_roles
from handlers.replies import ReplyMarkup, reply
from storage.models import Household, Role, Verdict, Visit, VisitFlag

LOCATION, HOUSEHOLD, VERDICT, PHOTOS, CONDITIONS, NOTE, CONFIRM = range(7)
END = ConversationHandler.END
DRAFT = "report_draft"
NOTE_LIMIT = 1000

NOT_EDITED = ~filters.UpdateType.EDITED
StepCallback = Callable[[Update, BotContext, ReportDraft], Coroutine[Any, Any, int]]


def report_step(callback: StepCallback) -> Callable[[Update, BotContext], Coroutine[Any, Any, int]]:
    """Run a step with the draft: end the report for people who may no longer report, or
    when it sat idle too long (even across a restart); save the draft after the step."""

    @functools.wraps(callback)
    async def step(update: Update, context: BotContext) -> int:
        person = await context.person(update)
        data = context.user_data.get(DRAFT) if context.user_data is not None else None
        if person is None or person.role is not Role.COMPANION or data is None:
            _drop(context, update)
            await _answer(update)
            await reply(update, context, "stranger.start" if person is None else "report.cancelled")
            return END
        draft = ReportDraft.from_json(data)
        settings = context.services.settings
        now = context.services.clock.now()
        if now - draft.active_at > settings.report.idle_minutes * 60:
            return await _expire(update, context)
        draft.active_at = now
        state = await callback(update, context, draft)
        if state != END:
            _keep(update, context, draft)
        return state

    return step


# ── Start, cancel, idle ───────────────────────────────────────────────────────

@for_roles(Role.COMPANION)
async def start_report(update: Update, context: BotContext) -> int:
    """Begin a report: ask for the companion's location."""
    await _answer(update)
    person = await context.person(update)
    assert person is not None
    if not await context.services.nearby.has_any(person.id):
        await reply(update, context, "report.no_households")
        return END
    _keep(update, context, ReportDraft(uuid.uuid4().hex, context.services.clock.now()))
    await reply(update, context, "report.ask_location", markup=kb.location_request(person.language))
    return LOCATION


async def cancel(update: Update, context: BotContext) -> int:
    """Cancel the report at any step; nothing is stored."""
    await _answer(update)
    _drop(context, update)
    await reply(update, context, "report.cancelled", markup=await _main_menu(update, context))
    return END


async def _expire(update: Update, context: BotContext) -> int:
    _drop(context, update)
    await _answer(update)
    await reply(update, context, "report.expired", markup=await _main_menu(update, context),
                minutes=context.services.settings.report.idle_minutes)
    return END


def hint(key: str) -> Callable[[Update, BotContext], Coroutine[Any, Any, None]]:
    """A callback answering anything unexpected at a step with the hint `key`, staying there."""

    async def answer_with_hint(update: Update, context: BotContext) -> None:
        """Explain what this step expects and stay in it."""
        query = update.callback_query
        if query is not None:
            await query.answer(t_plain("report.stale_button", await context.language(update)))
        await reply(update, context, key)

    return answer_with_hint


async def answer_stale_button(update: Update, context: BotContext) -> None:
    """Answer a report button whose report has ended: nothing happens."""
    query = update.callback_query
    if query is not None:
        await query.answer(t_plain("report.stale_button", await context.language(update)))


# ── LOCATION ─────────────────────────────────────────────────────────────────

@report_step
async def receive_location(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Check the shared location, keep it and list the nearest households."""
    message = update.effective_message
    assert message is not None and message.location is not None
    refusal = _location_refusal(message, context)
    if refusal is not None:
        key, values = refusal
        await reply(update, context, key, **values)
        return LOCATION if draft.location is None else HOUSEHOLD
    location = message.location
    draft.location = SharedLocation(
        latitude=location.latitude, longitude=location.longitude, accuracy_m=location.horizontal_accuracy,
        live_period_s=live_period_s(location), sent_at=int(message.date.timestamp()),
        chat_id=message.chat_id, message_id=message.message_id,
    )
    draft.track, draft.query, draft.page = [], None, 0
    key = "report.location.live" if draft.location.live else "report.location.static"
    await reply(update, context, key, markup=await _main_menu(update, context))
    return await _list_households(update, context, draft)


def live_period_s(location: Location) -> int | None:
    """The live period in seconds (read raw: PTB 22 warns that the attribute will change type)."""
    value = location.to_dict().get("live_period")
    return int(value) if value else None


def _location_refusal(message: Message, context: BotContext) -> tuple[str, dict[str, Any]] | None:
    verification = context.services.settings.verification
    location = message.location
    assert location is not None
    if message.forward_origin is not None:
        return "report.refused.forwarded", {}
    if message.venue is not None:
        return "report.refused.venue", {}
    age = context.services.clock.now() - int(message.date.timestamp())
    if age > verification.max_location_age_s:
        return "report.refused.stale", {"minutes": age // 60}
    accuracy = location.horizontal_accuracy
    if accuracy is not None and accuracy > verification.max_accuracy_m:
        return "report.refused.accuracy", {"accuracy": f"{accuracy:.0f}", "limit": f"{verification.max_accuracy_m:.0f}"}
    if verification.require_live_location and not live_period_s(location):
        return "report.refused.static", {}
    return None


# ── HOUSEHOLD ────────────────────────────────────────────────────────────────

@report_step
async def search_households(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """List the companion's households whose name or DTKS id matches the text."""
    message = update.effective_message
    assert message is not None and message.text is not None
    draft.query, draft.page = message.text.strip()[:64], 0
    return await _list_households(update, context, draft)


@report_step
async def turn_page(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Show another page of the current household list."""
    await _answer(update)
    draft.page = max(0, int(_callback_suffix(update, kb.PAGE)))
    return await _list_households(update, context, draft)


@report_step
async def show_nearest(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Go back from search results to the nearest households."""
    await _answer(update)
    draft.query, draft.page = None, 0
    return await _list_households(update, context, draft)


async def _list_households(update: Update, context: BotContext, draft: ReportDraft) -> int:
    person = await context.person(update)
    assert person is not None and draft.location is not None
    lang = person.language
    per_page = context.services.settings.report.households_per_page
    wanted = (draft.page + 1) * per_page + 1
    location = draft.location
    items: list[tuple[Household, float | None]]
    if draft.query:
        found = await context.services.nearby.search(person.id, draft.query)
        items = sorted(((h, _distance_to(location, h)) for h in found),
                       key=lambda pair: (pair[1] is None, pair[1] or 0.0, pair[0].head_name))
        key, empty_key = "report.choose.search", "report.choose.not_found"
    else:
        items = kb.nearest_items(await nearest(context.services.nearby, person.id, location.latitude,
                                               location.longitude, wanted))
        key, empty_key = "report.choose", "report.choose.none_nearby"
    page_items = items[draft.page * per_page: (draft.page + 1) * per_page]
    if not page_items and draft.page > 0:
        draft.page = 0
        page_items = items[:per_page]
    markup = kb.households(page_items, page=draft.page, has_next=len(items) > (draft.page + 1) * per_page,
                           searching=draft.query is not None, lang=lang)
    text = t(key if page_items else empty_key, lang, query=draft.query or "")
    await _show(update, context, text, markup)
    return HOUSEHOLD


def _distance_to(location: SharedLocation, household: Household) -> float | None:
    if household.latitude is None or household.longitude is None:
        return None
    return distance_m(location.latitude, location.longitude, household.latitude, household.longitude)


@report_step
async def choose_household(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Take the chosen household and tell the companion the verdict of their position."""
    query = update.callback_query
    assert query is not None and draft.location is not None
    person = await context.person(update)
    assert person is not None
    household = await context.services.nearby.own_active(person.id, int(_callback_suffix(update, kb.CHOOSE)))
    if household is None:
        await query.answer(t_plain("report.not_yours", person.language))
        return HOUSEHOLD
    await query.answer()
    draft.household_id = household.id
    verification = context.services.settings.verification
    distance, verdict = position_verdict(draft.location, household, verification)
    accuracy = min(draft.location.accuracy_m or 0.0, verification.accuracy_cap_m)
    values: dict[str, Any] = {"name": household.head_name, "distance": kb.format_distance(distance, person.language),
              "radius": f"{verification.radius_m:.0f}", "accuracy": f"{accuracy:.0f}"}
    if verdict is Verdict.VERIFIED:
        await reply(update, context, "report.verdict.verified", **values)
        return await _ask_photos(update, context)
    await reply(update, context, f"report.verdict.{verdict.value}", markup=kb.after_verdict(verdict, person.language),
                **values)
    return VERDICT


# ── VERDICT ──────────────────────────────────────────────────────────────────

@report_step
async def continue_after_verdict(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Go on to the photos despite the verdict."""
    await _answer(update)
    return await _ask_photos(update, context)


@report_step
async def propose_position(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Note that this position is proposed as the household's location, then go on."""
    await _answer(update)
    draft.propose_coordinates = True
    await reply(update, context, "report.proposal.noted")
    return await _ask_photos(update, context)


async def _ask_photos(update: Update, context: BotContext) -> int:
    report = context.services.settings.report
    await reply(update, context, "report.ask_photos", min=report.photos_min, max=report.photos_max)
    return PHOTOS


# ── PHOTOS ───────────────────────────────────────────────────────────────────

@report_step
async def receive_photo(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Download, hash and check one photo (or image file) and keep it in the draft."""
    message = update.effective_message
    assert message is not None and draft.location is not None and draft.household_id is not None
    if message.forward_origin is not None:
        await reply(update, context, "report.photo.forwarded")
        return PHOTOS
    file: PhotoSize | Document = message.photo[-1] if message.photo else message.document  # type: ignore[assignment]
    if any(p.message_id == message.message_id or p.file_unique_id == file.file_unique_id for p in draft.photos):
        await reply(update, context, "report.photo.duplicate")
        return PHOTOS
    try:
        content = bytes(await (await context.bot.get_file(file.file_id)).download_as_bytearray())
    except TelegramError:
        await reply(update, context, "report.photo.download_failed")
        return PHOTOS
    settings = context.services.settings
    try:
        facts = await asyncio.to_thread(analyse, content, settings.locale.tz)
    except NotAnImage:
        await reply(update, context, "report.photo.not_image")
        return PHOTOS
    if any(p.sha256 == facts.sha256 for p in draft.photos):
        await reply(update, context, "report.photo.duplicate")
        return PHOTOS
    household = await context.services.households.by_id(draft.household_id)
    assert household is not None
    path = await _store_file(context, household, f"{file.file_unique_id}{_extension(message)}", content)
    reuse = await context.services.photo_index.earlier_use(
        file_unique_id=file.file_unique_id, sha256=facts.sha256, phash=facts.phash,
        max_distance=settings.report.phash_max_distance,
    )
    photo = DraftPhoto(
        file_id=file.file_id, file_unique_id=file.file_unique_id, path=path, sha256=facts.sha256,
        size_bytes=facts.size_bytes, phash=facts.phash, width=facts.width, height=facts.height,
        message_id=message.message_id, exif_taken_at=facts.taken_at, exif_latitude=facts.latitude,
        exif_longitude=facts.longitude, reused_visit_id=reuse.visit_id if reuse else None,
        reuse_reason=reuse.reason if reuse else None,
    )
    draft.photos.append(photo)
    lang = await context.language(update)
    lines = [t("report.photo.received", lang, count=len(draft.photos))]
    lines += [_warning_text(flag, photo, draft.location, context, lang)
              for flag in photo_warnings(photo, draft.location, settings.verification)]
    if len(draft.photos) >= settings.report.photos_max:
        await _send(update, context, "\n".join(lines))
        return await _ask_conditions(update, context, draft)
    remaining = settings.report.photos_min - len(draft.photos)
    if remaining > 0:
        lines.append(t("report.photo.more", lang, remaining=remaining))
        await _send(update, context, "\n".join(lines))
    else:
        lines.append(t("report.photo.enough", lang))
        await _send(update, context, "\n".join(lines), kb.photos_done(lang))
    return PHOTOS


def _warning_text(flag: VisitFlag, photo: DraftPhoto, location: SharedLocation, context: BotContext,
                  lang: str) -> str:
    if flag.flag == "reused_photo":
        return t("report.photo.reused", lang, visit=flag.related_visit_id)
    if flag.flag == "exif_time_skew" and photo.exif_taken_at is not None:
        return t("report.photo.exif_time_skew", lang,
                 taken=kb.format_time(photo.exif_taken_at, context.services.settings.locale.tz))
    assert photo.exif_latitude is not None and photo.exif_longitude is not None
    away = distance_m(photo.exif_latitude, photo.exif_longitude, location.latitude, location.longitude)
    return t("report.photo.exif_far", lang, distance=kb.format_distance(away, lang))


def _extension(message: Message) -> str:
    if message.document is not None and message.document.file_name:
        suffix = Path(message.document.file_name).suffix.lower()
        if suffix.isascii() and 1 < len(suffix) <= 6 and suffix[1:].isalnum():
            return suffix
    return ".jpg"


async def _store_file(context: BotContext, household: Household, name: str, content: bytes) -> str:
    """Write original bytes under photo_dir/<YYYY>/<MM>/<DD>/<dtks_id>/; return the relative path."""
    settings = context.services.settings
    day = datetime.fromtimestamp(context.services.clock.now(), settings.locale.tz)
    safe_dtks = "".join(c for c in household.dtks_id if c.isalnum() or c in "-_") or str(household.id)
    relative = Path(f"{day:%Y}", f"{day:%m}", f"{day:%d}", safe_dtks, name)
    target = settings.storage.photo_dir / relative

    def write() -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    await asyncio.to_thread(write)
    return relative.as_posix()


@report_step
async def finish_photos(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Move on to the conditions once enough photos arrived."""
    query = update.callback_query
    assert query is not None
    remaining = context.services.settings.report.photos_min - len(draft.photos)
    if remaining > 0:
        await query.answer(t_plain("report.photos.too_few", await context.language(update), remaining=remaining))
        return PHOTOS
    await query.answer()
    return await _ask_conditions(update, context, draft)


# ── CONDITIONS ───────────────────────────────────────────────────────────────

async def _ask_conditions(update: Update, context: BotContext, draft: ReportDraft) -> int:
    keys = context.services.settings.report.conditions
    if not keys:
        return await _ask_note(update, context)
    lang = await context.language(update)
    await _send(update, context, t("report.ask_conditions", lang), kb.conditions(keys, draft.conditions, lang))
    return CONDITIONS


@report_step
async def toggle_condition(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Change the mark of one condition and redraw the toggles."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    keys = context.services.settings.report.conditions
    index = int(_callback_suffix(update, kb.TOGGLE))
    if index >= len(keys):
        return CONDITIONS
    draft.conditions[keys[index]] = next_mark(draft.conditions.get(keys[index]))
    try:
        await query.edit_message_reply_markup(kb.conditions(keys, draft.conditions, await context.language(update)))
    except TelegramError:
        # The message may be gone or unchanged; the marks are kept in the draft either way.
        pass
    return CONDITIONS


@report_step
async def finish_conditions(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Move on to the note once every condition is marked."""
    query = update.callback_query
    assert query is not None
    if not conditions_complete(draft.conditions, context.services.settings.report):
        await query.answer(t_plain("report.conditions.incomplete", await context.language(update)))
        return CONDITIONS
    await query.answer()
    return await _ask_note(update, context)


async def _ask_note(update: Update, context: BotContext) -> int:
    await reply(update, context, "report.ask_note", markup=kb.skip_note(await context.language(update)))
    return NOTE


# ── NOTE ─────────────────────────────────────────────────────────────────────

@report_step
async def receive_note(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Keep the written note and show the summary."""
    message = update.effective_message
    assert message is not None and message.text is not None
    if len(message.text) > NOTE_LIMIT:
        await reply(update, context, "report.note.too_long", limit=NOTE_LIMIT)
        return NOTE
    draft.note = message.text.strip()
    return await _confirm(update, context, draft)


@report_step
async def receive_voice_note(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Store the voice note as a file and show the summary."""
    message = update.effective_message
    assert message is not None and draft.household_id is not None
    voice: Voice | None = message.voice
    assert voice is not None
    try:
        content = bytes(await (await context.bot.get_file(voice.file_id)).download_as_bytearray())
    except TelegramError:
        await reply(update, context, "report.photo.download_failed")
        return NOTE
    household = await context.services.households.by_id(draft.household_id)
    assert household is not None
    draft.voice_note_path = await _store_file(context, household, f"voice-{voice.file_unique_id}.ogg", content)
    return await _confirm(update, context, draft)


@report_step
async def skip_note(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Go to the summary without a note."""
    await _answer(update)
    return await _confirm(update, context, draft)


async def _confirm(update: Update, context: BotContext, draft: ReportDraft) -> int:
    lang = await context.language(update)
    settings = context.services.settings
    assert draft.location is not None and draft.household_id is not None
    household = await context.services.households.by_id(draft.household_id)
    assert household is not None
    distance, verdict = position_verdict(draft.location, household, settings.verification)
    person = await context.person(update)
    assert person is not None
    previous = await context.services.visits.latest_of_companion(person.id, 1)
    flags = _flag_names(draft, household, previous[0] if previous else None, context, lang)
    conditions = "\n".join(
        t_plain("report.summary.condition", lang, mark=t_plain(f"report.mark.{draft.conditions[key]}", lang),
                label=t_plain(f"report.condition.{key}", lang),
                value=t_plain(f"report.mark_name.{draft.conditions[key]}", lang))
        for key in settings.report.conditions if key in draft.conditions
    ) or t_plain("report.note.none", lang)
    note = draft.note or (t_plain("report.note.voice", lang) if draft.voice_note_path else t_plain("report.note.none", lang))
    text = t(
        "report.summary", lang, name=household.head_name, dtks=household.dtks_id, desa=household.desa or "-",
        time=kb.format_time(draft.location.sent_at, settings.locale.tz),
        distance=kb.format_distance(distance, lang), verdict=t_plain(f"report.verdict_name.{verdict.value}", lang),
        location_kind=t_plain("report.location_kind." + ("live" if draft.location.live else "static"), lang),
        photos=len(draft.photos), conditions=conditions, note=note,
        flags=t_plain("report.summary.flags", lang, flags=flags) + "\n" if flags else "",
    )
    await _send(update, context, text, kb.confirm(lang))
    return CONFIRM


def _flag_names(draft: ReportDraft, household: Household, previous: Visit | None, context: BotContext,
                lang: str) -> str:
    visit = compose_visit(draft, household, companion_id=0, now=context.services.clock.now(), previous=previous,
                          verification=context.services.settings.verification)
    return ", ".join(t_plain(f"report.flag.{flag.flag}", lang) for flag in visit.flags)


# ── CONFIRM ──────────────────────────────────────────────────────────────────

@report_step
async def send_report(update: Update, context: BotContext, draft: ReportDraft) -> int:
    """Store the report in one transaction (once, however often Send is pressed) and give a receipt."""
    await _answer(update)
    person = await context.person(update)
    assert person is not None and draft.household_id is not None and draft.location is not None
    services = context.services
    household = await services.households.by_id(draft.household_id)
    assert household is not None
    latest = await services.visits.latest_of_companion(person.id, 1)
    previous = latest[0] if latest else None
    visit = compose_visit(draft, household, companion_id=person.id, now=services.clock.now(),
                          previous=previous, verification=services.settings.verification)
    visit_id, created = await services.visits.add(visit)
    if created:
        travel = travel_flag(draft.location, previous, services.settings.verification)
        if travel is not None and previous is not None:
            await services.visits.add_flag(previous.id, VisitFlag(travel.flag, travel.detail, visit_id))
        if draft.propose_coordinates and household.latitude is None:
            await services.proposals.add(
                household_id=household.id, proposed_by=person.id, latitude=draft.location.latitude,
                longitude=draft.location.longitude, accuracy_m=draft.location.accuracy_m,
                reason="no_reference", visit_id=visit_id,
            )
    _drop(context, update)
    lang = person.language
    lines = [t("report.receipt", lang, number=visit_id)]
    if visit.flags:
        lines.append(t("report.receipt.flagged", lang,
                       flags=", ".join(t_plain(f"report.flag.{flag.flag}", lang) for flag in visit.flags)))
    await _send(update, context, "\n".join(lines), kb.main_menu(lang))
    return END


# ── Helpers ──────────────────────────────────────────────────────────────────

def _keep(update: Update, context: BotContext, draft: ReportDraft) -> None:
    if context.user_data is not None:
        context.user_data[DRAFT] = draft.to_json()
        _persist_now(update, context)


def _drop(context: BotContext, update: Update | None = None) -> None:
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    if update is not None:
        _persist_now(update, context)


def _persist_now(update: Update, context: BotContext) -> None:
    """Have the save at the end of this update write the draft too: PTB marks user data for
    saving only after the last handler group, too late for a crash right after this step."""
    if update.effective_user is not None:
        context.application.mark_data_for_update_persistence(user_ids=update.effective_user.id)


async def _answer(update: Update) -> None:
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()
        except TelegramError:
            pass  # an old query cannot be answered any more; nothing to tell


def _callback_suffix(update: Update, prefix: str) -> str:
    data = update.callback_query.data if update.callback_query else None
    return str(data or "").removeprefix(prefix)


async def _main_menu(update: Update, context: BotContext) -> ReplyMarkup:
    return kb.main_menu(await context.language(update))


async def _send(update: Update, context: BotContext, text: str, markup: ReplyMarkup | None = None) -> None:
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, text, reply_markup=markup)


async def _show(update: Update, context: BotContext, text: str, markup: ReplyMarkup) -> None:
    """Edit the list in place when a button of it was pressed, else send it."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)  # type: ignore[arg-type]
            return
        except TelegramError:
            pass  # too old to edit: send it anew
    await _send(update, context, text, markup)


def _step(hint_key: str, *handlers: BaseHandler[Update, BotContext, Any]) -> list[BaseHandler[Update, BotContext, Any]]:
    """A state's handlers: cancel first, the step's own, then a hint for anything else."""
    answer = hint(hint_key)
    return [
        CommandHandler("batal", cancel),
        CallbackQueryHandler(cancel, pattern=f"^{kb.CANCEL}$"),
        *handlers,
        MessageHandler(NOT_EDITED, answer),
        CallbackQueryHandler(answer),
    ]


def build_conversation() -> ConversationHandler[BotContext]:
    """The report conversation, laid out step by step."""
    with warnings.catch_warnings():
        # Buttons belong to the companion's one report, not to one message: per_message=False is meant.
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        return _conversation()


def _conversation() -> ConversationHandler[BotContext]:
    return ConversationHandler(
        entry_points=[
            CommandHandler("lapor", start_report),
            MessageHandler(filters.Text(kb.menu_labels("report.menu.report")) & NOT_EDITED, start_report),
            CallbackQueryHandler(start_report, pattern=f"^{kb.START}$"),
        ],
        states={
            LOCATION: _step(
                "report.hint.location",
                MessageHandler(filters.LOCATION & NOT_EDITED, receive_location),
            ),
            HOUSEHOLD: _step(
                "report.hint.household",
                CallbackQueryHandler(choose_household, pattern=rf"^{kb.CHOOSE}\d+$"),
                CallbackQueryHandler(turn_page, pattern=rf"^{kb.PAGE}\d+$"),
                CallbackQueryHandler(show_nearest, pattern=f"^{kb.NEAREST}$"),
                MessageHandler(filters.LOCATION & NOT_EDITED, receive_location),
                MessageHandler(filters.TEXT & ~filters.COMMAND & NOT_EDITED, search_households),
            ),
            VERDICT: _step(
                "report.hint.verdict",
                CallbackQueryHandler(continue_after_verdict, pattern=f"^{kb.CONTINUE}$"),
                CallbackQueryHandler(propose_position, pattern=f"^{kb.PROPOSE}$"),
            ),
            PHOTOS: _step(
                "report.hint.photos",
                MessageHandler((filters.PHOTO | filters.Document.IMAGE) & NOT_EDITED, receive_photo),
                CallbackQueryHandler(finish_photos, pattern=f"^{kb.PHOTOS_DONE}$"),
            ),
            CONDITIONS: _step(
                "report.hint.conditions",
                CallbackQueryHandler(toggle_condition, pattern=rf"^{kb.TOGGLE}\d+$"),
                CallbackQueryHandler(finish_conditions, pattern=f"^{kb.CONDITIONS_DONE}$"),
            ),
            NOTE: _step(
                "report.hint.note",
                MessageHandler(filters.TEXT & ~filters.COMMAND & NOT_EDITED, receive_note),
                MessageHandler(filters.VOICE & NOT_EDITED, receive_voice_note),
                CallbackQueryHandler(skip_note, pattern=f"^{kb.SKIP_NOTE}$"),
            ),
            CONFIRM: _step(
                "report.hint.confirm",
                CallbackQueryHandler(send_report, pattern=f"^{kb.SEND}$"),
            ),
        },
        fallbacks=[CommandHandler("batal", cancel)],
        name="visit_report",
        persistent=True,
    )
