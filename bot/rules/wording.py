"""How a report's flags and conditions read in every place a person sees them (alerts,
/riwayat, the receipt, exports, the digest workbook, the map): the words the companion saw,
never the stored keys.

Flags read from storage come as `flag` or `flag:related visit id` (see `storage.flag_items`);
a flag relating two reports (impossible travel, a reused photo, a replayed track) names the
other one, and impossible travel says on each side whether the other report came before or
after; a flag relating several (one spot, a still track) names them all in one phrase.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.domain import VisitFlag
from bot.texts import TEXTS, t_plain
from storage.reviews import FlaggedVisit


def flag_label(flag: str, lang: str) -> str:
    """The reader's name of a flag reason; an unknown reason shows as stored."""
    key = f"report.flag.{flag}"
    return t_plain(key, lang) if key in TEXTS else flag


def flag_text(flag: str, related_visit_id: int | None, visit_id: int | None, lang: str) -> str:
    """One flag of report `visit_id` (None: a report not stored yet, so later than any other)."""
    if related_visit_id is None:
        return flag_label(flag, lang)
    if flag == "impossible_travel":
        later = visit_id is not None and related_visit_id > visit_id
        return t_plain(f"report.flag.impossible_travel.{'before' if later else 'since'}", lang, other=related_visit_id)
    key = f"report.flag.{flag}.related"
    return t_plain(key, lang, other=related_visit_id) if key in TEXTS else flag_label(flag, lang)


def visit_flags_text(flags: Iterable[VisitFlag], visit_id: int | None, lang: str) -> str:
    """A report's flags as one comma-separated line (see `visit_flag_texts`)."""
    return ", ".join(visit_flag_texts(flags, visit_id, lang))


def visit_flag_texts(flags: Iterable[VisitFlag], visit_id: int | None, lang: str) -> list[str]:
    """A report's flags in words, one phrase each. A flag naming several other reports (one spot
    for several households) is one phrase naming them all."""
    related: dict[str, list[int | None]] = {}
    for flag in flags:
        related.setdefault(flag.flag, []).append(flag.related_visit_id)
    texts = []
    for name, others in related.items():
        named = sorted({other for other in others if other is not None})
        key = f"report.flag.{name}.others"
        if named and key in TEXTS:
            texts.append(t_plain(key, lang, others=", ".join(f"#{other}" for other in named)))
        else:
            texts += [flag_text(name, other, visit_id, lang) for other in others]
    return texts


def flag_texts(items: Iterable[str], visit_id: int | None, lang: str) -> list[str]:
    """Stored flag items (`flag` or `flag:related`) in words, one phrase each."""
    flags = []
    for item in items:
        name, _, related = item.partition(":")
        flags.append(VisitFlag(name, None, int(related) if related.isdigit() else None))
    return visit_flag_texts(flags, visit_id, lang)


def flags_text(items: Iterable[str], visit_id: int | None, lang: str) -> str:
    """Stored flag items (`flag` or `flag:related`) as one comma-separated line."""
    return ", ".join(flag_texts(items, visit_id, lang))


def split_flags(encoded: str | None) -> list[str]:
    """The items of a comma-joined flag column."""
    return encoded.split(",") if encoded else []


def conditions_text(conditions: Mapping[str, str], lang: str, order: Iterable[str] = ()) -> str:
    """`Posyandu anak balita: sesuai; Kehadiran sekolah anak: ada masalah` in `order` first."""
    keys = [key for key in order if key in conditions] + sorted(key for key in conditions if key not in order)
    return "; ".join(f"{condition_label(key, lang)}: {_mark_name(conditions[key], lang)}" for key in keys)


def condition_label(key: str, lang: str) -> str:
    """The reader's name of a programme condition; one no longer configured shows as stored."""
    text = f"report.condition.{key}"
    return t_plain(text, lang) if text in TEXTS else key


def _mark_name(mark: str, lang: str) -> str:
    text = f"report.mark_name.{mark}"
    return t_plain(text, lang) if text in TEXTS else mark


def companion_note(visit: FlaggedVisit, lang: str) -> str:
    """The companion's note and voice-note mention as plain lines (empty without either)."""
    lines = t_plain("alert.note", lang, note=visit.note) if visit.note else ""
    return lines + (t_plain("alert.voice_note", lang) if visit.voice_note_path else "")
