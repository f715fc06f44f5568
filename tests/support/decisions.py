"""What the decision tests share: the services on a fresh SQLite file, people, households near
a known spot, and report drafts."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.domain import Household, NewHousehold, Person, Role
from bot.rules.report import DraftPhoto, ReportDraft, SharedLocation
from bot.services import Services
from tests.support.harness import DEFAULT_NOW, FakeClock, make_settings

# A house in Kabupaten Serang (3604); 0.001 degree of latitude is ~111 m.
HOME = (-6.120000, 106.150000)
SERANG, LEBAK = "3604", "3602"
_numbers = itertools.count(1)


@asynccontextmanager
async def opened_services(
    folder: Path, clock: FakeClock, config: dict[str, Any] | None = None
) -> AsyncIterator[Services]:
    """The services of a bot on `folder` (its settings overridden by `config`), with the
    province's regions installed."""
    services = Services.create(make_settings(folder, config), clock=clock)
    await services.db.open()
    try:
        await services.install_province()
        yield services
    finally:
        await services.db.close()


async def person(services: Services, role: Role, *regions: str, name: str | None = None) -> Person:
    """An active person; coordinators and admins cover the province unless regions are given."""
    number = next(_numbers)
    return await services.people.create(
        telegram_user_id=800000 + number,
        full_name=name or f"{role.value.title()} {number}",
        role=role,
        region_codes=regions or ((SERANG,) if role is Role.COMPANION else ("36",)),
    )


async def household(
    services: Services,
    companion: Person | None,
    position: tuple[float, float] | None = HOME,
    *,
    region: str = SERANG,
    name: str | None = None,
) -> Household:
    number = next(_numbers)
    latitude, longitude = position if position else (None, None)
    return await services.households.add(
        NewHousehold(
            dtks_id=f"{region}{number:012d}",
            head_name=name or f"Warga {number}",
            region_code=region,
            latitude=latitude,
            longitude=longitude,
            companion_id=companion.id if companion else None,
        ),
        actor_id=None,
    )


def draft(
    household: Household,
    position: tuple[float, float] = HOME,
    *,
    sent_at: int = DEFAULT_NOW,
    live: bool = True,
    photos: tuple[str, ...] = ("a",),
) -> ReportDraft:
    """A finished report of `household`, its location shared at `position` at `sent_at`; one
    photo per name in `photos` (the name stands for the picture's bytes)."""
    return ReportDraft(
        key=uuid.uuid4().hex,
        active_at=sent_at,
        started_at=sent_at,
        location=SharedLocation(
            latitude=position[0],
            longitude=position[1],
            accuracy_m=10.0,
            live_period_s=3600 if live else None,
            sent_at=sent_at,
            chat_id=1,
            message_id=1,
        ),
        household_id=household.id,
        photos=[photo(name) for name in photos],
        conditions={"school": "checked"},
    )


def photo(name: str) -> DraftPhoto:
    return DraftPhoto(
        file_id=f"file-{name}",
        file_unique_id=f"unique-{name}",
        path=f"{name}.jpg",
        sha256=name * 64,
        size_bytes=1000,
        phash="0" * 16,
        width=640,
        height=480,
        message_id=1,
    )


def north_of(point: tuple[float, float], metres: float) -> tuple[float, float]:
    return point[0] + metres / 110_590, point[1]


async def reread(services: Services, stored: Household) -> Household:
    """The household as the register holds it now."""
    found = await services.households.by_id(stored.id)
    assert found is not None
    return found
