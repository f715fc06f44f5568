"""/kpmbaru: an admin registers one household step by step.

    DTKS → KK (or skip) → NAME → NIK (or skip) → ADDRESS → REGION (buttons) → KECAMATAN → DESA
         → COORDINATES (shared location, typed "lat, lon", map link, or skip)
         → COMPANION (buttons) → CONFIRM (save / cancel)

A journey of `handlers.plumbing.journey`: the draft lives in `user_data`, so a restart resumes
where the admin was; every step answers any other kind of message (sticker, photo, voice,
contact, document, forwarded message, an old button, another command) with a hint and asks its
question again; /batal cancels, and an entry left idle ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.decisions.households import (
    BadCoordinates,
    DtksTaken,
    EntryRefused,
    HouseholdEntry,
    Registered,
    register_household,
)
from bot.domain import Role
from bot.rules.coordinates import CoordinateError, check_in_province, read_coordinates
from bot.rules.household_draft import HouseholdDraft
from bot.rules.households import (
    RuleError,
    foreign_region,
    normalize_dtks_id,
    normalize_kk,
    normalize_name,
    normalize_nik,
    normalize_text,
)
from bot.texts import t_plain
from handlers.plumbing.access import Callback
from handlers.plumbing.buttons import ID
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import END, STAY, Hint, Journey, JourneyTexts, Next, State
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import reply
from handlers.registry.views import region_label

DTKS, KK, NAME, NIK, ADDRESS, REGION, KECAMATAN, DESA, COORDINATES, COMPANION, CONFIRM = (
    "dtks",
    "kk",
    "name",
    "nik",
    "address",
    "region",
    "kecamatan",
    "desa",
    "coordinates",
    "companion",
    "confirm",
)
PREFIX = "reg:new:"
COMPANION_BUTTONS = 30
_QUESTIONS = {
    DTKS: "reg.new.ask_dtks",
    KK: "reg.new.ask_kk",
    NAME: "reg.new.ask_name",
    NIK: "reg.new.ask_nik",
    ADDRESS: "reg.new.ask_address",
    REGION: "reg.new.ask_region",
    KECAMATAN: "reg.new.ask_kecamatan",
    DESA: "reg.new.ask_desa",
    COORDINATES: "reg.new.ask_coordinates",
}
# The step that asks for each field of the entry (asked again when the field was refused at Save).
_STEP_OF_FIELD = {
    "dtks_id": DTKS,
    "kk_number": KK,
    "head_name": NAME,
    "head_nik": NIK,
    "address": ADDRESS,
    "region_code": REGION,
    "kecamatan": KECAMATAN,
    "desa": DESA,
    "latitude": COORDINATES,
    "longitude": COORDINATES,
    "companion_id": COMPANION,
}
_BUTTONS_ONLY = (REGION, COMPANION, CONFIRM)
_TYPED = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & ~filters.FORWARDED

# /kpmbaru belongs to admins; an admin deactivated mid-way is a stranger from the next message on.
ENTRY = Journey(
    name="kpm_new",
    role=Role.ADMIN,
    draft_key="kpm_draft",
    load=HouseholdDraft.from_json,
    texts=JourneyTexts(
        cancelled="reg.new.cancelled",
        expired="reg.new.expired",
        refused="unknown_command",
        ended="reg.new.cancelled",
        stale_button="reg.new.old_button",
    ),
    idle_minutes=lambda settings: settings.registry.entry_idle_minutes,
    # The release before named states saved these as 0..10 (NIK was added last).
    numbered_states=(DTKS, KK, NAME, ADDRESS, REGION, KECAMATAN, DESA, COORDINATES, COMPANION, CONFIRM, NIK),
    old_draft=HouseholdDraft.from_dict,
)
step = ENTRY.step


async def start(update: Update, context: BotContext) -> Next:
    """Start a new household draft and ask for the DTKS id."""
    draft = HouseholdDraft(active_at=context.services.clock.now())
    await ENTRY.begin(context, draft)
    return await _ask(update, context, draft, DTKS)


@step
async def got_dtks(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Take the DTKS id unless it is registered already."""
    try:
        dtks_id = normalize_dtks_id(_text(update))
    except RuleError as error:
        return await _refuse(update, context, error)
    existing = await context.services.households.by_dtks_id(dtks_id)
    if existing is not None:
        await reply(update, context, "reg.new.dtks_exists", dtks_id=dtks_id, name=existing.head_name)
        return STAY
    draft.dtks_id = dtks_id
    return await _ask(update, context, draft, KK)


