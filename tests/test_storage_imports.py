"""The import staging on a real SQLite file: applying is all or nothing."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from bot.domain import Role
from storage.database import IntegrityError
from storage.engines import database_at
from storage.imports import IMPORT_COLUMNS, ImportRepository
from storage.people import PeopleRepository
from tests.support import backends
from tests.support.harness import FakeClock


def staged(number: int, region: str = "3604") -> tuple:  # type: ignore[type-arg]
    return (
        number,
        f"36040000000{number:05d}",
        None,
        None,
        f"KPM {number}",
        None,
        region,
        None,
        None,
        -6.05,
        106.11,
        None,
    )


@pytest.mark.both_backends
async def test_a_failing_row_rolls_the_whole_apply_back(tmp_path: Path) -> None:
    db = database_at(backends.database_url(tmp_path))
    await db.open()
    try:
        admin = await PeopleRepository(db, FakeClock()).create(telegram_user_id=1, full_name="A", role=Role.ADMIN)
        imports = ImportRepository(db, FakeClock())
        import_id = await imports.start(admin.id, "kpm.csv", [c for c in IMPORT_COLUMNS if c != "companion_id"])
        # A region the register does not know breaks the foreign key at the last row.
        await imports.add_rows(import_id, [staged(1), staged(2), staged(3, region="9999")])
        await imports.finish(import_id, 3, 0)
        with pytest.raises(IntegrityError):
            await imports.apply(import_id, admin.id)
        assert await db.fetch_value("SELECT COUNT(*) FROM households") == 0
        assert await db.fetch_value("SELECT COUNT(*) FROM audit_log WHERE entity != 'person'") == 0
        summary = await imports.summary(import_id)
        assert summary is not None and summary.status == "pending" and summary.new == 3
    finally:
        await db.close()


@pytest.mark.both_backends
async def test_a_new_dry_run_replaces_the_admins_pending_one(tmp_path: Path) -> None:
    db = database_at(backends.database_url(tmp_path))
    await db.open()
    try:
        admin = await PeopleRepository(db, FakeClock()).create(telegram_user_id=1, full_name="A", role=Role.ADMIN)
        imports = ImportRepository(db, FakeClock())
        first = await imports.start(admin.id, "a.csv", ["head_name", "region_code"])
        await imports.add_rows(first, [staged(1)])
        second = await imports.start(admin.id, "b.csv", ["head_name", "region_code"])
        assert await imports.apply(first, admin.id) is None
        assert await db.fetch_value("SELECT COUNT(*) FROM import_rows WHERE import_id = ?", (first,)) == 0
        assert second != first
        with pytest.raises(ValueError):
            await imports.start(admin.id, "c.csv", ["dtks_id; DROP TABLE households"])
    finally:
        await db.close()


async def test_a_stop_interrupts_the_apply_not_the_write_it_waits_behind(tmp_path: Path) -> None:
    db = database_at(tmp_path / "imports.db")
    await db.open()
    try:
        admin = await PeopleRepository(db, FakeClock()).create(telegram_user_id=1, full_name="A", role=Role.ADMIN)
        imports = ImportRepository(db, FakeClock())
        import_id = await imports.start(admin.id, "kpm.csv", ["head_name", "region_code"])
        await imports.add_rows(import_id, [staged(1)])
        await imports.finish(import_id, 1, 0)
        # Another handler's write (a visit being stored) holds the write lock, its statement
        # running; the admin's apply waits behind it when the bot is told to stop.
        entered, release = threading.Event(), threading.Event()

        def hold() -> int:
            entered.set()
            release.wait(10)
            return 0

        assert db._writer is not None
        await db._writer.conn.create_function("hold", 0, hold)

        async def other_write() -> None:
            async with db.transaction() as conn:
                await conn.execute("SELECT hold()")

        other = asyncio.create_task(other_write())
        while not entered.is_set():
            await asyncio.sleep(0.01)
        applying = asyncio.create_task(imports.apply(import_id, admin.id))
        await asyncio.sleep(0.05)
        stopping = asyncio.create_task(imports.interrupt_apply())
        await asyncio.sleep(0.2)  # a few rounds of interrupts
        release.set()
        await asyncio.wait_for(other, 10)  # not aborted: "interrupted" would be raised here
        await asyncio.wait_for(asyncio.gather(applying, stopping, return_exceptions=True), 10)
    finally:
        await db.close()


@pytest.mark.parametrize("backend_name", ["postgres"], indirect=True)
async def test_an_applied_import_leaves_the_planner_statistics_of_the_households_it_wrote(tmp_path: Path) -> None:
    db = database_at(backends.database_url(tmp_path))
    await db.open()
    try:
        admin = await PeopleRepository(db, FakeClock()).create(telegram_user_id=1, full_name="A", role=Role.ADMIN)
        imports = ImportRepository(db, FakeClock())
        import_id = await imports.start(admin.id, "kpm.csv", ["head_name", "region_code", "latitude", "longitude"])
        await imports.add_rows(import_id, [staged(number) for number in range(1, 41)])
        await imports.finish(import_id, 40, 0)
        tables = ("households", "audit_log", "import_rows")
        estimated = "SELECT reltuples FROM pg_class WHERE oid = CAST(? AS regclass)"
        assert [await db.fetch_value(estimated, (table,)) for table in tables] == [-1, -1, -1], "never analyzed"
        assert await imports.apply(import_id, admin.id) is not None
        counted = [await db.fetch_value(f"SELECT COUNT(*) FROM {table}") for table in tables]
        assert counted[0] == 40
        assert [await db.fetch_value(estimated, (table,)) for table in tables] == counted
    finally:
        await db.close()
