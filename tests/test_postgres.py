"""PostgreSQL as the shared store: two provinces' bots on one database never see each other's
rows; the server going away mid-burst costs each companion one "try again" and nothing else;
start-up names what is wrong with the URL in one line; backups (also before a migration) and the
copy from SQLite; bench/national.py at a small size, its digests the same on both databases."""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from bench.national import run
from bot.domain import NewHousehold, Role
from bot.texts import t
from handlers.scheduled.jobs import WEEKLY_DIGEST, run_due
from storage.database import Dialect
from storage.engines import database_at
from storage.engines.postgres import apply_postgres_migrations
from storage.migrations import available_migrations, latest_version
from tests.support import backends
from tests.support.harness import TEST_TOKEN, BotHarness, FakeUser
from tests.support.report import HOME, Reporter, add_household

pytestmark = pytest.mark.parametrize("backend_name", ["postgres"], indirect=True)

ROOT = Path(__file__).resolve().parent.parent
NTB = {"province": {"code": "52"}, "locale": {"timezone": "Asia/Makassar"}}
LOMBOK_HOUSE = (-8.6810, 116.1240)
RECEIPT = "Nomor laporan"
WEEK_S = 7 * 24 * 3600


async def ntb_household(bot: BotHarness, companion: FakeUser, name: str, dtks_id: str) -> None:
    assert companion.person is not None
    await bot.services.households.add(
        NewHousehold(
            dtks_id=dtks_id,
            head_name=name,
            region_code="5201",
            desa="Gerung",
            latitude=LOMBOK_HOUSE[0],
            longitude=LOMBOK_HOUSE[1],
            coordinates_source="import",
            companion_id=companion.person.id,
        ),
        actor_id=None,
    )


async def test_two_provinces_on_one_database_never_see_each_others_rows(tmp_path: Path) -> None:
    url = backends.database_url(tmp_path / "banten")
    shared_id = 3604_0000_0000_0001  # the same DTKS id registered in both: each bot has its own register
    officer = 5550001  # the national office's, known to both bots
    national = {"database": {"url": url}, "admins": {"national_user_ids": [officer]}}
    async with (
        BotHarness(tmp_path / "banten", config=national) as banten,
        BotHarness(tmp_path / "ntb", config={**NTB, "database": {"url": url}}) as ntb,
    ):
        banten_coordinator = await banten.register(Role.COORDINATOR, first_name="Koordinator Banten")
        ntb_coordinator = await ntb.register(Role.COORDINATOR, regions=("52",), first_name="Koordinator NTB")
        rina = Reporter(banten, await banten.register(Role.COMPANION, first_name="Rina"))
        baiq = Reporter(ntb, await ntb.register(Role.COMPANION, regions=("5201",), first_name="Baiq"))
        await add_household(banten, rina.user, "Siti Aminah", dtks_id=str(shared_id))
        await ntb_household(ntb, baiq.user, "Baiq Nurhayati", str(shared_id))
        # One Telegram account (a national officer) known to both bots, as two people.
        await banten.register(Role.ADMIN, telegram_id=officer)
        await ntb.register(Role.ADMIN, regions=("52",), telegram_id=officer)

        banten_receipt = await rina.report("Siti Aminah")
        ntb_receipt = await baiq.report("Baiq Nurhayati", LOMBOK_HOUSE)
        # Both are report #1 of their province, each receipt queued in its own outbox as receipt:1.
        assert "Nomor laporan: <b>#1</b>" in banten_receipt.text and "Nomor laporan: <b>#1</b>" in ntb_receipt.text
        for bot in (banten, ntb):
            bot.clock.advance(WEEK_S)
            await run_due(bot.app, WEEKLY_DIGEST)

        for bot, province, own, other in ((banten, "36", "Siti Aminah", "Baiq"), (ntb, "52", "Baiq Nurhayati", "Siti")):
            db = bot.services.db
            assert [row[0] for row in await db.fetch_all("SELECT head_name FROM households")] == [own]
            assert await db.fetch_value("SELECT COUNT(*) FROM people") == 3
            assert not await db.fetch_value("SELECT COUNT(*) FROM people WHERE full_name LIKE ?", (f"%{other}%",))
            visits = await db.fetch_all("SELECT id, region_code FROM visits")
            assert [(row[0], row[1][:2]) for row in visits] == [(1, province)]
            outbox = await db.fetch_all("SELECT key, chat_id FROM outbox")
            assert {row[0] for row in outbox} == {"receipt:1"}
            codes = {row[0][:2] for row in await db.fetch_all("SELECT code FROM regions")}
            assert codes == {province}
        # Scheduled sends: each bot's weekly digest went to its own coordinator only.
        for bot, coordinator in ((banten, banten_coordinator), (ntb, ntb_coordinator)):
            sent = await bot.services.db.fetch_all("SELECT recipient_id, status FROM dispatch_log")
            assert coordinator.person is not None
            assert [(row[0], row[1]) for row in sent] == [(coordinator.person.id, "sent")]
        assert [call.chat_id for call in banten.api.calls_to("sendDocument")] == [banten_coordinator.id]
        assert [call.chat_id for call in ntb.api.calls_to("sendDocument")] == [ntb_coordinator.id]
        # The register's look-ups stay in their province: Banten's admin cannot find NTB's household.
        admin = banten.user(officer)
        assert "Tidak ada KPM yang cocok" in (await admin.command("kpm", "Baiq")).text
        assert "Siti Aminah" in (await admin.command("kpm", "Siti")).text

        # The national office sees every province's figures; a province's own admin does not.
        digest = (await admin.command("ringkasan", "nasional")).text
        assert "Nasional (2 provinsi)" in digest and "Kunjungan: <b>2</b>" in digest
        assert "• Provinsi Banten: 1 kunjungan" in digest and "• Provinsi Nusa Tenggara Barat: 1 kunjungan" in digest
        provincial = await ntb.register(Role.ADMIN, regions=("52",))
        assert "hanya untuk petugas tingkat nasional" in (await provincial.command("ringkasan", "nasional")).text

    schemas = await _schemas(url)
    assert {"province_36", "province_52"} <= schemas


