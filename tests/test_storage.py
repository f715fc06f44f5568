"""Storage on real SQLite files: pragmas, migrations, transactions, backups."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import aiosqlite
import pytest

from bot.domain import Role
from storage.database import Database, backup_database
from storage.migrations import apply_migrations, available_migrations
from storage.people import PeopleRepository
from tests.support.harness import FakeClock


@pytest.fixture
async def db(tmp_path: Path):
    database = Database(tmp_path / "nested" / "folder" / "test.db")
    await database.open()
    yield database
    await database.close()


async def test_open_creates_folder_and_sets_pragmas(db: Database) -> None:
    assert db.path.exists()
    assert await db.fetch_value("PRAGMA journal_mode") == "wal"
    assert await db.fetch_value("PRAGMA foreign_keys") == 1
    assert await db.schema_version() == available_migrations()[-1].version


async def test_regions_of_banten_are_seeded(db: Database) -> None:
    codes = [row[0] for row in await db.fetch_all("SELECT code FROM regions ORDER BY code")]
    assert codes == ["36", "3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674"]


async def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        await db.execute("INSERT INTO person_regions (person_id, region_code) VALUES (999, '3601')")


async def test_failed_transaction_leaves_nothing(db: Database) -> None:
    people = PeopleRepository(db, FakeClock())
    with pytest.raises(sqlite3.IntegrityError):
        # An unknown region fails after the person row was inserted: both must vanish.
        await people.create(telegram_user_id=5, full_name="X", role=Role.COMPANION, region_codes=("9999",))
    assert await db.fetch_value("SELECT COUNT(*) FROM people") == 0
    assert await db.fetch_value("SELECT COUNT(*) FROM audit_log") == 0


async def test_concurrent_writers_are_serialized(db: Database) -> None:
    people = PeopleRepository(db, FakeClock())
    await asyncio.gather(
        *(
            people.create(telegram_user_id=1000 + n, full_name=f"P{n}", role=Role.COMPANION, region_codes=("3601",))
            for n in range(50)
        )
    )
    assert await db.fetch_value("SELECT COUNT(*) FROM people") == 50
    assert await db.fetch_value("SELECT COUNT(*) FROM person_regions") == 50


async def test_upgrade_from_first_version_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = await aiosqlite.connect(path, isolation_level=None)
    assert await apply_migrations(conn, target=1) == 1
    await conn.execute(
        "INSERT INTO people (telegram_user_id, full_name, role, created_at, updated_at)"
        " VALUES (31, 'Lama', 'companion', 1, 1)"
    )
    await conn.close()

    database = Database(path)
    await database.open()
    try:
        assert await database.schema_version() == available_migrations()[-1].version
        assert await database.fetch_value("SELECT full_name FROM people WHERE telegram_user_id = 31") == "Lama"
        # A table from a later migration exists and works.
        await database.execute("INSERT INTO processed_updates (update_id, received_at) VALUES (1, 1)")
    finally:
        await database.close()


async def test_migrations_are_numbered_uniquely_and_reapplying_is_a_no_op(db: Database) -> None:
    versions = [migration.version for migration in available_migrations()]
    assert len(versions) == len(set(versions))
    await db.close()
    await db.open()
    assert await db.fetch_value("SELECT COUNT(*) FROM schema_migrations") == len(versions)


async def test_backup_during_writes_is_consistent(tmp_path: Path, db: Database) -> None:
    people = PeopleRepository(db, FakeClock())
    for n in range(200):
        await people.create(telegram_user_id=n, full_name=f"P{n}", role=Role.COMPANION, region_codes=("3601",))

    copy = tmp_path / "backup" / "copy.db"
    done = threading.Event()
    thread = threading.Thread(target=lambda: (backup_database(db.path, copy), done.set()))
    thread.start()
    written = 0
    while not done.is_set():
        await people.create(
            telegram_user_id=10_000 + written, full_name="W", role=Role.COMPANION, region_codes=("3602",)
        )
        written += 1
    thread.join()

    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        people_rows = conn.execute("SELECT COUNT(*) FROM people").fetchone()[0]
        region_rows = conn.execute("SELECT COUNT(*) FROM person_regions").fetchone()[0]
    assert 200 <= people_rows <= 200 + written
    # Each person was written with its region in one transaction: the copy never splits them.
    assert people_rows == region_rows


async def test_people_look_ups_follow_every_write(db: Database) -> None:
    people = PeopleRepository(db, FakeClock())
    assert await people.by_telegram_id(501) is None  # a stranger, remembered as such
    person = await people.create(telegram_user_id=501, full_name="Rina", role=Role.COMPANION, region_codes=("3601",))
    assert await people.by_telegram_id(501) == person
    await people.set_active(person, False, actor_id=person.id)
    assert (await people.by_telegram_id(501)).active is False
    await people.change_region(person, ("3602",), actor_id=person.id)
    assert (await people.by_telegram_id(501)).region_codes == ("3602",)
    await people.refresh_profile(person, "Rina Wati", "rina")
    assert (await people.by_telegram_id(501)).full_name == "Rina Wati"


async def test_a_look_up_overtaken_by_a_write_is_not_remembered(db: Database) -> None:
    people = PeopleRepository(db, FakeClock())
    person = await people.create(telegram_user_id=502, full_name="Dedi", role=Role.COMPANION)
    people.forget_cached()
    read, release = asyncio.Event(), asyncio.Event()
    fetch_one = db.fetch_one

    async def read_then_wait(*args: object) -> object:
        row = await fetch_one(*args)  # the row as it was before the write below
        read.set()
        await release.wait()
        return row

    db.fetch_one = read_then_wait  # type: ignore[method-assign]
    reading = asyncio.create_task(people.by_telegram_id(502))
    await read.wait()
    db.fetch_one = fetch_one  # type: ignore[method-assign]
    await people.set_active(person, False, actor_id=person.id)
    release.set()
    assert (await reading).active is True, "the read saw the row before the write"
    assert (await people.by_telegram_id(502)).active is False, "and its answer was not kept"
