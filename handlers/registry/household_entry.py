"""/kpmbaru: an admin registers one household step by step.

    DTKS → KK (or skip) → NAME → NIK (or skip) → ADDRESS → REGION (buttons) → KECAMATAN → DESA
         → COORDINATES (shared location, typed "lat, lon", map link, or skip)
         → COMPANION (buttons) → CONFIRM (save / cancel)

The draft lives in `user_data`, so a restart resumes where the admin was. Every step answers
any other kind of message (sticker, photo, voice, contact, document, forwarded message, an old
button, another command) with a hint and asks its question again; /batal cancels.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot.domain import NewHousehold, Role
from bot.rules.coordinates import CoordinateError, check_in_province, read_coordinates
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
from handlers.plumbing.buttons import ID
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import Journey
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import reply
from handlers.registry.views import region_label

if TYPE_CHECKING:  # the command table imports this module for its callback
    from handlers.commands import Command

DTKS, KK, NAME, ADDRESS, REGION, KECAMATAN, DESA, COORDINATES, COMPANION, CONFIRM = range(10)
NIK = 10  # added after the others: drafts saved at a step keep their number
END = ConversationHandler.END
DRAFT = "kpm_draft"
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
_TYPED = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & ~filters.FORWARDED


async def start(update: Update, context: BotContext) -> int:
    """Start a new household draft and ask for the DTKS id."""
    _drop_draft(context)
    return await _ask(update, context, DTKS)


async def got_dtks(update: Update, context: BotContext) -> int:
    """Take the DTKS id unless it is registered already."""
    try:
        dtks_id = normalize_dtks_id(_text(update))
    except RuleError as error:
        return await _refuse(update, context, error)
    existing = await context.services.households.by_dtks_id(dtks_id)
    if existing is not None:
        await reply(update, context, "reg.new.dtks_exists", dtks_id=dtks_id, name=existing.head_name)
        return DTKS
    return await _keep(update, context, "dtks_id", dtks_id, KK)


async def got_kk(update: Update, context: BotContext) -> int:
    """Take the KK number (checked as an import checks it)."""
    try:
        kk = normalize_kk(_text(update), context.services.settings.province.code)
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _keep(update, context, "kk_number", kk, NAME)


async def skip_kk(update: Update, context: BotContext) -> int:
    """Go on without a KK number: it can come later with an import."""
    await _pressed(update)
    return await _keep(update, context, "kk_number", None, NAME)


async def got_nik(update: Update, context: BotContext) -> int:
    """Take the head of household's NIK (checked as an import checks it)."""
    try:
        nik = normalize_nik(_text(update))
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _keep(update, context, "head_nik", nik, ADDRESS)


async def skip_nik(update: Update, context: BotContext) -> int:
    """Go on without a NIK."""
    await _pressed(update)
    return await _keep(update, context, "head_nik", None, ADDRESS)


async def got_name(update: Update, context: BotContext) -> int:
    """Take the head of household's name."""
    try:
        name = normalize_name(_text(update))
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _keep(update, context, "head_name", name, NIK)


async def got_address(update: Update, context: BotContext) -> int:
    """Take the address."""
    return await _take_text(update, context, "address", REGION)


async def got_region(update: Update, context: BotContext) -> int:
    """Take the kabupaten/kota pressed."""
    code = await _pressed(update)
    regions = await context.services.registry.region_names()
    if code not in regions or code == context.services.settings.province.code:
        return await _ask(update, context, REGION)
    draft = _draft(context)
    for field, number in (("kk", draft.get("kk_number")), ("nik", draft.get("head_nik"))):
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
    return await _keep(update, context, "region_code", code, KECAMATAN)


async def got_kecamatan(update: Update, context: BotContext) -> int:
    """Take the kecamatan."""
    return await _take_text(update, context, "kecamatan", DESA)


async def got_desa(update: Update, context: BotContext) -> int:
    """Take the desa/kelurahan."""
    return await _take_text(update, context, "desa", COORDINATES)


async def got_location(update: Update, context: BotContext) -> int:
    """Take a shared location as the house's coordinates."""
    message = update.effective_message
    assert message is not None and message.location is not None
    latitude, longitude = message.location.latitude, message.location.longitude
    try:
        check_in_province(latitude, longitude, context.services.settings.province.box)
    except CoordinateError as error:
        await reply(update, context, f"reg.coordinates.{error.problem.value}")
        return COORDINATES
    return await _keep_coordinates(update, context, latitude, longitude)


async def got_typed_coordinates(update: Update, context: BotContext) -> int:
    """Take typed `lat, lon` or a Google Maps link."""
    try:
        latitude, longitude = read_coordinates(_text(update), context.services.settings.province.box)
    except CoordinateError as error:
        await reply(update, context, f"reg.coordinates.{error.problem.value}")
        return COORDINATES
    return await _keep_coordinates(update, context, latitude, longitude)


async def skip_coordinates(update: Update, context: BotContext) -> int:
    """Go on without coordinates."""
    await _pressed(update)
    return await _keep_coordinates(update, context, None, None)