async def _schemas(url: str) -> set[str]:
    conn = await asyncpg.connect(url)
    try:
        return {row[0] for row in await conn.fetch("SELECT nspname FROM pg_namespace")}
    finally:
        await conn.close()


async def test_the_server_going_away_mid_burst_costs_one_notice_each_and_nothing_else(tmp_path: Path) -> None:
    server = backends.server()
    if not server.controllable:
        pytest.skip("needs a PostgreSQL server the tests started themselves (to stop and start it)")
    async with BotHarness(tmp_path) as bot:
        reporters = []
        for index in range(3):
            reporter = Reporter(bot, await bot.register(Role.COMPANION, first_name=f"Pendamping {index}"))
            await add_household(bot, reporter.user, f"KPM {index}", dtks_id=f"3604{index:012d}")
            await reporter.to_confirm(f"KPM {index}")
            reporters.append(reporter)
        notice = t("error.database", "id")

        await asyncio.to_thread(server.stop)
        burst = [await reporter.user.press("rep:send") for reporter in reporters for _ in range(2)]
        burst += [await reporter.user.command("riwayat") for reporter in reporters]
        for reporter in reporters:
            told = [call for call in bot.api.calls if call.chat_id == reporter.user.id and notice in call.text]
            assert len(told) == 1, "one notice per companion however often they try"
        assert not any(RECEIPT in call.text for answer in burst for call in answer.messages)

        await asyncio.to_thread(server.start)
        receipts = [await reporter.user.press("rep:send") for reporter in reporters]
        assert all(RECEIPT in answer.text for answer in receipts), "the bot reconnected by itself"
        assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM visits") == 3
        assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM photos") == 3, "nothing half-stored or doubled"
        await bot.crash_and_restart()  # the drafts' end, written once the server was back, holds
        assert not any("report_draft" in bot.app.user_data.get(reporter.user.id, {}) for reporter in reporters)


