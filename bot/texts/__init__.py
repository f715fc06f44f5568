"""The catalogue of every sentence a user reads: Bahasa Indonesia first, English second, one
module per feature (`bot/texts/<feature>.py`) joined here.

Texts are Telegram HTML. `t()` escapes the values it fills in, so names and addresses can
never break the markup; `t_plain()` is for places that are not HTML (button labels, files).
Both are where people's text enters the bot's words: a value's direction controls go and its
right-to-left lines are isolated (`bot.bidi`), so it never turns the sentence around.
"""

from __future__ import annotations

import html
import string
from typing import Any

from bot.bidi import contained
from bot.texts import commands, dashboard, digest, general, office, registry, report, review, scheduled, tasks, updates

LANGUAGES = ("id", "en")


class DuplicateText(Exception):
    """Two features' catalogues define the same key: one of them would silently win."""


def join_features(*features: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """One catalogue of the features' texts; a key defined twice stops the import (within one
    feature's dict, ruff's F601 catches it)."""
    joined: dict[str, tuple[str, str]] = {}
    for feature in features:
        for key, texts in feature.items():
            if key in joined:
                raise DuplicateText(f"text key {key!r} is defined twice")
            joined[key] = texts
    return joined


TEXTS: dict[str, tuple[str, str]] = join_features(
    general.TEXTS,
    commands.TEXTS,
    registry.TEXTS,
    report.TEXTS,
    review.TEXTS,
    scheduled.TEXTS,
    digest.TEXTS,
    office.TEXTS,
    dashboard.TEXTS,
    tasks.TEXTS,
    updates.TEXTS,
)


class _CatalogueFormatter(string.Formatter):
    """`str.format`, plus `{count:household|households}`: the number followed by the word that
    agrees with it (English nouns change with the number; Indonesian ones do not)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return f"{value} {one if value == 1 else many}"
        return format(value, format_spec)


_FORMATTER = _CatalogueFormatter()


def t(key: str, lang: str = "id", **values: Any) -> str:
    """The text `key` in `lang` as Telegram HTML, with `values` escaped and filled in."""
    escaped = {
        name: value if isinstance(value, int) else html.escape(contained(str(value)), quote=False)
        for name, value in values.items()
    }
    return _FORMATTER.format(_template(key, lang), **escaped)


def t_plain(key: str, lang: str = "id", **values: Any) -> str:
    """The text `key` for a place that shows it as is (button labels, file contents)."""
    contained_values = {name: contained(value) if isinstance(value, str) else value for name, value in values.items()}
    return _FORMATTER.format(_template(key, lang), **contained_values)


def catalogue(prefixes: tuple[str, ...], lang: str) -> dict[str, str]:
    """The texts whose keys start with one of `prefixes`, unfilled, in `lang`: for pages that
    fill them in themselves (the dashboard's, as plain text)."""
    return {key: _template(key, lang) for key in TEXTS if key.startswith(prefixes)}


def _template(key: str, lang: str) -> str:
    indonesian, english = TEXTS[key]
    return english if lang == "en" else indonesian