async def got_companion(update: Update, context: BotContext) -> int:
    """Take the companion pressed (or none) and show the summary."""
    pressed = await _pressed(update)
    draft = _draft(context)
    companion_id = int(pressed) if pressed.isdigit() else 0
    if companion_id:
        companion = await context.services.people.by_id(companion_id)
        if (
            companion is None
            or not companion.active
            or companion.role is not Role.COMPANION
            or draft.get("region_code") not in companion.region_codes
        ):
            return await _ask(update, context, COMPANION)
    draft["companion_id"] = companion_id or None
    return await _ask(update, context, CONFIRM)


async def save(update: Update, context: BotContext) -> int:
    """Store the household (audited) and end the conversation."""
    await _pressed(update)
    draft = _draft(context)
    admin = context.member
    existing = await context.services.households.by_dtks_id(draft["dtks_id"])
    if existing is not None:
        await reply(update, context, "reg.new.dtks_exists", dtks_id=draft["dtks_id"], name=existing.head_name)
        return await _ask(update, context, DTKS)
    source = "admin" if draft.get("latitude") is not None else None
    household = await context.services.households.add(
        NewHousehold(
            dtks_id=draft["dtks_id"],
            head_name=draft["head_name"],
            region_code=draft["region_code"],
            kk_number=draft.get("kk_number"),
            head_nik=draft.get("head_nik"),
            address=draft.get("address"),
            kecamatan=draft.get("kecamatan"),
            desa=draft.get("desa"),
            latitude=draft.get("latitude"),
            longitude=draft.get("longitude"),
            coordinates_source=source,
            companion_id=draft.get("companion_id"),
        ),
        admin.id,
    )
    _drop_draft(context)
    await confirm_reply(update, context, "reg.new.saved", name=household.head_name, dtks_id=household.dtks_id)
    return END


async def cancel(update: Update, context: BotContext) -> int:
    """Drop the draft (by /batal or the Cancel button)."""
    if update.callback_query is not None:
        await _pressed(update)
    _drop_draft(context)
    await reply(update, context, "reg.new.cancelled")
    return END


async def forwarded(update: Update, context: BotContext) -> int:
    """Refuse a forwarded message and ask the step's question again."""
    await reply(update, context, "reg.new.forwarded")
    return await _ask(update, context, _step(context))


async def wrong_kind(update: Update, context: BotContext) -> int:
    """Answer a message this step cannot use and ask its question again."""
    step = _step(context)
    buttons_only = step in (REGION, COMPANION, CONFIRM)
    await reply(update, context, "reg.new.use_buttons" if buttons_only else "reg.new.wrong_kind")
    return await _ask(update, context, step)


async def old_button(update: Update, context: BotContext) -> int:
    """Answer a button of an earlier step and ask the current question again."""
    query = update.callback_query
    assert query is not None
    await query.answer(t_plain("reg.new.old_button", context.language))
    return await _ask(update, context, _step(context))


async def _abandon(context: BotContext) -> None:
    _drop_draft(context)


# /kpmbaru belongs to admins; an admin deactivated mid-way is a stranger from the next message on.
ENTRY = Journey(Role.ADMIN, DRAFT, _abandon, refusal_key="unknown_command", ended_key="reg.new.cancelled")


def conversation(kpmbaru: Command) -> ConversationHandler[BotContext]:
    """The whole /kpmbaru conversation, persistent across restarts."""
    step = ENTRY.step
    states: dict[object, list[BaseHandler[Update, BotContext, Any]]] = {
        state: [MessageHandler(_TYPED, step(callback))]
        for state, callback in (
            (DTKS, got_dtks),
            (KK, got_kk),
            (NAME, got_name),
            (NIK, got_nik),
            (ADDRESS, got_address),
            (KECAMATAN, got_kecamatan),
            (DESA, got_desa),
        )
    }
    states[KK].append(CallbackQueryHandler(step(skip_kk), pattern=f"^{_skip_data(KK)}$"))
    states[NIK].append(CallbackQueryHandler(step(skip_nik), pattern=f"^{_skip_data(NIK)}$"))
    states |= {
        REGION: [CallbackQueryHandler(step(got_region), pattern=f"^{PREFIX}r:")],
        COORDINATES: [
            MessageHandler(
                filters.UpdateType.MESSAGE & filters.LOCATION & ~filters.VENUE & ~filters.FORWARDED, step(got_location)
            ),
            MessageHandler(_TYPED, step(got_typed_coordinates)),
            CallbackQueryHandler(step(skip_coordinates), pattern=f"^{_skip_data(COORDINATES)}$"),
        ],
        COMPANION: [CallbackQueryHandler(step(got_companion), pattern=f"^{PREFIX}c:{ID}$")],
        CONFIRM: [
            CallbackQueryHandler(step(save), pattern=f"^{PREFIX}save$"),
            CallbackQueryHandler(step(cancel), pattern=f"^{PREFIX}cancel$"),
        ],
    }
    with warnings.catch_warnings():
        # Buttons are tracked per user on purpose: a button of an earlier step gets a hint.
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        return ConversationHandler(
            entry_points=[kpmbaru.handler()],
            states=states,
            fallbacks=[
                CommandHandler("batal", step(cancel)),
                MessageHandler(filters.UpdateType.MESSAGE & filters.FORWARDED, step(forwarded)),
                # An edited message too: it is never an answer, but it is answered.
                MessageHandler(filters.UpdateType.MESSAGES, step(wrong_kind)),
                # Any button, also another journey's: finish or cancel this entry first.
                CallbackQueryHandler(step(old_button)),
            ],
            name="kpm_new",
            persistent=True,
        )


