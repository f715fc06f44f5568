"""Readable schedules ("mon 07:00", "daily 07:30"), quiet hours and reporting weeks, in local time.

Pure date arithmetic, no Telegram: the jobs ask which occurrence of a schedule is the latest
one due (the period it sends for); PTB's JobQueue fires the next ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()
_SCHEDULE = re.compile(r"^\s*([a-z,]+)\s+(\d{1,2}):(\d{2})\s*$")
_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def _clock_time(hour: str, minute: str) -> time:
    if int(hour) > 23 or int(minute) > 59:
        raise ValueError(f"{hour}:{minute} is not a time of day (00:00 to 23:59)")
    return time(int(hour), int(minute))


@dataclass(frozen=True)
class Schedule:
    """Days of the week (0 = Monday) and a local time of day."""

    days: frozenset[int]
    at: time

    @classmethod
    def parse(cls, text: str) -> Schedule:
        """Read "daily HH:MM" or "mon HH:MM" / "mon,thu HH:MM"; ValueError says what is wrong."""
        match = _SCHEDULE.match(text.lower())
        if not match:
            raise ValueError(f'{text!r} is not a schedule; write e.g. "mon 07:00" or "daily 07:30"')
        day_part, hour, minute = match.groups()
        if day_part == "daily":
            days = frozenset(range(7))
        else:
            names = day_part.split(",")
            unknown = [name for name in names if name not in DAY_NAMES]
            if unknown:
                raise ValueError(f"unknown day {unknown[0]!r}; use daily or {', '.join(DAY_NAMES)}")
            days = frozenset(DAY_NAMES.index(name) for name in names)
        return cls(days, _clock_time(hour, minute))

    def last_due(self, now: datetime) -> datetime:
        """The latest occurrence at or before `now` (aware, local time)."""
        for back in range(8):
            day = now.date() - timedelta(days=back)
            candidate = datetime.combine(day, self.at, now.tzinfo)
            if day.weekday() in self.days and candidate <= now:
                return candidate
        raise AssertionError("a schedule has at least one day a week")

    def ptb_days(self) -> tuple[int, ...]:
        """The days in PTB's numbering for `JobQueue.run_daily` (0 = Sunday)."""
        return tuple(sorted((day + 1) % 7 for day in self.days))


@dataclass(frozen=True)
class QuietHours:
    """A span of the day ("21:00-06:00", may cross midnight) in which nobody is disturbed."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        match = _HOURS.match(text)
        if not match:
            raise ValueError(f'{text!r} is not a span of hours; write e.g. "21:00-06:00"')
        start, end = _clock_time(*match.groups()[:2]), _clock_time(*match.groups()[2:])
        if start == end:
            raise ValueError("quiet hours must start and end at different times")
        return cls(start, end)

    def contains(self, moment: datetime) -> bool:
        now = moment.time()
        if self.start < self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end

    def end_after(self, moment: datetime) -> datetime:
        """When the quiet span containing `moment` ends."""
        end = datetime.combine(moment.date(), self.end, moment.tzinfo)
        return end if end > moment else end + timedelta(days=1)


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def week_key(monday: date) -> str:
    """ISO week name, e.g. '2026-W48': the period key of a weekly send."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def local_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tz)
