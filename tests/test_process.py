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

from tests.support.process import ROOT, TOKEN, FakeTelegramServer, spawn_bot


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