async def _ask(update: Update, context: BotContext, step: int) -> int:
    """Ask the question of `step` (with its buttons) and remember the step."""
    _draft(context)["step"] = step
    lang = context.language
    if step == REGION:
        regions = await context.services.registry.region_names()
        buttons = [
            InlineKeyboardButton(name, callback_data=f"{PREFIX}r:{code}")
            for code, name in regions.items()
            if code != context.services.settings.province.code
        ]
        await reply(update, context, _QUESTIONS[step], markup=InlineKeyboardMarkup([[b] for b in buttons]))
    elif step in (KK, NIK, COORDINATES):
        skip = InlineKeyboardButton(t_plain("reg.button.skip", lang), callback_data=_skip_data(step))
        markup = InlineKeyboardMarkup([[skip]])
        await reply(update, context, _QUESTIONS[step], markup=markup, province=context.services.settings.province.code)
    elif step == COMPANION:
        await _ask_companion(update, context, lang)
    elif step == CONFIRM:
        await _confirm(update, context, lang)
    else:
        await reply(update, context, _QUESTIONS[step], province=context.services.settings.province.code)
    return step


async def _ask_companion(update: Update, context: BotContext, lang: str) -> None:
    code = _draft(context)["region_code"]
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


async def _confirm(update: Update, context: BotContext, lang: str) -> None:
    draft = _draft(context)
    regions = await context.services.registry.region_names()
    companion = await context.services.people.by_id(draft["companion_id"]) if draft.get("companion_id") else None
    latitude, longitude = draft.get("latitude"), draft.get("longitude")
    missing = t_plain("reg.kpm.missing", lang)
    markup = InlineKeyboardMarkup(
        [[_button("reg.button.save", lang, "save"), _button("reg.button.cancel", lang, "cancel")]]
    )
    await reply(
        update,
        context,
        "reg.new.confirm",
        markup=markup,
        dtks_id=draft["dtks_id"],
        kk=draft.get("kk_number") or missing,
        nik=draft.get("head_nik") or missing,
        name=draft["head_name"],
        address=draft["address"],
        region=region_label(regions, draft["region_code"], lang),
        kecamatan=draft["kecamatan"],
        desa=draft["desa"],
        coordinates=f"{latitude:.6f}, {longitude:.6f}" if latitude is not None else missing,
        companion=companion.full_name if companion else t_plain("reg.kpm.no_companion", lang),
    )


async def _keep(update: Update, context: BotContext, field: str, value: object, next_step: int) -> int:
    _draft(context)[field] = value
    return await _ask(update, context, next_step)


async def _keep_coordinates(
    update: Update, context: BotContext, latitude: float | None, longitude: float | None
) -> int:
    draft = _draft(context)
    draft["latitude"], draft["longitude"] = latitude, longitude
    return await _ask(update, context, COMPANION)


async def _take_text(update: Update, context: BotContext, field: str, next_step: int) -> int:
    try:
        value = normalize_text(_text(update))
        if value is None:
            raise RuleError("required")
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _keep(update, context, field, value, next_step)


async def _refuse(update: Update, context: BotContext, error: RuleError) -> int:
    lang = context.language
    reason = t_plain(error.key, lang, **error.values)
    await reply(update, context, "reg.new.invalid", reason=reason[:1].upper() + reason[1:])
    return _step(context)


async def _pressed(update: Update) -> str:
    """Acknowledge a button press and return the part of its data after the step's prefix."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    return query.data.removeprefix(PREFIX).split(":", 1)[-1]


def _skip_data(step: int) -> str:
    """A skip button belongs to its step: one still on screen from an earlier step is an old
    button there, and does not skip the step being asked."""
    return f"{PREFIX}skip:{step}"


def _button(key: str, lang: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(t_plain(key, lang), callback_data=f"{PREFIX}{data}")


def _step(context: BotContext) -> int:
    return int((_draft(context)).get("step", DTKS))


def _draft(context: BotContext) -> dict[str, Any]:
    """The household being entered, kept in user_data so that it survives restarts."""
    user_data = context.user_data
    assert user_data is not None, "conversations run in private chats, with a user"
    draft: dict[str, Any] = user_data.setdefault(DRAFT, {})
    return draft


def _drop_draft(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)


def _text(update: Update) -> str:
    message = update.effective_message
    return message.text or "" if message else ""
