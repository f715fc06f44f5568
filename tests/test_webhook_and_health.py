"""Webhook mode over real HTTP (the bot's own server on loopback), the health check and
`python -m bot status`, the activity log line, and upgrade safety (newer schema refused,
backup before a migration)."""

from __future__ import annotations

import asyncio
import logging
import socket
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiosqlite
import httpx
import pytest

from bot.app.application import build_application, running_application
from bot.app.cli import main
from bot.app.demo.bot_api import BotApiStandIn, ChatUser, serve
from bot.app.health import HealthCheck, webhook_line
from bot.app.webhook import SECRET_HEADER, WebhookServer, serve_webhook
from bot.config import ConfigError, load_settings
from bot.domain import Role
from bot.logs import JsonFormatter
from bot.services import Services
from handlers.scheduled.activity import JOB_NAME
from storage.engines import database_at
from storage.migrations import apply_migrations, available_migrations, latest_version
from tests.support.harness import TEST_TOKEN, BotHarness, make_settings
from tests.support.report import HOME, Reporter, add_household

SECRET = "s3cret_Token-for-tests"
PATH = "/telegram/hook"


@pytest.fixture
async def served(bot: BotHarness) -> AsyncIterator[tuple[BotHarness, str]]:
    server = WebhookServer(bot.app, secret=SECRET, path=PATH, health=HealthCheck(bot.services.health, bot.app.bot))
    port = await server.start("127.0.0.1", 0)
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


async def test_a_get_on_the_webhook_path_is_refused_and_logged_as_information_with_its_address(
    served: tuple[BotHarness, str], caplog: pytest.LogCaptureFixture
) -> None:
    _bot, url = served
    caplog.set_level(logging.INFO)
    async with httpx.AsyncClient() as client:
        probe = await client.get(url + PATH, headers={"X-Forwarded-For": "203.0.113.9"})
    assert probe.status_code == 405
    (refusal,) = [r for r in caplog.records if r.name == "bot.app.webhook"]
    assert (refusal.levelname, refusal.getMessage(), refusal.__dict__["reason"]) == (
        "INFO",
        "webhook request refused",
        "method GET not allowed",
    )
    assert refusal.__dict__["remote_ip"] == "203.0.113.9", "the address the proxy passed on"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


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
    path.write_text(f"database:\n  url: {folder / 'bot.db'}\n{text}", encoding="utf-8")
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
    db = database_at(path)
    await db.open()
    await db.close()
    (backup,) = backups(tmp_path)
    assert backup.name.startswith(f"bot.db.before-v{latest_version():04d}-")
    async with aiosqlite.connect(backup) as copy:
        async with copy.execute("SELECT MAX(version) FROM schema_migrations") as cursor:
            assert (await cursor.fetchone()) == (older,)
        async with copy.execute("SELECT full_name FROM people") as cursor:
            assert [row[0] for row in await cursor.fetchall()] == ["Siti"]
    fresh = database_at(tmp_path / "new.db")
    await fresh.open()
    await fresh.close()
    assert backups(tmp_path) == [backup], "an empty database needs no backup"


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bak"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_is_rehearsed_offline_against_the_stand_in(tmp_path: Path) -> None:
    """The bot as `python -m bot` runs it in webhook mode; the stand-in posts to its port as the
    reverse proxy would, and says what Telegram would say when the bot refuses its posts."""
    port, api = free_port(), BotApiStandIn(TEST_TOKEN)
    api.webhook_proxy, api.webhook_retry_s = f"http://127.0.0.1:{port}", 0.05
    async with serve(api) as root:
        base_url, base_file_url = api.urls(root)
        webhook = {"mode": "webhook", "webhook_url": "https://bot.dinsos.example.go.id" + PATH, "port": port}
        telegram = {"base_url": base_url, "base_file_url": base_file_url, **webhook}
        services = Services.create(make_settings(tmp_path, {"telegram": telegram, "webhook_secret": SECRET}))
        await services.db.open()
        app, stop = build_application(services), asyncio.Event()
        try:
            async with running_application(app):
                serving = asyncio.create_task(serve_webhook(app, services, stop))
                stranger = ChatUser(4545, "Asing")
                api.send_text(stranger, "/start")
                await until(api, lambda: any(m.from_bot for m in api.chat(stranger.id).messages))
                (registered,) = [call.params for call in api.calls if call.method == "setWebhook"]
                assert registered["url"] == "https://bot.dinsos.example.go.id" + PATH
                assert registered["secret_token"] == SECRET
                assert registered["allowed_updates"] == [
                    "message",
                    "edited_message",
                    "callback_query",
                    "my_chat_member",
                ]
                async with httpx.AsyncClient() as client:
                    poll = await client.post(f"{base_url}{TEST_TOKEN}/getUpdates")
                assert poll.status_code == 409, "no polling while a webhook is set, as Telegram"

                assert api.webhook is not None
                api.webhook.secret_token = "not-the-bots-secret"
                api.send_text(stranger, "/bantuan")
                await until(api, lambda: api.webhook is not None and api.webhook.last_error_message is not None)
                line = await webhook_line(app.bot, services.settings.locale.tz)
                assert line.startswith(
                    f"webhook: https://bot.dinsos.example.go.id{PATH}, 1 updates waiting, "
                    "last error 'Wrong response from the webhook: 403 Forbidden' at "
                )
                stop.set()
                await serving
        finally:
            await services.db.close()


async def until(api: BotApiStandIn, condition: Callable[[], bool]) -> None:
    for _ in range(100):
        if condition():
            return
        await api.wait_for_change(api.version, 0.1)
    raise AssertionError(f"not reached; last calls {[(c.method, c.status) for c in api.calls[-5:]]}")


async def test_status_speaks_to_telegram_through_the_bots_own_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def no_httpx(*_: object, **__: object) -> None:
        raise AssertionError("status went through httpx")

    monkeypatch.setattr(httpx.AsyncClient, "send", no_httpx)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TEST_TOKEN)
    api = BotApiStandIn(TEST_TOKEN)
    async with serve(api) as root:
        config = write_config(tmp_path, f"telegram:\n  base_url: {api.urls(root)[0]}\n")
        assert await asyncio.to_thread(main, ["--check", "--config", str(config)]) == 0
        capsys.readouterr()
        assert await asyncio.to_thread(main, ["status", "--config", str(config)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "telegram: ok"
    assert lines[-1] == "webhook: not set, 0 updates waiting, no delivery error"
    assert [call.method for call in api.calls] == ["getMe", "getWebhookInfo"]
