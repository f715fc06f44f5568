"""The field update's buttons. Each protocol is declared here once: `upd:` belongs to the
companion's journey (`handlers.updates.conversation` matches it), `chg:` to the reviewers'
decisions (`handlers.updates.review`)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain import HouseholdStatus
from bot.rules.field_updates import COMPONENTS, Field
from bot.texts import t_plain

# Entry points: a household card's button, the offer after a report (or its "no changes").
FROM_CARD, FROM_VISIT, NO_CHANGE = "upd:new:", "upd:visit:", "upd:none:"
# The journey: which list of buttons, a field or a status chosen, the answers of its steps.
MENU, FIELD, STATUS = "upd:menu:", "upd:field:", "upd:status:"
SEND, CANCEL, BACK = "upd:send", "upd:cancel", "upd:back"
AWAY, HEIR, SKIP = "upd:away:", "upd:heir:", "upd:skip:"
YES_NO = ("yes", "no")
MAIN, STATUSES, PEOPLE = "main", "status", "components"
SKIP_LOCATION, SKIP_KK = "location", "kk"
# The reviewers' decisions on a proposal.
APPROVE, REJECT = "chg:a:", "chg:r:"


def _button(key: str, data: str, lang: str, **values: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(t_plain(key, lang, **values), callback_data=data)


def menu(kind: str, changes: int, lang: str) -> InlineKeyboardMarkup:
    """The list of what may change: the main list, the statuses, or the programme's components."""
    if kind == STATUSES:
        rows = [[_button(f"upd.status.{status.value}", f"{STATUS}{status.value}", lang)] for status in HouseholdStatus]
    elif kind == PEOPLE:
        rows = [[_button(f"upd.field.{field.value}", f"{FIELD}{field.value}", lang)] for field in COMPONENTS]
    else:
        rows = [
            [_button("upd.button.status", f"{MENU}{STATUSES}", lang)],
            [
                _button("upd.button.phone", f"{FIELD}{Field.PHONE}", lang),
                _button("upd.button.address", f"{FIELD}{Field.ADDRESS}", lang),
            ],
            [
                _button("upd.button.members", f"{FIELD}{Field.MEMBERS}", lang),
                _button("upd.button.components", f"{MENU}{PEOPLE}", lang),
            ],
            [_button("upd.button.note", f"{FIELD}{Field.NOTE}", lang)],
            [_button("upd.button.send", SEND, lang, count=changes), _button("upd.button.cancel", CANCEL, lang)],
        ]
        return InlineKeyboardMarkup(rows)
    rows.append([_button("upd.button.back", f"{MENU}{MAIN}", lang)])
    return InlineKeyboardMarkup(rows)


def back(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button("upd.button.back", BACK, lang)]])


def moved_away(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button("upd.button.nearby", f"{AWAY}no", lang)],
            [_button("upd.button.away", f"{AWAY}yes", lang)],
            [_button("upd.button.back", BACK, lang)],
        ]
    )


def successor(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button("upd.button.heir", f"{HEIR}yes", lang)],
            [_button("upd.button.no_heir", f"{HEIR}no", lang)],
            [_button("upd.button.back", BACK, lang)],
        ]
    )


def skip(what: str, lang: str) -> InlineKeyboardMarkup:
    key = "upd.button.skip_location" if what == SKIP_LOCATION else "upd.button.same_kk"
    return InlineKeyboardMarkup([[_button(key, f"{SKIP}{what}", lang)], [_button("upd.button.back", BACK, lang)]])


def offer(visit_id: int, lang: str) -> InlineKeyboardMarkup:
    """After a report: propose changes of its household, or say there are none (one tap)."""
    return InlineKeyboardMarkup(
        [
            [
                _button("upd.button.offer", f"{FROM_VISIT}{visit_id}", lang),
                _button("upd.button.no_change", f"{NO_CHANGE}{visit_id}", lang),
            ]
        ]
    )


def card(household_id: int, lang: str) -> InlineKeyboardMarkup:
    """Under a companion's household card."""
    return InlineKeyboardMarkup([[_button("upd.button.card", f"{FROM_CARD}{household_id}", lang)]])


def decide(update_id: int, lang: str) -> list[InlineKeyboardButton]:
    """A reviewer's two buttons for one proposal."""
    return [
        _button("upd.review.button.approve", f"{APPROVE}{update_id}", lang, id=update_id),
        _button("upd.review.button.reject", f"{REJECT}{update_id}", lang, id=update_id),
    ]
