"""How times and distances read. Times: in chat messages the people's way with the zone's name
(27/11/2026 10:00 WIB; WITA or WIT where the province's time zone is another), in spreadsheets and
files the sortable way (2026-11-27 10:00, the zone in the column's name), always in the configured
zone. Distances: 35 m, 1,2 km (Indonesian decimal comma)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.texts import t_plain


def chat_time(at: int, tz: ZoneInfo) -> str:
    return datetime.fromtimestamp(at, tz).strftime("%d/%m/%Y %H:%M %Z")


def zone_name(tz: ZoneInfo) -> str:
    """WIB, WITA or WIT (the zone's abbreviation now), for column names."""
    return datetime.now(tz).strftime("%Z")


def chat_date(at: int, tz: ZoneInfo) -> str:
    return datetime.fromtimestamp(at, tz).strftime("%d/%m/%Y")


def sheet_time(at: int | None, tz: ZoneInfo, *, seconds: bool = False) -> str | None:
    if at is None:
        return None
    return datetime.fromtimestamp(at, tz).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def distance_text(distance: float | None, lang: str) -> str:
    """`35 m`, `1,2 km`, or the no-coordinates label when there is no distance."""
    if distance is None:
        return t_plain("report.no_coordinates", lang)
    if distance < 1000:
        return f"{distance:.0f} m"
    kilometres = f"{distance / 1000:.1f}"
    return f"{kilometres.replace('.', ',') if lang == 'id' else kilometres} km"
