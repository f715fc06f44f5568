"""Fixtures: a running bot on a fresh database for each test (a SQLite file; in modules marked
`both_backends`, also a PostgreSQL database: see tests/support/backends.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.support import backends
from tests.support.harness import BotHarness

BACKENDS = ("sqlite", "postgres")


@pytest.fixture
def backend_name(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(autouse=True)
def database_backend(backend_name: str) -> Iterator[str]:
    """Make everything the test builds live in its backend; on PostgreSQL, skip when no server
    can be started, and drop the test's databases after it."""
    if backend_name == "postgres":
        backends.server()
    backends.current = backend_name
    try:
        yield backend_name
    finally:
        backends.current = "sqlite"
        backends.drop_databases()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("both_backends") is not None:
        metafunc.parametrize("backend_name", BACKENDS, indirect=True)


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with BotHarness(tmp_path) as harness:
        yield harness


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the code gates (tests/test_gates.py) last: a failing behaviour is reported first."""
    items.sort(key=lambda item: item.get_closest_marker("gate") is not None)
