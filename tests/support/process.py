"""`python -m bot` as a real process, against a local fake Bot API server on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parents[2]
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
