"""`python -m bot demo` as its own process and a headless Chromium to use it with.

Needs Playwright (the test extra) and a Chromium binary: Debian's `chromium` (`apt-get install
chromium`, as `.ci/run` does when it can), the one named in JAMSOSRATU_CHROMIUM, or Playwright's
own. Without Playwright, a test module importing this one is skipped; without a Chromium, a test
using `browser` is skipped with that explanation. Screenshots go to `OUT` (bench/out/).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')"
)
expect = playwright_api.expect


def chromium_binary() -> str | None:
    """Debian's Chromium (or the one named in JAMSOSRATU_CHROMIUM); None: try Playwright's own."""
    named = os.environ.get("JAMSOSRATU_CHROMIUM")
    if named:
        return named
    for candidate in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(candidate):
            return found
    return None


@pytest.fixture
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=chromium_binary(), args=CHROMIUM_FLAGS)
        except playwright_api.Error as error:
            pytest.skip(
                "no Chromium for the demo's browser test: install Debian's (apt-get install chromium) or set "
                f"JAMSOSRATU_CHROMIUM ({str(error).splitlines()[0]})"
            )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[str]:
    """`python -m bot demo` started in an empty folder; yields its page's address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=(tmp_path / "demo.log").open("w"),
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "http://127.0.0.1" in line, f"demo did not start: {line!r}, {(tmp_path / 'demo.log').read_text()}"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            assert process.wait(timeout=30) == 0, (tmp_path / "demo.log").read_text()[-2000:]
        finally:
            process.kill()