def _run_bot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("JAMSOSRATU__", "PG"))}
    environment.update({"TELEGRAM_BOT_TOKEN": TEST_TOKEN, **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda url: url.replace(backends.PASSWORD, "salah-sandi"), "refused the password of user jamsosratu"),
        (lambda url: url.rsplit("/", 1)[0] + "/no_such_database", "there is no database no_such_database"),
        (lambda url: re.sub(r":\d+/", ":1/", url), "cannot reach the PostgreSQL server at 127.0.0.1:1"),
        (lambda url: url.replace("127.0.0.1:", "127.0.0.1:port"), "port is not a number"),
    ],
    ids=["password", "database", "unreachable", "malformed"],
)
def test_a_wrong_url_stops_start_up_with_one_line_naming_the_key(change: object, expected: str) -> None:
    url = change(backends.server().database_url("postgres"))  # type: ignore[operator]
    result = _run_bot("--check", env={"JAMSOSRATU__DATABASE__URL": url})
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("jamsosratu: database.url: ") and expected in line, line
    assert backends.PASSWORD not in line and "salah-sandi" not in line, "never the password"


async def test_backup_dumps_the_provinces_schema(tmp_path: Path) -> None:
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump is not installed")
    async with BotHarness(tmp_path) as bot:
        await bot.register(Role.ADMIN)
        url = bot.settings.database.url
    copy = tmp_path / "backups" / "jamsosratu.dump"
    copy.parent.mkdir()
    result = _run_bot("backup", str(copy), env={"JAMSOSRATU__DATABASE__URL": url})
    assert result.returncode == 0, result.stderr
    assert backends.PASSWORD not in result.stdout + result.stderr
    restore = ["pg_restore", "--list", str(copy)]
    listing = (await asyncio.to_thread(subprocess.run, restore, capture_output=True, text=True, check=True)).stdout
    assert "TABLE DATA province_36 people" in listing and "province_52" not in listing


async def ntb_schema_at(url: str, version: int) -> None:
    """NTB's schema built up to migration `version` only (as an older release left it), with
    one person in it."""
    older = database_at(url, province="52")
    await older.open(migrate=False)  # the schema and its record of migrations, nothing more
    await older.close()
    conn = await asyncpg.connect(url, server_settings={"search_path": "province_52"})
    try:
        await apply_postgres_migrations(conn, 0, target=version)
        await conn.execute(
            "INSERT INTO people (full_name, role, created_at, updated_at) VALUES ('Baiq', 'admin', 0, 0)"
        )
    finally:
        await conn.close()


async def test_a_schema_with_data_is_dumped_before_it_is_migrated(tmp_path: Path) -> None:
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump is not installed")
    url = backends.database_url(tmp_path)
    older = available_migrations(Dialect.POSTGRES)[-2].version  # numbers may have gaps
    await ntb_schema_at(url, older)
    folder = tmp_path / "backups"
    db = database_at(url, province="52", backup_dir=folder)
    await db.open()
    try:
        assert await db.schema_version() == latest_version()
    finally:
        await db.close()
    (dump,) = folder.iterdir()
    assert dump.name.startswith(f"province_52.before-v{latest_version():04d}-") and dump.suffix == ".dump"
    restored = ["pg_restore", "--data-only", "--file=-", str(dump)]
    rows = (await asyncio.to_thread(subprocess.run, restored, capture_output=True, text=True, check=True)).stdout
    assert "COPY province_52.people" in rows and "\tBaiq\t" in rows
    assert "province_36" not in rows, "the province's own schema only"
    versions = rows.split("COPY province_52.schema_migrations", 1)[1].split("\\.", 1)[0]
    assert f"\n{older}\t" in versions and f"\n{latest_version()}\t" not in versions, "as it was before"

    again = database_at(url, province="52", backup_dir=folder)
    await again.open()
    await again.close()
    fresh = database_at(url, province="53", backup_dir=folder)
    await fresh.open()
    await fresh.close()
    assert list(folder.iterdir()) == [dump], "nothing to migrate, or nothing in it: no copy"


