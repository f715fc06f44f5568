"""The catalogue: every text in Indonesian and English, with the same placeholders."""

from __future__ import annotations

import re
import string

import pytest

from bot.texts import TEXTS, DuplicateText, join_features, t, t_plain
from handlers.commands import COMMANDS


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_both_languages_with_the_same_placeholders(key: str) -> None:
    indonesian, english = TEXTS[key]
    assert indonesian.strip() and english.strip()
    assert placeholders(indonesian) == placeholders(english)


def test_no_text_names_the_programme_or_the_province_itself() -> None:
    """Another province runs the same catalogue: the programme's and the province's names come
    from the settings (`programme.*`, `province.code`), never from the words of a text."""
    for key, languages in TEXTS.items():
        for text in languages:
            assert not re.search(r"Jamsosratu|Banten", text), f"{key} names the programme or the province itself"


def test_every_command_has_a_description() -> None:
    for spec in COMMANDS:
        assert spec.description_key in TEXTS


def test_values_are_escaped_only_in_html_texts() -> None:
    assert "&lt;i&gt;" in t("start.greeting", "id", name="<i>", role="x", menu="")
    assert t_plain("help.line", "en", command="a", description="<b>") == "/a — <b>"


@pytest.mark.parametrize(("count", "expected"), [(1, "1 household is due"), (2, "2 households are due")])
def test_english_nouns_agree_with_their_number(count: int, expected: str) -> None:
    assert expected in t("reminder.header", "en", count=count)
    assert f"{count} KPM" in t("reminder.header", "id", count=count)


def test_no_english_text_puts_a_bare_count_before_a_plural_noun() -> None:
    bare = re.compile(r"\{(count|days|minutes|visits|households|photos)\} [a-z]+s\b")
    assert [key for key, (_, english) in TEXTS.items() if bare.search(english)] == []


def test_a_key_two_features_define_stops_the_catalogue() -> None:
    with pytest.raises(DuplicateText, match=r"report\.cancelled"):
        join_features({"report.cancelled": ("a", "a")}, {"report.cancelled": ("b", "b")})
