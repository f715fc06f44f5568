"""`python -m bot` as a real process against a local fake Bot API server on loopback:
it polls, answers, stops cleanly on SIGTERM, and never logs the token."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAProcessTestToken0123456789abcdefghij"


class FakeTelegramServer(ThreadingHTTPServer):
    """Serves one /start update, then empty polls; records every other call."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.webhook_url = ""
        self.pending_updates = [
            {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "text": "/start",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                    "chat": {"id": 4242, "type": "private", "first_name": "Uji"},
                    "from": {"id": 4242, "is_bot": False, "first_name": "Uji"},
                },
            }
        ]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """The bot hangs up on its last long poll when it stops: not an error."""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/bot"


class _Handler(BaseHTTPRequestHandler):
    server: FakeTelegramServer

    def do_POST(self) -> None:
        method = self.path.rsplit("/", 1)[-1]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        # Parameters as Telegram takes them: a JSON body (the bot's) or a form.
        if self.headers.get("Content-Type", "").startswith("application/json"):
            params = json.loads(body)
        else:
            params = {key: values[0] for key, values in parse_qs(body).items()}
        result: Any = True
        if method == "getMe":
            result = {"id": 123456789, "is_bot": True, "first_name": "Jamsosratu", "username": "jbot"}
        elif method == "getWebhookInfo":
            result = {"url": self.server.webhook_url, "has_custom_certificate": False, "pending_update_count": 0}
        elif method == "getUpdates":
            offset = int(params.get("offset", 0))
            result = [u for u in self.server.pending_updates if u["update_id"] >= offset]
            if not result:
                time.sleep(0.2)
        else:
            self.server.calls.append((method, params))
            if method == "setWebhook":
                self.server.webhook_url = params["url"]
            if method == "sendMessage":
                result = {
                    "message_id": 10,
                    "date": int(time.time()),
                    "text": params.get("text", ""),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                }
        payload = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        """Quiet."""


def bot_environment(**environment: str) -> dict[str, str]:
    """This process's environment without configuration overrides, with the test token."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("JAMSOSRATU__")}
    return env | {"TELEGRAM_BOT_TOKEN": TOKEN, **environment}


def spawn_bot(config: Path, log_path: Path, **environment: str) -> subprocess.Popen[str]:
    """`python -m bot --config config` with the test token (and `environment`), logging to `log_path`."""
    env = bot_environment(**environment)
    # A file, not a pipe: DEBUG output would fill a pipe nobody reads until the end and stall the bot.
    with log_path.open("w") as log_file:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "--config", str(config)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            text=True,
        )


def test_bot_process_answers_and_stops_cleanly(tmp_path: Path) -> None:
    server = FakeTelegramServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database:\n  path: {tmp_path / 'data' / 'bot.db'}\n"
        f"telegram:\n  base_url: {server.base_url}\n  poll_timeout_s: 0\n"
        "logging:\n  level: DEBUG\n",  # everything, to check that no line carries the token
        encoding="utf-8",
    )
    log_path = tmp_path / "bot.log"
    process = spawn_bot(config, log_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(m == "sendMessage" for m, _ in server.calls):
            assert process.poll() is None, log_path.read_text()
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        server.shutdown()

    stderr = log_path.read_text()
    replies = [params["text"] for method, params in server.calls if method == "sendMessage"]
    assert replies and "belum terdaftar" in replies[0]
    assert process.returncode == 0, stderr
    assert (tmp_path / "data" / "bot.db").exists()
    assert TOKEN not in stderr and TOKEN.split(":")[1] not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]
    assert any(entry.get("telegram_user_id") == 4242 for entry in entries), "the stranger's id is logged"
    # Paused while the modules loaded (bot/__main__.py, resumed in bot/app/cli.py), resumed once the bot ran.
    resumed = [entry for entry in entries if entry["event"] == "garbage collection resumed"]
    assert len(resumed) == 1 and resumed[0]["frozen_objects"] > 10_000


class _RejectingHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        payload = json.dumps({"ok": False, "error_code": 401, "description": "Unauthorized"}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        """Quiet."""


def test_a_token_telegram_rejects_stops_start_up_with_one_line(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RejectingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database:\n  path: {tmp_path / 'bot.db'}\n"
        f"telegram:\n  base_url: http://127.0.0.1:{server.server_address[1]}/bot\n",
        encoding="utf-8",
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("JAMSOSRATU__")}
    env["TELEGRAM_BOT_TOKEN"] = TOKEN
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "--config", str(config)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.shutdown()
    assert result.returncode == 2
    assert (
        result.stderr.strip().splitlines()[-1] == "jamsosratu: token: Telegram rejected the token in TELEGRAM_BOT_TOKEN"
    )
    assert TOKEN not in result.stderr


def test_photo_hashing_keeps_blas_to_one_thread() -> None:
    """Spinning BLAS threads cost a core while photos were hashed: once the bot has loaded what
    hashing needs, BLAS multiplies on one thread (on a machine of one core it always would)."""
    code = (
        "from bot.files.photo_analysis import warm_up; warm_up();"
        "from threadpoolctl import threadpool_info;"
        "print(max(pool['num_threads'] for pool in threadpool_info() if pool['user_api'] == 'blas'))"
    )
    env = {key: value for key, value in os.environ.items() if not key.endswith("_NUM_THREADS")}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "1"
