"""How times read: in chat messages the people's way (27/11/2026 10:00), in spreadsheets and
files the sortable way (2026-11-27 10:00). Always in the configured zone (WIB)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def chat_time(at: int, tz: ZoneInfo) -> str:
    return datetime.fromtimestamp(at, tz).strftime("%d/%m/%Y %H:%M")


def chat_date(at: int, tz: ZoneInfo) -> str:
    return datetime.fromtimestamp(at, tz).strftime("%d/%m/%Y")


def sheet_time(at: int | None, tz: ZoneInfo, *, seconds: bool = False) -> str | None:
    if at is None:
        return None
    return datetime.fromtimestamp(at, tz).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
