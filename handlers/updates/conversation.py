"""A companion proposes changes of one of their households: from the household card (/kpm) or
right after a visit report (the offer under the receipt, skipped with one tap).

    CHOOSE (the list of changes, with submenus for the status and the programme's components)
      ├─ phone → PHONE (typed, or a shared contact)      ├─ address → ADDRESS
      ├─ members or a component → COUNT (0–30)           ├─ note → NOTE
      ├─ status moved → MOVED_ADDRESS → MOVED_AWAY → MOVED_LOCATION (live location, or skip)
      ├─ status deceased → SUCCESSOR → (SUCCESSOR_NAME → SUCCESSOR_NIK → SUCCESSOR_KK, or none)
      ├─ status graduated → GRADUATED_REASON             └─ not found, refuses: noted at once
    each value back to CHOOSE; ✅ Kirim stores every change as a proposal (`bot.decisions.field_updates`).

A journey of `handlers.plumbing.journey`: the draft lives in `user_data`, so a restart resumes
where the companion was; every step answers any other kind of message (or an old button) with
its hint and its question again and keeps the draft; ↩ Kembali returns to the list without the
value; /batal cancels; a proposal left idle ends.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.decisions.field_updates import (
    BeginOutcome,
    ChangeRefused,
    NothingProposed,
    Proposed,
    UpdateBegun,
    begin_update,
    begin_update_after_visit,
    known_members,
    propose_changes,
)
from bot.domain import HouseholdStatus, Role
from bot.rules.field_updates import (
    COMPONENTS,
    COUNT_MAX,
    NOTE_MAX,
    Field,
    StatusReport,
    check_component,
    field_label,
    normalize_note,
    normalize_phone,
    read_count,
    value_text,
)
from bot.rules.households import RuleError, normalize_kk, normalize_name, normalize_nik, normalize_text
from bot.rules.update_draft import UpdateDraft
from bot.texts import t, t_plain
from handlers.plumbing.access import guard
from handlers.plumbing.buttons import ID, button_id
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import END, STAY, Hint, Next, State, answer_query
from handlers.plumbing.outbox import confirm_reply
from handlers.plumbing.replies import ReplyMarkup, reply, reply_text
from handlers.report import keyboards as report_keyboards
from handlers.report.location import live_period_s
from handlers.scheduled.jobs import alert_soon
from handlers.updates import keyboards as kb
from handlers.updates.session import (
    ADDRESS,
    CHOOSE,
    COUNT,
    GRADUATED_REASON,
    MOVED_ADDRESS,
    MOVED_AWAY,
    MOVED_LOCATION,
    NOTE,
    PHONE,
    SUCCESSOR,
    SUCCESSOR_KK,
    SUCCESSOR_NAME,
    SUCCESSOR_NIK,
    UPDATE,
)

# Text the companion wrote now: not a command, not someone else's words, not a menu key.
TYPED = (
    filters.UpdateType.MESSAGE
    & filters.TEXT
    & ~filters.COMMAND
    & ~filters.FORWARDED
    & ~filters.Text(report_keyboards.KEYBOARD_LABELS)
)
CONTACT = filters.UpdateType.MESSAGE & filters.CONTACT & ~filters.FORWARDED
LOCATION = filters.UpdateType.MESSAGE & filters.LOCATION & ~filters.VENUE & ~filters.FORWARDED
COMPANIONS = frozenset({Role.COMPANION})
_FIELD_STATE = {Field.PHONE: PHONE, Field.ADDRESS: ADDRESS, Field.NOTE: NOTE}
_STATUS_STEP = {
    HouseholdStatus.MOVED: MOVED_ADDRESS,
    HouseholdStatus.DECEASED: SUCCESSOR,
    HouseholdStatus.GRADUATED: GRADUATED_REASON,
}
_QUESTIONS = {
    PHONE: "upd.ask.phone",
    ADDRESS: "upd.ask.address",
    COUNT: "upd.ask.count",
    NOTE: "upd.ask.note",
    MOVED_ADDRESS: "upd.ask.moved_address",
    MOVED_AWAY: "upd.ask.moved_away",
    MOVED_LOCATION: "upd.ask.moved_location",
    SUCCESSOR: "upd.ask.successor",
    SUCCESSOR_NAME: "upd.ask.successor_name",
    SUCCESSOR_NIK: "upd.ask.successor_nik",
    SUCCESSOR_KK: "upd.ask.successor_kk",
    GRADUATED_REASON: "upd.ask.graduated_reason",
}
# What a state says to anything it cannot use (the others wait for a typed text).
_HINTS = {
    CHOOSE: "upd.hint.choose",
    MOVED_AWAY: "upd.hint.buttons",
    SUCCESSOR: "upd.hint.buttons",
    MOVED_LOCATION: "upd.hint.location",
}


# ── Starting ──────────────────────────────────────────────────────────────


async def start_from_card(update: Update, context: BotContext) -> Next:
    """Begin proposing changes of the household whose card's button was pressed."""
    return await _begin(update, context, await begin_update(context.services, context.member, _pressed_id(update)))


