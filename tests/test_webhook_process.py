"""`python -m bot` in webhook mode as a real process: it registers its webhook (with the secret)
at a local fake Bot API, serves updates posted to it over HTTP only with the secret, answers
/healthz, stops cleanly on SIGTERM, and its log shows neither the secret nor a refused body."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from tests.support.process import ROOT, TOKEN, FakeTelegramServer, bot_environment, spawn_bot

SECRET = "process-test-secret_0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def update(update_id: int, text: str) -> dict[str, object]:
    sender = {"id": 4343, "is_bot": False, "first_name": "Wulan"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            "chat": {"id": 4343, "type": "private", "first_name": "Wulan"},
            "from": sender,
        },
    }


def wait_until(condition: object, process: subprocess.Popen[str], log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise AssertionError(log_path.read_text())


def test_webhook_process_serves_only_requests_with_the_secret(tmp_path: Path) -> None:
    telegram = FakeTelegramServer()
    telegram.pending_updates = []
    threading.Thread(target=telegram.serve_forever, daemon=True).start()
    port = free_port()
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database:\n  path: {tmp_path / 'bot.db'}\n"
        f"telegram:\n  base_url: {telegram.base_url}\n  mode: webhook\n"
        f"  webhook_url: https://bot.dinsos.example.go.id/telegram/hook\n  listen: 127.0.0.1\n  port: {port}\n"
        "logging:\n  level: DEBUG\n",
        encoding="utf-8",
    )
    log_path = tmp_path / "bot.log"
    process = spawn_bot(config, log_path, TELEGRAM_WEBHOOK_SECRET=SECRET)
    hook = f"http://127.0.0.1:{port}/telegram/hook"
    try:
        wait_until(lambda: any(method == "setWebhook" for method, _ in telegram.calls), process, log_path)
        (registered,) = [params for method, params in telegram.calls if method == "setWebhook"]
        assert registered["url"] == "https://bot.dinsos.example.go.id/telegram/hook"
        assert registered["secret_token"] == SECRET
        with httpx.Client(timeout=10) as client:
            refused = client.post(hook, json=update(1, "/start NIK-3604015507800003"))
            handled = client.post(hook, json=update(2, "/start"), headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
            wait_until(lambda: any(method == "sendMessage" for method, _ in telegram.calls), process, log_path)
            health = client.get(f"http://127.0.0.1:{port}/healthz")
        status = subprocess.run(
            [sys.executable, "-m", "bot", "status", "--config", str(config)],
            cwd=ROOT,
            env=bot_environment(TELEGRAM_WEBHOOK_SECRET=SECRET),
            capture_output=True,
            text=True,
            timeout=60,
        )
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        telegram.shutdown()

    assert (refused.status_code, handled.status_code) == (403, 200)
    assert health.status_code == 200 and health.json()["database"] == "ok"
    assert status.returncode == 0, status.stdout + status.stderr
    assert "telegram: ok" in status.stdout and "last update handled: none yet" not in status.stdout
    assert (
        "webhook: https://bot.dinsos.example.go.id/telegram/hook, 0 updates waiting, no delivery error" in status.stdout
    )
    replies = [params for method, params in telegram.calls if method == "sendMessage"]
    assert len(replies) == 1 and "belum terdaftar" in replies[0]["text"]
    assert not any(method == "getUpdates" for method, _ in telegram.calls), "webhook mode does not poll"
    log = log_path.read_text()
    assert process.returncode == 0, log
    assert SECRET not in log and "3604015507800003" not in log and TOKEN not in log
    entries = [json.loads(line) for line in log.splitlines() if line.strip()]
    assert any(entry["event"] == "webhook request refused" for entry in entries)
