"""Fixtures for the office's side (reminders, digests, alerts, exports): households and visits
stored through the services, and times in WIB."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain import Household, NewHousehold, NewPhoto, NewVisit, Verdict, VisitFlag
from tests.support.harness import BotHarness, FakeUser

WIB = ZoneInfo("Asia/Jakarta")
DAY = 24 * 3600


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    """Unix seconds of a WIB wall-clock time."""
    return int(datetime(year, month, day, hour, minute, tzinfo=WIB).timestamp())


_serial = iter(range(1, 10**6))


async def add_household(
    bot: BotHarness,
    companion: FakeUser | None,
    name: str,
    *,
    region: str = "3604",
    desa: str = "Sukamaju",
    latitude: float | None = -6.1,
    longitude: float | None = 106.15,
    nik: str | None = None,
    kk: str | None = None,
    registered_days_ago: int = 90,
) -> Household:
    """A household registered `registered_days_ago` days before the bot's clock (a never-visited
    household is due for a visit `reminders.overdue_days` after its registration)."""
    number = next(_serial)
    household = await bot.services.households.add(
        NewHousehold(
            dtks_id=f"{region}{number:012d}",
            head_name=name,
            region_code=region,
            desa=desa,
            latitude=latitude,
            longitude=longitude,
            coordinates_source="import" if latitude is not None else None,
            kk_number=kk,
            head_nik=nik,
            companion_id=companion.person.id if companion and companion.person else None,
        ),
        actor_id=None,
    )
    registered = bot.clock.now() - registered_days_ago * DAY
    await bot.services.db.execute("UPDATE households SET created_at = ? WHERE id = ?", (registered, household.id))
    return replace(household, created_at=registered)


async def add_visit(
    bot: BotHarness,
    household: Household,
    companion: FakeUser,
    reported_at: int,
    *,
    verdict: Verdict = Verdict.VERIFIED,
    flags: tuple[str, ...] = (),
    distance_m: float | None = 20.0,
    photos: tuple[NewPhoto, ...] = (),
    conditions: dict[str, str] | None = None,
    note: str | None = None,
    voice_note_path: str | None = None,
    live: bool = True,
    dwell_s: int | None = None,
) -> int:
    assert companion.person is not None
    visit_id, _ = await bot.services.visits.add(
        NewVisit(
            household_id=household.id,
            companion_id=companion.person.id,
            region_code=household.region_code,
            started_at=reported_at - 300,
            reported_at=reported_at,
            latitude=(household.latitude or -6.1) + 0.0002,
            longitude=household.longitude or 106.15,
            accuracy_m=8.0,
            live=live,
            dwell_s=dwell_s,
            verdict=verdict,
            distance_m=distance_m,
            conditions=conditions,
            note=note,
            voice_note_path=voice_note_path,
            flags=tuple(VisitFlag(flag, None) for flag in flags),
            photos=photos,
        )
    )
    return visit_id
