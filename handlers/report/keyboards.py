"""Keyboards and small formatters of the visit report journey.

Keyboards that depend only on the language (and the condition marks) are built once and
reused: PTB's markup objects are immutable, and the condition toggles, redrawn at every
press, are the report's most frequent update."""

from __future__ import annotations

import functools

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.domain import Household, Verdict
from bot.rules.nearby import NearbyHousehold
from bot.rules.readable import distance_text
from bot.rules.report import CONDITION_MARKS
from bot.texts import LANGUAGES, t_plain

# Callback data of the report journey (≤ 64 bytes each).
START = "rep:start"
CHOOSE = "rep:h:"
PAGE = "rep:p:"
NEAREST = "rep:near"
CONTINUE = "rep:go"
PROPOSE = "rep:prop"
CANCEL = "rep:x"
PHOTOS_DONE = "rep:pd"
TOGGLE = "rep:c:"  # rep:c:<condition> cycles its mark, rep:c:<condition>:<mark> sets it
CONDITIONS_DONE = "rep:cd"
SKIP_NOTE = "rep:skip"
SEND = "rep:send"
SAME_VISIT = "rep:same"
NEW_VISIT = "rep:new"
RESUME = "rep:resume"
RESTART = "rep:restart"


def menu_labels(key: str) -> list[str]:
    """A main-menu label in every language (the button sends its label as text)."""
    return [t_plain(key, lang) for lang in LANGUAGES]


# Every label of the main menu and of the report's own keyboard: mid-report, such a text is
# never a search or a note (an old keyboard may still be on screen).
MENU_KEYS = ("report.menu.report", "report.menu.history", "report.menu.households")
KEYBOARD_LABELS = [label for key in (*MENU_KEYS, "report.button.cancel") for label in menu_labels(key)]


@functools.cache
def main_menu(lang: str) -> ReplyKeyboardMarkup:
    """The companion's persistent main menu."""
    return ReplyKeyboardMarkup(
        [
            [t_plain("report.menu.report", lang)],
            [t_plain("report.menu.history", lang), t_plain("report.menu.households", lang)],
        ],
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=t_plain("report.menu.placeholder", lang),
    )


@functools.cache
def during_report(lang: str) -> ReplyKeyboardMarkup:
    """The reply keyboard while a report is written: only Cancel, in place of the main menu,
    whose buttons would otherwise be taken as a search or a note. No location button: what
    Telegram's `request_location` sends cannot be told from a point picked on the map (see
    `bot.rules.report`), so the prompt teaches the live location instead."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(t_plain("report.button.cancel", lang))]],
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=t_plain("report.placeholder", lang),
    )


@functools.cache
def resume_or_restart(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button("report.button.resume", RESUME, lang), _button("report.button.restart", RESTART, lang)]]
    )


def _button(key: str, data: str, lang: str, **values: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(t_plain(key, lang, **values), callback_data=data)


def households(
    items: list[tuple[Household, float | None]], *, page: int, has_next: bool, searching: bool, lang: str
) -> InlineKeyboardMarkup:
    """One button per household, then paging and a way back to the nearest list."""
    rows = [
        [
            _button(
                "report.button.household",
                f"{CHOOSE}{household.id}",
                lang,
                name=household.head_name,
                desa=household.desa or "-",
                distance=distance_text(distance, lang),
            )
        ]
        for household, distance in items
    ]
    paging = []
    if page > 0:
        paging.append(_button("report.button.previous", f"{PAGE}{page - 1}", lang))
    if has_next:
        paging.append(_button("report.button.next", f"{PAGE}{page + 1}", lang))
    if paging:
        rows.append(paging)
    last = [_button("report.button.cancel", CANCEL, lang)]
    if searching:
        last.insert(0, _button("report.button.nearest", NEAREST, lang))
    rows.append(last)
    return InlineKeyboardMarkup(rows)


def nearest_items(found: list[NearbyHousehold]) -> list[tuple[Household, float | None]]:
    return [(item.household, item.distance_m) for item in found]


def after_verdict(verdict: Verdict, lang: str) -> InlineKeyboardMarkup:
    rows = [[_button("report.button.continue", CONTINUE, lang)]]
    if verdict is Verdict.NO_REFERENCE:
        rows.insert(0, [_button("report.button.propose", PROPOSE, lang)])
    rows.append([_button("report.button.cancel", CANCEL, lang)])
    return InlineKeyboardMarkup(rows)


@functools.cache
def photos_done(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button("report.button.continue", PHOTOS_DONE, lang), _button("report.button.cancel", CANCEL, lang)]]
    )


def conditions(keys: list[str], marks: dict[str, str], lang: str) -> InlineKeyboardMarkup:
    return _conditions(tuple(keys), tuple(marks.get(key, "unset") for key in keys), lang)


@functools.lru_cache(maxsize=1024)
def _conditions(keys: tuple[str, ...], marks: tuple[str, ...], lang: str) -> InlineKeyboardMarkup:
    """Per condition its name (with the current mark), then one button per mark: any of the
    three values is one tap away."""
    rows = []
    for index, (key, mark) in enumerate(zip(keys, marks, strict=True)):
        rows.append(
            [
                _button(
                    "report.button.condition",
                    f"{TOGGLE}{index}",
                    lang,
                    mark=t_plain(f"report.mark.{mark}", lang),
                    label=t_plain(f"report.condition.{key}", lang),
                )
            ]
        )
        rows.append(
            [
                _button(
                    "report.button.mark_chosen" if value == mark else "report.button.mark",
                    f"{TOGGLE}{index}:{number}",
                    lang,
                    mark=t_plain(f"report.mark.{value}", lang),
                    name=t_plain(f"report.mark_name.{value}", lang),
                )
                for number, value in enumerate(CONDITION_MARKS)
            ]
        )
    rows.append(
        [_button("report.button.continue", CONDITIONS_DONE, lang), _button("report.button.cancel", CANCEL, lang)]
    )
    return InlineKeyboardMarkup(rows)


@functools.cache
def skip_note(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button("report.button.skip", SKIP_NOTE, lang), _button("report.button.cancel", CANCEL, lang)]]
    )


@functools.cache
def confirm(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button("report.button.send", SEND, lang), _button("report.button.cancel", CANCEL, lang)]]
    )


@functools.cache
def same_visit(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button("report.button.same_visit", SAME_VISIT, lang)],
            [_button("report.button.new_visit", NEW_VISIT, lang)],
            [_button("report.button.cancel", CANCEL, lang)],
        ]
    )