@step
async def got_kk(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Take the KK number (checked as an import checks it)."""
    try:
        draft.kk_number = normalize_kk(_text(update), context.services.settings.province.code)
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _ask(update, context, draft, NAME)


@step
async def skip_kk(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Go on without a KK number: it can come later with an import."""
    await _pressed(update)
    draft.kk_number = None
    return await _ask(update, context, draft, NAME)


@step
async def got_nik(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Take the head of household's NIK (checked as an import checks it)."""
    try:
        draft.head_nik = normalize_nik(_text(update))
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _ask(update, context, draft, ADDRESS)


@step
async def skip_nik(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Go on without a NIK."""
    await _pressed(update)
    draft.head_nik = None
    return await _ask(update, context, draft, ADDRESS)


@step
async def got_name(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Take the head of household's name."""
    try:
        draft.head_name = normalize_name(_text(update))
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _ask(update, context, draft, NIK)


@step
async def got_address(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Take the address."""
    try:
        draft.address = _required_text(update)
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _ask(update, context, draft, REGION)


@step
async def got_region(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Take the kabupaten/kota pressed."""
    code = await _pressed(update)
    regions = await context.services.registry.region_names()
    if code not in regions or code == context.services.settings.province.code:
        return await _ask(update, context, draft, REGION)
    for field, number in (("kk", draft.kk_number), ("nik", draft.head_nik)):
        issued = foreign_region(number, code)
        if issued is not None:
            await reply(
                update,
                context,
                "reg.new.region_mismatch",
                number=t_plain(f"reg.new.number.{field}", context.language),
                issued_code=issued[0],
                issued=issued[1],
                region_code=code,
            )
    draft.region_code = code
    return await _ask(update, context, draft, KECAMATAN)


@step
async def got_kecamatan(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Take the kecamatan."""
    try:
        draft.kecamatan = _required_text(update)
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _ask(update, context, draft, DESA)


@step
async def got_desa(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Take the desa/kelurahan."""
    try:
        draft.desa = _required_text(update)
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _ask(update, context, draft, COORDINATES)


@step
async def got_location(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Take a shared location as the house's coordinates."""
    message = update.effective_message
    assert message is not None and message.location is not None
    latitude, longitude = message.location.latitude, message.location.longitude
    try:
        check_in_province(latitude, longitude, context.services.settings.province.box)
    except CoordinateError as error:
        await reply(update, context, f"reg.coordinates.{error.problem.value}")
        return STAY
    draft.latitude, draft.longitude = latitude, longitude
    return await _ask(update, context, draft, COMPANION)


@step
async def got_typed_coordinates(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Take typed `lat, lon` or a Google Maps link."""
    try:
        draft.latitude, draft.longitude = read_coordinates(_text(update), context.services.settings.province.box)
    except CoordinateError as error:
        await reply(update, context, f"reg.coordinates.{error.problem.value}")
        return STAY
    return await _ask(update, context, draft, COMPANION)


@step
async def skip_coordinates(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Go on without coordinates."""
    await _pressed(update)
    draft.latitude = draft.longitude = None
    return await _ask(update, context, draft, COMPANION)


@step
async def got_companion(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Take the companion pressed (or none) and show the summary."""
    pressed = await _pressed(update)
    companion_id = int(pressed) if pressed.isdigit() else 0
    if companion_id:
        companion = await context.services.people.by_id(companion_id)
        if (
            companion is None
            or not companion.active
            or companion.role is not Role.COMPANION
            or draft.region_code not in companion.region_codes
        ):
            return await _ask(update, context, draft, COMPANION)
    draft.companion_id = companion_id or None
    return await _ask(update, context, draft, CONFIRM)


@step
async def save(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
    """Store the household (audited) and end the conversation."""
    await _pressed(update)
    entry = HouseholdEntry(
        dtks_id=draft.dtks_id or "",
        head_name=draft.head_name or "",
        region_code=draft.region_code or "",
        address=draft.address or "",
        kecamatan=draft.kecamatan or "",
        desa=draft.desa or "",
        kk_number=draft.kk_number,
        head_nik=draft.head_nik,
        latitude=draft.latitude,
        longitude=draft.longitude,
        companion_id=draft.companion_id,
    )
    outcome = await register_household(context.services, context.member, entry)
    if isinstance(outcome, Registered):
        ENTRY.forget(context)
        household = outcome.household
        await confirm_reply(update, context, "reg.new.saved", name=household.head_name, dtks_id=household.dtks_id)
        return END
    if isinstance(outcome, DtksTaken):
        await reply(update, context, "reg.new.dtks_exists", dtks_id=outcome.dtks_id, name=outcome.head_name)
        return await _ask(update, context, draft, DTKS)
    if isinstance(outcome, BadCoordinates):
        await reply(update, context, f"reg.coordinates.{outcome.problem.value}")
        return await _ask(update, context, draft, COORDINATES)
    if isinstance(outcome, EntryRefused):  # changed since its step, e.g. the companion deactivated
        await _refuse(update, context, outcome.problem)
        return await _ask(update, context, draft, _STEP_OF_FIELD[outcome.field])
    return await ENTRY.cancel(update, context)  # no admin any more (the step's guard tells it first)


def _hint(state: str) -> Hint[HouseholdDraft]:
    """Why a message cannot be used at `state`, then its question again."""

    async def ask_again(update: Update, context: BotContext, draft: HouseholdDraft) -> None:
        message = update.effective_message
        if update.callback_query is None and message is not None:
            forwarded = message.forward_origin is not None
            key = "reg.new.use_buttons" if state in _BUTTONS_ONLY else "reg.new.wrong_kind"
            await reply(update, context, "reg.new.forwarded" if forwarded else key)
        await _ask(update, context, draft, state)

    return ask_again


def conversation(start: Callback, user_data: Mapping[int, dict[str, Any]]) -> ConversationHandler[BotContext]:
    """The whole /kpmbaru conversation, persistent across restarts; `start` is /kpmbaru's
    callback, guarded by the command table's roles."""
    typed_steps = {
        DTKS: got_dtks,
        KK: got_kk,
        NAME: got_name,
        NIK: got_nik,
        ADDRESS: got_address,
        KECAMATAN: got_kecamatan,
        DESA: got_desa,
    }
    handlers: dict[str, list[BaseHandler[Update, BotContext, Any]]] = {
        state: [MessageHandler(_TYPED, callback)] for state, callback in typed_steps.items()
    }
    handlers[KK].append(CallbackQueryHandler(skip_kk, pattern=f"^{_skip_data(KK)}$"))
    handlers[NIK].append(CallbackQueryHandler(skip_nik, pattern=f"^{_skip_data(NIK)}$"))
    handlers |= {
        REGION: [CallbackQueryHandler(got_region, pattern=f"^{PREFIX}r:")],
        COORDINATES: [
            MessageHandler(
                filters.UpdateType.MESSAGE & filters.LOCATION & ~filters.VENUE & ~filters.FORWARDED, got_location
            ),
            MessageHandler(_TYPED, got_typed_coordinates),
            CallbackQueryHandler(skip_coordinates, pattern=f"^{_skip_data(COORDINATES)}$"),
        ],
        COMPANION: [CallbackQueryHandler(got_companion, pattern=f"^{PREFIX}c:{ID}$")],
        CONFIRM: [
            CallbackQueryHandler(save, pattern=f"^{PREFIX}save$"),
            CallbackQueryHandler(ENTRY.guard(ENTRY.cancel), pattern=f"^{PREFIX}cancel$"),
        ],
    }
    states = {state: State(_hint(state), state_handlers) for state, state_handlers in handlers.items()}
    return ENTRY.conversation([CommandHandler("kpmbaru", start)], states, user_data)


async def _ask(update: Update, context: BotContext, draft: HouseholdDraft, state: str) -> str:
    """Ask the question of `state` (with its buttons); return it."""
    lang = context.language
    if state == REGION:
        regions = await context.services.registry.region_names()
        buttons = [
            InlineKeyboardButton(name, callback_data=f"{PREFIX}r:{code}")
            for code, name in regions.items()
            if code != context.services.settings.province.code
        ]
        await reply(update, context, _QUESTIONS[state], markup=InlineKeyboardMarkup([[b] for b in buttons]))
    elif state in (KK, NIK, COORDINATES):
        skip = InlineKeyboardButton(t_plain("reg.button.skip", lang), callback_data=_skip_data(state))
        markup = InlineKeyboardMarkup([[skip]])
        await reply(update, context, _QUESTIONS[state], markup=markup, province=context.services.settings.province.code)
    elif state == COMPANION:
        await _ask_companion(update, context, draft, lang)
    elif state == CONFIRM:
        await _confirm(update, context, draft, lang)
    else:
        await reply(update, context, _QUESTIONS[state], province=context.services.settings.province.code)
    return state


async def _ask_companion(update: Update, context: BotContext, draft: HouseholdDraft, lang: str) -> None:
    code = draft.region_code
    assert code is not None
    companions = [p for p in await context.services.people.listing(Role.COMPANION, code) if p.active]
    rows = [
        [InlineKeyboardButton(p.full_name[:60], callback_data=f"{PREFIX}c:{p.id}")]
        for p in companions[:COMPANION_BUTTONS]
    ]
    rows.append([_button("reg.button.no_companion", lang, "c:0")])
    if companions:
        await reply(update, context, "reg.new.ask_companion", markup=InlineKeyboardMarkup(rows))
        return
    regions = await context.services.registry.region_names()
    await reply(
        update,
        context,
        "reg.new.no_companions",
        region=region_label(regions, code, lang),
        markup=InlineKeyboardMarkup(rows),
    )


async def _confirm(update: Update, context: BotContext, draft: HouseholdDraft, lang: str) -> None:
    assert draft.region_code is not None
    regions = await context.services.registry.region_names()
    companion = await context.services.people.by_id(draft.companion_id) if draft.companion_id else None
    latitude, longitude = draft.latitude, draft.longitude
    missing = t_plain("reg.kpm.missing", lang)
    markup = InlineKeyboardMarkup(
        [[_button("reg.button.save", lang, "save"), _button("reg.button.cancel", lang, "cancel")]]
    )
    await reply(
        update,
        context,
        "reg.new.confirm",
        markup=markup,
        dtks_id=draft.dtks_id,
        kk=draft.kk_number or missing,
        nik=draft.head_nik or missing,
        name=draft.head_name,
        address=draft.address,
        region=region_label(regions, draft.region_code, lang),
        kecamatan=draft.kecamatan,
        desa=draft.desa,
        coordinates=f"{latitude:.6f}, {longitude:.6f}" if latitude is not None and longitude is not None else missing,
        companion=companion.full_name if companion else t_plain("reg.kpm.no_companion", lang),
    )


def _required_text(update: Update) -> str:
    """The message's text, cleaned; an empty one is refused."""
    value = normalize_text(_text(update))
    if value is None:
        raise RuleError("required")
    return value


async def _refuse(update: Update, context: BotContext, error: RuleError) -> Next:
    """Say why the value cannot be taken; the step stays."""
    lang = context.language
    reason = t_plain(error.key, lang, **error.values)
    await reply(update, context, "reg.new.invalid", reason=reason[:1].upper() + reason[1:])
    return STAY


async def _pressed(update: Update) -> str:
    """Acknowledge a button press and return the part of its data after the step's prefix."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    return query.data.removeprefix(PREFIX).split(":", 1)[-1]


def _skip_data(state: str) -> str:
    """A skip button belongs to its step: one still on screen from an earlier step is an old
    button there, and does not skip the step being asked."""
    return f"{PREFIX}skip:{state}"


def _button(key: str, lang: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(t_plain(key, lang), callback_data=f"{PREFIX}{data}")


def _text(update: Update) -> str:
    message = update.effective_message
    return message.text or "" if message else ""
