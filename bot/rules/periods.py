"""Reporting periods: whole local days, written by people as 2026-11-01 or 01/11/2026.

The office's commands (/ringkasan, /ekspor, /peta) read their period the same way
(`asked_period`): nothing (each command's own default), `minggu` (the last full week), `bulan`
(the last full month) or two dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from bot.schedule import local_midnight, week_start

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class Period:
    """Whole local days [first, last], as Unix seconds [start, end)."""

    first: date
    last: date
    start: int
    end: int

    @classmethod
    def of_days(cls, first: date, last: date, tz: tzinfo) -> Period:
        start = int(local_midnight(first, tz).timestamp())
        end = int(local_midnight(last + timedelta(days=1), tz).timestamp())
        return cls(first, last, start, end)

    def previous(self, tz: tzinfo) -> Period:
        """The period of the same length just before this one."""
        length = self.last - self.first
        last = self.first - timedelta(days=1)
        return Period.of_days(last - length, last, tz)

    def label(self) -> str:
        return f"{self.first:%d/%m/%Y}–{self.last:%d/%m/%Y}"


def last_full_week(today: date, tz: tzinfo) -> Period:
    """Monday to Sunday of the week before the one `today` is in."""
    monday = week_start(today) - timedelta(days=7)
    return Period.of_days(monday, monday + timedelta(days=6), tz)


def last_full_month(today: date, tz: tzinfo) -> Period:
    """The calendar month before the one `today` is in."""
    last = today.replace(day=1) - timedelta(days=1)
    return Period.of_days(last.replace(day=1), last, tz)


def parse_day(text: str) -> date | None:
    """A date written as 2026-11-01 or 01/11/2026 (day first, as in Indonesia); None if not one."""
    if match := _ISO.match(text.strip()):
        year, month, day = match.groups()
    elif match := _DMY.match(text.strip()):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_range(args: list[str], tz: tzinfo) -> Period | None:
    """Two dates, first and last day included; None if they are not two dates in order."""
    if len(args) != 2:
        return None
    first, last = parse_day(args[0]), parse_day(args[1])
    if first is None or last is None or first > last:
        return None
    return Period.of_days(first, last, tz)


def last_days(today: date, tz: tzinfo, days: int = 30) -> Period:
    """The `days` days up to and including `today`."""
    return Period.of_days(today - timedelta(days=days - 1), today, tz)


def asked_period(args: list[str], today: date, tz: tzinfo, default: Callable[[date, tzinfo], Period]) -> Period | None:
    """No argument: `default`; `minggu`: last full week; `bulan`: last full month; or two dates.
    None when the words are none of these."""
    words = [arg.lower() for arg in args]
    if not words:
        return default(today, tz)
    if words == ["minggu"]:
        return last_full_week(today, tz)
    if words == ["bulan"]:
        return last_full_month(today, tz)
    return parse_range(args, tz)
