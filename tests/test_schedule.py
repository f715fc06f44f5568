"""Readable schedules, quiet hours and reporting periods, in WIB."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.rules.periods import Period, asked_period, last_days, last_full_month, last_full_week, parse_day, parse_range
from bot.schedule import QuietHours, Schedule, week_key
from tests.support.office import WIB

TOKEN = {"TELEGRAM_BOT_TOKEN": "123456789:AAExampleTokenValue0123456789abcdefgh"}


def test_weekly_schedule_is_due_on_monday_morning_wib() -> None:
    schedule = Schedule.parse("mon 07:00")
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=WIB)
    assert schedule.last_due(friday) == datetime(2026, 11, 23, 7, 0, tzinfo=WIB)
    # At 06:59 on Monday the week's digest is not due yet; at 07:00 it is.
    assert schedule.last_due(datetime(2026, 11, 30, 6, 59, tzinfo=WIB)).date() == date(2026, 11, 23)
    assert schedule.last_due(datetime(2026, 11, 30, 7, 0, tzinfo=WIB)).date() == date(2026, 11, 30)


def test_daily_schedule_and_several_days() -> None:
    daily = Schedule.parse("daily 07:30")
    assert daily.days == frozenset(range(7))
    assert daily.last_due(datetime(2026, 11, 27, 7, 0, tzinfo=WIB)) == datetime(2026, 11, 26, 7, 30, tzinfo=WIB)
    twice = Schedule.parse("Mon,Thu 18:05")
    assert twice.days == frozenset({0, 3}) and twice.at.minute == 5
    assert twice.last_due(datetime(2026, 11, 29, 9, 0, tzinfo=WIB)) == datetime(2026, 11, 26, 18, 5, tzinfo=WIB)


def test_ptb_counts_days_from_sunday() -> None:
    assert Schedule.parse("mon 07:00").ptb_days() == (1,)
    assert Schedule.parse("sun 07:00").ptb_days() == (0,)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("monday 07:00", "unknown day 'monday'"),
        ("mon 25:00", "not a time of day"),
        ("07:00", "is not a schedule"),
    ],
)
def test_bad_schedules_are_explained(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Schedule.parse(text)


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ('schedules:\n  weekly_digest: "senin 07:00"\n', "schedules.weekly_digest: unknown day 'senin'"),
        ('schedules:\n  reminders: "daily 7"\n', "schedules.reminders: 'daily 7' is not a schedule"),
        ('reminders:\n  quiet_hours: "22-06"\n', "reminders.quiet_hours:"),
        ("delivery:\n  retry_backoff_s: [1, -2]\n", "delivery.retry_backoff_s: delays must not be negative"),
    ],
)
def test_bad_schedule_config_stops_start_up_with_one_line_naming_the_key(
    tmp_path: Path,
    yaml_text: str,
    expected: str,
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(path, TOKEN)
    assert str(error.value).startswith(expected)
    assert "\n" not in str(error.value)


def test_quiet_hours_across_midnight() -> None:
    quiet = QuietHours.parse("21:00-06:00")
    assert quiet.contains(datetime(2026, 11, 27, 22, 0, tzinfo=WIB))
    assert quiet.contains(datetime(2026, 11, 28, 5, 59, tzinfo=WIB))
    assert not quiet.contains(datetime(2026, 11, 28, 6, 0, tzinfo=WIB))
    assert quiet.end_after(datetime(2026, 11, 27, 22, 0, tzinfo=WIB)) == datetime(2026, 11, 28, 6, 0, tzinfo=WIB)
    assert quiet.end_after(datetime(2026, 11, 28, 1, 0, tzinfo=WIB)) == datetime(2026, 11, 28, 6, 0, tzinfo=WIB)
    with pytest.raises(ValueError):
        QuietHours.parse("06:00-06:00")


def test_last_full_week_is_monday_to_sunday_wib() -> None:
    week = last_full_week(date(2026, 11, 30), WIB)
    assert (week.first, week.last) == (date(2026, 11, 23), date(2026, 11, 29))
    # Monday 00:00 WIB is Sunday 17:00 UTC.
    assert datetime.fromtimestamp(week.start, WIB) == datetime(2026, 11, 23, tzinfo=WIB)
    assert week.end - week.start == 7 * 24 * 3600
    assert week_key(week.first) == "2026-W48"
    previous = week.previous(WIB)
    assert (previous.first, previous.last, previous.end) == (date(2026, 11, 16), date(2026, 11, 22), week.start)


def test_last_full_month_and_typed_dates() -> None:
    month = last_full_month(date(2026, 12, 3), WIB)
    assert (month.first, month.last) == (date(2026, 11, 1), date(2026, 11, 30))
    assert parse_day("2026-11-01") == parse_day("01/11/2026") == date(2026, 11, 1)
    assert parse_day("31/02/2026") is None and parse_day("kemarin") is None
    assert parse_range(["01/11/2026", "2026-11-30"], WIB) == Period.of_days(date(2026, 11, 1), date(2026, 11, 30), WIB)
    assert parse_range(["2026-11-30", "2026-11-01"], WIB) is None
    assert parse_range(["2026-11-30"], WIB) is None


def test_the_office_commands_read_a_period_the_same_way() -> None:
    today = date(2026, 12, 2)
    days = Period.of_days
    assert asked_period([], today, WIB, last_days) == days(date(2026, 11, 3), today, WIB)
    assert asked_period([], today, WIB, last_full_week) == days(date(2026, 11, 23), date(2026, 11, 29), WIB)
    assert asked_period(["Minggu"], today, WIB, last_days) == days(date(2026, 11, 23), date(2026, 11, 29), WIB)
    assert asked_period(["bulan"], today, WIB, last_days) == days(date(2026, 11, 1), date(2026, 11, 30), WIB)
    assert asked_period(["1/11/2026", "2026-11-15"], today, WIB, last_days) == days(
        date(2026, 11, 1), date(2026, 11, 15), WIB
    )
    assert asked_period(["kemarin"], today, WIB, last_days) is None