async def start_after_visit(update: Update, context: BotContext) -> Next:
    """Begin proposing changes of the household just reported (the report is their evidence)."""
    outcome = await begin_update_after_visit(context.services, context.member, _pressed_id(update))
    return await _begin(update, context, outcome)


async def offer_changes(update: Update, context: BotContext, visit_id: int, household_id: int | None) -> None:
    """After a stored report: offer to propose changes of its household, or to say there are none
    (one tap). Only an offer: if Telegram does not take it, the report is stored all the same."""
    household = await context.services.households.by_id(household_id) if household_id is not None else None
    if household is None:
        return
    markup = kb.offer(visit_id, context.language)
    with contextlib.suppress(TelegramError):
        await reply(update, context, "upd.offer", name=household.head_name, markup=markup)


async def skip_offer(update: Update, context: BotContext) -> None:
    """No changes after the report: the offer's buttons go; nothing else happens."""
    await answer_query(update, context, "upd.offer_skipped")
    query = update.callback_query
    if query is not None:
        with contextlib.suppress(TelegramError):  # too old to edit: the buttons stay, harmless
            await query.edit_message_reply_markup(None)


async def _begin(update: Update, context: BotContext, outcome: BeginOutcome) -> Next:
    await answer_query(update, context)
    if not isinstance(outcome, UpdateBegun):
        await reply(update, context, "upd.not_yours")
        return END
    now = context.services.clock.now()
    draft = UpdateDraft(uuid.uuid4().hex, now, outcome.household.id, outcome.visit_id)
    await UPDATE.begin(context, draft)
    await _show_menu(update, context, draft)
    return CHOOSE


# ── The list of changes ───────────────────────────────────────────────────


