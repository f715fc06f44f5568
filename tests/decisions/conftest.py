"""Fixtures: the services on a fresh SQLite file for each test, and its clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.services import Services
from tests.support.decisions import opened_services
from tests.support.harness import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def services(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Services]:
    async with opened_services(tmp_path, clock) as opened:
        yield opened