async def test_without_pg_dump_an_upgrade_stops_start_up_with_one_line_and_migrates_nothing(tmp_path: Path) -> None:
    url = backends.database_url(tmp_path)
    older = available_migrations(Dialect.POSTGRES)[-2].version
    await ntb_schema_at(url, older)
    environment = {
        "PATH": str(tmp_path),  # no pg_dump on it
        "JAMSOSRATU__DATABASE__URL": url,
        "JAMSOSRATU__DATABASE__BACKUP_DIR": str(tmp_path / "backups"),
        "JAMSOSRATU__PROVINCE__CODE": "52",
    }
    result = await asyncio.to_thread(_run_bot, "--check", env=environment)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("jamsosratu: database.url: pg_dump is not installed") and "province_52" in line, line
    assert backends.PASSWORD not in line
    assert await _version_of(url, "province_52") == older, "nothing migrated without its copy"


async def _version_of(url: str, schema: str) -> int:
    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval(f"SELECT MAX(version) FROM {schema}.schema_migrations"))
    finally:
        await conn.close()


async def test_migrate_to_postgres_copies_verifies_and_refuses_a_second_run(tmp_path: Path) -> None:
    backends.current = "sqlite"  # the province's bot until now, on its SQLite file
    async with BotHarness(tmp_path / "sqlite") as old:
        rina = Reporter(old, await old.register(Role.COMPANION, first_name="Rina"))
        await add_household(old, rina.user, "Siti Aminah")
        await rina.report("Siti Aminah")
        file = old.settings.database.path
    backends.current = "postgres"
    url = backends.database_url(tmp_path / "postgres")

    first = _run_bot("migrate-to-postgres", str(file), url)
    assert first.returncode == 0, first.stderr
    assert "visits: 1 rows" in first.stdout and "photo_hash_keys: 1 rows" not in first.stdout
    assert first.stdout.strip().splitlines()[-1].startswith("ok: ")
    assert backends.PASSWORD not in first.stdout
    assert await _estimated_rows(url, "province_36.visits") == 1, "the copied tables are analyzed"
    again = _run_bot("migrate-to-postgres", str(file), url)
    assert again.returncode == 2 and "already holds rows" in again.stderr

    # The bot goes on where the file left off: the next report is #2, the companion known.
    async with BotHarness(tmp_path / "postgres", config={"database": {"url": url}}) as moved:
        moved._update_ids = itertools.count(200_000)  # Telegram's update ids go on after the move
        again_rina = Reporter(moved, moved.user(rina.user.id, "Rina"))
        receipt = await again_rina.report("Siti Aminah", HOME, seed=2)
        assert "Nomor laporan: <b>#2</b>" in receipt.text
    with sqlite3.connect(file) as conn:
        assert conn.execute("SELECT COUNT(*) FROM visits").fetchone()[0] == 1, "the file is left as it was"


async def _estimated_rows(url: str, table: str) -> float:
    """The planner's row count of `table` (-1 until it was first analyzed)."""
    conn = await asyncpg.connect(url)
    try:
        return float(await conn.fetchval("SELECT reltuples FROM pg_class WHERE oid = $1::regclass", table))
    finally:
        await conn.close()


async def test_the_same_numbered_migrations_build_both_databases(tmp_path: Path) -> None:
    sqlite_steps = [(m.version, m.name) for m in available_migrations(Dialect.SQLITE)]
    assert sqlite_steps == [(m.version, m.name) for m in available_migrations(Dialect.POSTGRES)]
    db = database_at(backends.database_url(tmp_path), province="36")
    await db.open()
    try:
        assert await db.schema_version() == sqlite_steps[-1][0]
    finally:
        await db.close()


async def test_the_national_bench_runs_small_and_both_databases_agree(tmp_path: Path) -> None:
    url = backends.database_url(tmp_path)
    result = await run(url, size=2_000, out=tmp_path, queries=50, repeat=1, fresh=False, nation=True)
    postgres, province, nation = result["postgres"], result["sqlite_province"], result["sqlite_nation"]
    assert result["provinces"] == 38 and nation["households"] == 2_000
    for figures in (postgres, province, nation):
        assert figures["nearest_queries"] > 0 and figures["nearest_p95_ms"] > 0
    assert postgres["province_digest_s"] > 0 and postgres["national_digest_s"] > 0
    assert province["agree_with_postgres"], "the largest province's digest, the same on both"
    assert nation["agree_with_postgres"], "the national digest, the sums of the whole file's"
    assert postgres["national_week_visits"] == nation["week_visits"] > 0
