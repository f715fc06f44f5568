"""Webhook mode over real HTTP (the bot's own server on loopback), the health check and
`python -m bot status`, the activity log line, and upgrade safety (newer schema refused,
backup before a migration)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import httpx
import pytest

from bot.app.cli import main
from bot.app.health import HealthCheck
from bot.app.webhook import SECRET_HEADER, WebhookServer
from bot.config import ConfigError, load_settings
from bot.domain import Role
from bot.logs import JsonFormatter
from handlers.scheduled.activity import JOB_NAME
from storage.database import Database
from storage.migrations import apply_migrations, available_migrations, latest_version
from tests.harness import TEST_TOKEN, BotHarness
from tests.report_support import HOME, Reporter, add_household

SECRET = "s3cret_Token-for-tests"
PATH = "/telegram/hook"


@pytest.fixture
async def served(bot: BotHarness) -> AsyncIterator[tuple[BotHarness, str]]:
    server = WebhookServer(bot.app, secret=SECRET, path=PATH, health=HealthCheck(bot.services.health, bot.app.bot))
    port = server.start("127.0.0.1", 0)
    try:
        yield bot, f"http://127.0.0.1:{port}"
    finally:
        await server.stop()


def start_update(bot: BotHarness, user_id: int, text: str = "/start") -> dict[str, object]:
    user = bot.user(user_id, "Wulan")
    message = user.message(text=text)
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": bot.next_update_id(), "message": message}


async def test_an_update_with_the_secret_is_handled(served: tuple[BotHarness, str]) -> None:
    bot, url = served
    async with httpx.AsyncClient() as client:
        answer = await client.post(url + PATH, json=start_update(bot, 5551), headers={SECRET_HEADER: SECRET})
    assert answer.status_code == 200
    await bot.wait_for(lambda: any(c.chat_id == 5551 for c in bot.api.calls_to("sendMessage")))
    assert "belum terdaftar" in bot.api.calls_to("sendMessage")[-1].text


async def test_a_request_without_the_secret_is_refused_and_logged_without_its_body(
    served: tuple[BotHarness, str], caplog: pytest.LogCaptureFixture
) -> None:
    bot, url = served
    caplog.set_level(logging.INFO)
    private = "NIK 3604015507800003 Siti Aminah"
    async with httpx.AsyncClient() as client:
        missing = await client.post(url + PATH, json=start_update(bot, 5552, private))
        wrong = await client.post(url + PATH, json=start_update(bot, 5553, private), headers={SECRET_HEADER: "guess"})
        garbage = await client.post(url + PATH, content=b"{not json", headers={SECRET_HEADER: SECRET})
    assert (missing.status_code, wrong.status_code, garbage.status_code) == (403, 403, 400)
    refusals = [r for r in caplog.records if r.getMessage() == "webhook request refused"]
    assert [r.__dict__["reason"] for r in refusals] == ["missing secret token", "wrong secret token", "not an update"]
    logged = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert "3604015507800003" not in logged and "guess" not in logged and SECRET not in logged
    assert '"remote_ip": "127.0.0.1"' in logged
    await bot.state_written()
    assert not [c for c in bot.api.calls_to("sendMessage") if c.chat_id in (5552, 5553)], "nothing was handled"


async def test_healthz_says_database_telegram_last_update_and_sends(served: tuple[BotHarness, str]) -> None:
    bot, url = served
    await bot.user(5554).command("start")
    await bot.state_written()
    await bot.services.db.execute(
        "INSERT INTO dispatch_log (job, period, recipient_id, status, created_at, updated_at)"
        " VALUES ('reminders', '2025-11-27', ?, 'failed', 0, 0)",
        ((await bot.register(Role.COMPANION)).person.id,),  # type: ignore[union-attr]
    )
    async with httpx.AsyncClient() as client:
        health = await client.get(url + "/healthz")
    assert health.status_code == 200
    body = health.json()
    assert body["ok"] is True and body["database"] == "ok" and body["telegram"] == "ok"
    assert body["last_update_at"] == bot.clock.now() and (body["sends_pending"], body["sends_failed"]) == (0, 1)
    assert (body["sends_refused"], body["replies_pending"], body["replies_refused"]) == (0, 0, 0)
    await bot.services.db.close()
    async with httpx.AsyncClient() as client:
        sick = await client.get(url + "/healthz")
    assert sick.status_code == 503 and sick.json()["database"].startswith("unreachable")
    await bot.services.db.open()


async def test_the_activity_line_counts_reports_and_flags(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with BotHarness(tmp_path, config={"logging": {"activity_every_s": 600}}) as bot:
        companion = await bot.register(Role.COMPANION)
        await add_household(bot, companion, "Siti Aminah")
        await Reporter(bot, companion).report("Siti Aminah", HOME, live=False)
        bot.clock.advance(60)
        (job,) = bot.app.job_queue.get_jobs_by_name(JOB_NAME)  # type: ignore[union-attr]
        await job.run(bot.app)
    (line,) = [r for r in caplog.records if r.getMessage() == "activity"]
    assert (line.__dict__["reports"], line.__dict__["period_s"]) == (1, 600)
    assert line.__dict__["flags"] >= 1 and line.__dict__["failed_sends"] == 0


def write_config(folder: Path, text: str = "") -> Path:
    path = folder / "config.yaml"
    path.write_text(f"database:\n  path: {folder / 'bot.db'}\n{text}", encoding="utf-8")
    return path


def test_webhook_mode_needs_an_https_url_and_the_secret_from_the_environment(tmp_path: Path) -> None:
    webhook = "telegram:\n  mode: webhook\n  webhook_url: https://bot.dinsos.example.go.id/telegram/hook\n"
    env = {"TELEGRAM_BOT_TOKEN": TEST_TOKEN}
    with pytest.raises(ConfigError, match=r"telegram\.mode: webhook mode needs the environment variable"):
        load_settings(write_config(tmp_path, webhook), env)
    with pytest.raises(ConfigError, match="telegram: webhook_url is required"):
        load_settings(write_config(tmp_path, "telegram:\n  mode: webhook\n"), env | {"TELEGRAM_WEBHOOK_SECRET": "x"})
    with pytest.raises(ConfigError, match=r"telegram\.webhook_url:"):
        load_settings(write_config(tmp_path, "telegram:\n  webhook_url: http://plain.example/x\n"), env)
    with pytest.raises(ConfigError, match="TELEGRAM_WEBHOOK_SECRET: use 1-256"):
        load_settings(write_config(tmp_path, webhook), env | {"TELEGRAM_WEBHOOK_SECRET": "has spaces"})
    settings = load_settings(write_config(tmp_path, webhook), env | {"TELEGRAM_WEBHOOK_SECRET": SECRET})
    assert settings.telegram.webhook_path == PATH and settings.webhook_secret is not None
    assert SECRET not in settings.model_dump_json()


def test_status_reports_each_check_and_fails_when_telegram_is_unreachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Port 9 on loopback refuses at once: Telegram is "unreachable" without a network.
    config = write_config(tmp_path, "telegram:\n  base_url: http://127.0.0.1:9/bot\n")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TEST_TOKEN)
    assert main(["status", "--config", str(config)]) == 1
    assert capsys.readouterr().out.strip() == f"database: not found ({tmp_path / 'bot.db'})"
    assert main(["--check", "--config", str(config)]) == 0
    capsys.readouterr()
    assert main(["status", "--config", str(config)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"database: ok ({tmp_path / 'bot.db'}, schema version {latest_version()})"
    assert lines[1].startswith("telegram: unreachable (NetworkError")
    assert lines[2:5] == [
        "last update handled: none yet",
        "scheduled sends: 0 pending, 0 failed, 0 refused by Telegram",
        "queued replies: 0 pending, 0 refused by Telegram",
    ]


def test_a_database_newer_than_the_code_is_refused_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TEST_TOKEN)
    assert main(["--check", "--config", str(config)]) == 0
    newer = latest_version() + 1
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (?, 'from_the_future')", (newer,))
    capsys.readouterr()
    assert main(["--check", "--config", str(config)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and f"at schema version {newer}, newer than this release knows" in error


async def test_a_database_with_data_is_backed_up_before_it_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    older = available_migrations()[-2].version  # numbers may have gaps
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await apply_migrations(conn, target=older)
        await conn.execute(
            "INSERT INTO people (full_name, role, created_at, updated_at) VALUES ('Siti', 'admin', 0, 0)"
        )
    db = Database(path)
    await db.open()
    await db.close()
    (backup,) = backups(tmp_path)
    assert backup.name.startswith(f"bot.db.before-v{latest_version():04d}-")
    async with aiosqlite.connect(backup) as copy:
        async with copy.execute("SELECT MAX(version) FROM schema_migrations") as cursor:
            assert (await cursor.fetchone()) == (older,)
        async with copy.execute("SELECT full_name FROM people") as cursor:
            assert [row[0] for row in await cursor.fetchall()] == ["Siti"]
    fresh = Database(tmp_path / "new.db")
    await fresh.open()
    await fresh.close()
    assert backups(tmp_path) == [backup], "an empty database needs no backup"


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bak"))