@UPDATE.step
async def switch_menu(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Show the main list, the statuses or the components in place."""
    await answer_query(update, context)
    markup = kb.menu(_pressed(update, kb.MENU), len(draft.changes), context.language)
    query = update.callback_query
    try:
        assert query is not None
        await query.edit_message_reply_markup(markup)
    except TelegramError:  # too old to edit: show the list anew
        await _show_menu(update, context, draft, markup=markup)
    return CHOOSE


@UPDATE.step
async def choose_field(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Ask for the chosen field's new value."""
    await answer_query(update, context)
    field_ = Field(_pressed(update, kb.FIELD))
    draft.asking, draft.status = field_.value, None
    return await _ask(update, context, draft, _FIELD_STATE.get(field_, COUNT))


@UPDATE.step
async def choose_status(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take a status; ask for what it needs (a move's address, a successor, a reason)."""
    await answer_query(update, context)
    status = HouseholdStatus(_pressed(update, kb.STATUS))
    draft.asking = None
    draft.detail(StatusReport(status))
    if status not in _STATUS_STEP:  # not found, refuses: nothing more to say
        return await _keep_status(update, context, draft)
    return await _ask(update, context, draft, _STATUS_STEP[status])


@UPDATE.step
async def go_back(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Back to the list, without the value being asked."""
    await answer_query(update, context)
    draft.asking, draft.status = None, None
    await _show_menu(update, context, draft)
    return CHOOSE


@UPDATE.step
async def send(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Store every change as a proposal (once, however often Kirim is pressed)."""
    outcome = await propose_changes(
        context.services,
        context.member,
        key=draft.key,
        household_id=draft.household_id,
        visit_id=draft.visit_id,
        changes=draft.changes,
    )
    if isinstance(outcome, NothingProposed):
        await answer_query(update, context, "upd.nothing")
        return CHOOSE
    await answer_query(update, context)
    if isinstance(outcome, ChangeRefused):
        draft.changes.pop(outcome.field, None)
        reason = t_plain(outcome.problem.key, context.language, **outcome.problem.values)
        field_ = field_label(outcome.field, context.language)
        await reply(update, context, "upd.refused", field=field_, reason=reason)
        await _show_menu(update, context, draft)
        return CHOOSE
    if not isinstance(outcome, Proposed):  # the household is no longer theirs
        await UPDATE.abandon(context)
        await reply(update, context, "upd.not_yours")
        return END
    UPDATE.forget(context)
    if outcome.created:
        alert_soon(context.application)
    replaced = t_plain("upd.sent.replaced", context.language) if outcome.replaced else ""
    count, name = len(outcome.update_ids), outcome.household.head_name
    await confirm_reply(update, context, "upd.sent", count=count, name=name, replaced=replaced)
    return END


# ── Values ────────────────────────────────────────────────────────────────


@UPDATE.step
async def got_phone(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take the phone number, typed or from a shared contact."""
    message = update.effective_message
    assert message is not None
    typed = message.contact.phone_number if message.contact is not None else message.text or ""
    try:
        phone = normalize_phone(typed)
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _keep(update, context, draft, Field.PHONE, phone)


@UPDATE.step
async def got_address(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take the corrected address."""
    try:
        address = _required_text(update)
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _keep(update, context, draft, Field.ADDRESS, address)


@UPDATE.step
async def got_count(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take the number of members, or of one component (never more than the members)."""
    field_ = Field(draft.asking or Field.MEMBERS)
    try:
        count = read_count(_text(update))
        if field_ is Field.MEMBERS:
            noted = [int(value) for name, value in draft.changes.items() if name in COMPONENTS]
            if noted and count < max(noted):
                raise RuleError("count_below_components", largest=max(noted))
        else:
            check_component(field_, count, await known_members(context.services, draft.household_id, draft.changes))
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _keep(update, context, draft, field_, count)


@UPDATE.step
async def got_note(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take the note to the admins."""
    try:
        note = normalize_note(_text(update))
    except RuleError as error:
        return await _refuse(update, context, error)
    return await _keep(update, context, draft, Field.NOTE, note)


@UPDATE.step
async def got_moved_address(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take the address the family moved to."""
    try:
        address = _required_text(update)
    except RuleError as error:
        return await _refuse(update, context, error)
    report = draft.status_report
    report.address = address
    draft.detail(report)
    return await _ask(update, context, draft, MOVED_AWAY)


@UPDATE.step
async def got_moved_away(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take whether the new address is out of the companion's area (the household then leaves)."""
    await answer_query(update, context)
    report = draft.status_report
    report.away = _pressed(update, kb.AWAY) == "yes"
    draft.detail(report)
    return await _ask(update, context, draft, MOVED_LOCATION)


@UPDATE.step
async def got_moved_location(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take a live location shared at the new home as its point; anything else proves nothing."""
    message = update.effective_message
    assert message is not None and message.location is not None
    location = message.location
    if live_period_s(location) is None:
        return await _answer_with_hint(update, context, draft, MOVED_LOCATION)
    if not context.services.settings.province.box.contains(location.latitude, location.longitude):
        await reply(update, context, "upd.location_outside", markup=kb.skip(kb.SKIP_LOCATION, context.language))
        return STAY
    report = draft.status_report
    report.latitude, report.longitude = location.latitude, location.longitude
    report.accuracy_m = location.horizontal_accuracy
    draft.detail(report)
    return await _keep_status(update, context, draft)


@UPDATE.step
async def skip_location(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """The move without a new point."""
    await answer_query(update, context)
    return await _keep_status(update, context, draft)


@UPDATE.step
async def got_successor(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Whether someone takes over as head: ask who, or note the household has no successor."""
    await answer_query(update, context)
    if _pressed(update, kb.HEIR) == "yes":
        return await _ask(update, context, draft, SUCCESSOR_NAME)
    return await _keep_status(update, context, draft)


@UPDATE.step
async def got_successor_name(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take the new head's name."""
    try:
        name = normalize_name(_text(update))
    except RuleError as error:
        return await _refuse(update, context, error)
    report = draft.status_report
    report.successor_name = name
    draft.detail(report)
    return await _ask(update, context, draft, SUCCESSOR_NIK)


@UPDATE.step
async def got_successor_nik(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take the new head's NIK (checked as an import checks it)."""
    try:
        nik = normalize_nik(_text(update))
    except RuleError as error:
        return await _refuse(update, context, error)
    report = draft.status_report
    report.successor_nik = nik
    draft.detail(report)
    return await _ask(update, context, draft, SUCCESSOR_KK)


@UPDATE.step
async def got_successor_kk(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take a new KK number (checked as an import checks it)."""
    try:
        kk = normalize_kk(_text(update), context.services.settings.province.code)
    except RuleError as error:
        return await _refuse(update, context, error)
    report = draft.status_report
    report.successor_kk = kk
    draft.detail(report)
    return await _keep_status(update, context, draft)


@UPDATE.step
async def keep_kk(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """The KK number stays as registered."""
    await answer_query(update, context)
    return await _keep_status(update, context, draft)


@UPDATE.step
async def got_graduated_reason(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    """Take why the family no longer needs assistance."""
    try:
        reason = _required_text(update)
    except RuleError as error:
        return await _refuse(update, context, error)
    report = draft.status_report
    report.reason = reason
    draft.detail(report)
    return await _keep_status(update, context, draft)


# ── Saying it ─────────────────────────────────────────────────────────────


async def _keep(update: Update, context: BotContext, draft: UpdateDraft, field_: Field, value: Any) -> Next:
    draft.changes[field_.value] = value
    draft.asking = None
    await _show_menu(update, context, draft, lead=t("upd.noted", context.language))
    return CHOOSE


async def _keep_status(update: Update, context: BotContext, draft: UpdateDraft) -> Next:
    draft.changes[Field.STATUS.value] = draft.status_report.to_value()
    draft.status = None
    await _show_menu(update, context, draft, lead=t("upd.noted", context.language))
    return CHOOSE


async def _menu_text(context: BotContext, draft: UpdateDraft) -> str:
    lang = context.language
    household = await context.services.households.by_id(draft.household_id)
    assert household is not None, "households are never deleted"
    lines = [t("upd.menu", lang, name=household.head_name, dtks_id=household.dtks_id), ""]
    if draft.changes:
        lines.append(t("upd.menu.changes", lang))
        lines += [
            t("upd.change_line", lang, field=field_label(name, lang), value=value_text(name, value, lang, reveal=False))
            for name, value in draft.changes.items()
        ]
    else:
        lines.append(t("upd.menu.none", lang))
    return "\n".join(lines)


async def _show_menu(
    update: Update,
    context: BotContext,
    draft: UpdateDraft,
    *,
    lead: str | None = None,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    text = await _menu_text(context, draft)
    markup = markup or kb.menu(kb.MAIN, len(draft.changes), context.language)
    await reply_text(update, context, f"{lead}\n\n{text}" if lead else text, markup=markup)


def _question(context: BotContext, draft: UpdateDraft, state: str) -> tuple[str, ReplyMarkup]:
    """What `state` asks, and its buttons."""
    lang = context.language
    values: dict[str, Any] = {"province": context.services.settings.province.code}
    if state == COUNT:
        values |= {"label": field_label(draft.asking or Field.MEMBERS, lang), "limit": COUNT_MAX}
    elif state == NOTE:
        values["limit"] = NOTE_MAX
    markups: dict[str, ReplyMarkup] = {
        MOVED_AWAY: kb.moved_away(lang),
        MOVED_LOCATION: kb.skip(kb.SKIP_LOCATION, lang),
        SUCCESSOR: kb.successor(lang),
        SUCCESSOR_KK: kb.skip(kb.SKIP_KK, lang),
    }
    return t(_QUESTIONS[state], lang, **values), markups.get(state, kb.back(lang))


async def _ask(update: Update, context: BotContext, draft: UpdateDraft, state: str) -> str:
    text, markup = _question(context, draft, state)
    await reply_text(update, context, text, markup=markup)
    return state


def _hint(state: str) -> Hint[UpdateDraft]:
    """What `state` waits for, and its question again."""

    async def answer(update: Update, context: BotContext, draft: UpdateDraft) -> None:
        hint = t(_HINTS.get(state, "upd.hint.typed"), context.language)
        if state == CHOOSE:
            await _show_menu(update, context, draft, lead=hint)
            return
        text, markup = _question(context, draft, state)
        await reply_text(update, context, f"{hint}\n\n{text}", markup=markup)

    return answer


async def _answer_with_hint(update: Update, context: BotContext, draft: UpdateDraft, state: str) -> Next:
    await _hint(state)(update, context, draft)
    return STAY


async def _refuse(update: Update, context: BotContext, error: RuleError) -> Next:
    """Say why the value cannot be taken; the step stays."""
    reason = t_plain(error.key, context.language, **error.values)
    await reply(update, context, "upd.invalid", reason=reason[:1].upper() + reason[1:])
    return STAY


def _required_text(update: Update) -> str:
    value = normalize_text(_text(update))
    if value is None:
        raise RuleError("required")
    return value


def _text(update: Update) -> str:
    message = update.effective_message
    return message.text or "" if message else ""


def _pressed(update: Update, prefix: str) -> str:
    query = update.callback_query
    assert query is not None and query.data is not None
    return query.data.removeprefix(prefix)


def _pressed_id(update: Update) -> int:
    assert update.callback_query is not None
    return button_id(update.callback_query.data)


# ── The layout ────────────────────────────────────────────────────────────


def conversation(user_data: Mapping[int, dict[str, Any]]) -> ConversationHandler[BotContext]:
    """The field update, laid out step by step; its entry points are the card's and the
    report's buttons, for companions."""
    entry_points: list[BaseHandler[Update, BotContext, Any]] = [
        CallbackQueryHandler(guard(start_from_card, COMPANIONS), pattern=rf"^{kb.FROM_CARD}{ID}$"),
        CallbackQueryHandler(guard(start_after_visit, COMPANIONS), pattern=rf"^{kb.FROM_VISIT}{ID}$"),
    ]
    back = CallbackQueryHandler(go_back, pattern=f"^{kb.BACK}$")
    fields = "|".join(field_.value for field_ in Field if field_ is not Field.STATUS)
    statuses = "|".join(status.value for status in HouseholdStatus)
    yes_no = "|".join(kb.YES_NO)
    handlers: dict[str, list[BaseHandler[Update, BotContext, Any]]] = {
        CHOOSE: [
            CallbackQueryHandler(switch_menu, pattern=rf"^{kb.MENU}({kb.MAIN}|{kb.STATUSES}|{kb.PEOPLE})$"),
            CallbackQueryHandler(choose_field, pattern=rf"^{kb.FIELD}({fields})$"),
            CallbackQueryHandler(choose_status, pattern=rf"^{kb.STATUS}({statuses})$"),
            CallbackQueryHandler(send, pattern=f"^{kb.SEND}$"),
            CallbackQueryHandler(UPDATE.guard(UPDATE.cancel), pattern=f"^{kb.CANCEL}$"),
        ],
        PHONE: [MessageHandler(TYPED | CONTACT, got_phone), back],
        ADDRESS: [MessageHandler(TYPED, got_address), back],
        COUNT: [MessageHandler(TYPED, got_count), back],
        NOTE: [MessageHandler(TYPED, got_note), back],
        MOVED_ADDRESS: [MessageHandler(TYPED, got_moved_address), back],
        MOVED_AWAY: [CallbackQueryHandler(got_moved_away, pattern=rf"^{kb.AWAY}({yes_no})$"), back],
        MOVED_LOCATION: [
            MessageHandler(LOCATION, got_moved_location),
            CallbackQueryHandler(skip_location, pattern=f"^{kb.SKIP}{kb.SKIP_LOCATION}$"),
            back,
        ],
        SUCCESSOR: [CallbackQueryHandler(got_successor, pattern=rf"^{kb.HEIR}({yes_no})$"), back],
        SUCCESSOR_NAME: [MessageHandler(TYPED, got_successor_name), back],
        SUCCESSOR_NIK: [MessageHandler(TYPED, got_successor_nik), back],
        SUCCESSOR_KK: [
            MessageHandler(TYPED, got_successor_kk),
            CallbackQueryHandler(keep_kk, pattern=f"^{kb.SKIP}{kb.SKIP_KK}$"),
            back,
        ],
        GRADUATED_REASON: [MessageHandler(TYPED, got_graduated_reason), back],
    }
    states = {state: State(_hint(state), state_handlers) for state, state_handlers in handlers.items()}
    return UPDATE.conversation(entry_points, states, user_data)
