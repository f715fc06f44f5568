"""Fixtures: a running bot on a fresh SQLite file for each test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.harness import BotHarness


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with BotHarness(tmp_path) as harness:
        yield harness


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the code gates (tests/test_gates.py) last: a failing behaviour is reported first."""
    items.sort(key=lambda item: item.get_closest_marker("gate") is not None)
