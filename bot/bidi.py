"""User text never turns the bot's own words around.

A right-to-left override (U+202E) in a household's name, a note or a reason is never closed by
the person who typed it, so everything after it on the line, the bot's words included, would
show reversed ("Ibu m 11 · - · itiS" on a household button). Every text a person typed passes
through `contained()` where it enters the bot's words (the catalogue's placeholders, the cells
of the files, the map's properties): the explicit direction controls are taken out, and a line
that still holds right-to-left letters (an Arabic or Hebrew name) is isolated (U+2068 … U+2069),
so it runs its own way without moving what is around it. Latin text comes back unchanged.
"""

from __future__ import annotations

import re

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"
# Embeddings, overrides, isolates and their ends, and the invisible direction marks.
_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Letters written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, … and their
# presentation forms; the historic scripts of plane 1 and Adlam, Arabic mathematical letters.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")
# Either of the two: a text with neither (nearly every one) is returned after one search.
_EITHER = re.compile(f"{_CONTROLS.pattern}|{_RIGHT_TO_LEFT.pattern}")


def contained(text: str) -> str:
    """`text` without direction controls, each line holding right-to-left letters isolated."""
    if not _EITHER.search(text):
        return text
    lines = _CONTROLS.sub("", text).split("\n")
    return "\n".join(
        f"{FIRST_STRONG_ISOLATE}{line}{POP_DIRECTIONAL_ISOLATE}" if _RIGHT_TO_LEFT.search(line) else line
        for line in lines
    )


def without_controls(text: str) -> str:
    """`text` without direction controls, for a place that is a paragraph of its own (a cell)."""
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text
