"""`python -m bot demo` as its own process, used in a real headless Chromium by clicking, as a trainer
would: a companion reports a visit (live location picked on the map, household, photo, conditions,
send), a second companion reports from far away, and the coordinator opens the alert; a newcomer
opens the admin's invitation link and registers.

Needs Playwright (the test extra) and a Chromium binary: Debian's `chromium` (`apt-get install
chromium`, as `.ci/run` does when it can), the one named in JAMSOSRATU_CHROMIUM, or Playwright's
own. Without one the test is skipped with that explanation. A screenshot of the page is left in
bench/out/demo-*.png.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.report_support import picture

ROOT = Path(__file__).resolve().parent.parent
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
ADMIN, COORDINATOR, COMPANION, FAR_COMPANION, NEWCOMER = 1001, 1002, 1003, 1004, 1005
# The node lies wholly inside the chat's scrolled box, above the keyboard and the composer.
IN_SIGHT = """(node) => {
  const box = document.getElementById("messages").getBoundingClientRect();
  const shown = node.getBoundingClientRect();
  return shown.height > 0 && shown.top >= box.top - 1 && shown.bottom <= box.bottom + 1;
}"""
WAIT_MS = 20_000

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


def test_a_visit_reported_by_clicking_and_the_coordinator_opens_the_far_one(
    browser: Any,
    demo: str,
    tmp_path: Path,  # no browser: skipped before the demo starts
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(WAIT_MS)
    page.goto(demo)
    photo, other_photo = tmp_path / "rumah.jpg", tmp_path / "rumah-lain.jpg"
    photo.write_bytes(picture(1))
    other_photo.write_bytes(picture(2))  # a different picture: not flagged as reused

    household = _get(f"{demo}/demo/households/{COMPANION}")[0]
    _report(
        page,
        COMPANION,
        photo,
        lambda: page.locator(f"path.household-{household['dtks_id']}").click(),
        household["name"],
    )
    expect(page.locator('[data-testid="bot-message"]', has_text="terverifikasi").first).to_be_visible()
    expect(page.locator('[data-testid="bot-message"]').last).not_to_contain_text("ditandai")
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / "demo-companion.png"))

    def far_away() -> None:
        for _ in range(3):
            page.locator(".leaflet-control-zoom-out").click()
        box = page.locator("#map").bounding_box()
        page.locator("#map").click(position={"x": box["width"] - 15, "y": 15})  # a corner, km from any house

    _report(page, FAR_COMPANION, other_photo, far_away, None)

    page.locator(f'[data-testid="person-coordinator-{COORDINATOR}"]').click()
    page.locator('[data-testid="run-alerts"]').click()
    alert = page.locator('[data-testid="bot-message"]', has_text="di luar radius").last
    expect(alert).to_contain_text("Asep")
    alert.locator('button[data-callback^="rev:p:"]').click()
    expect(page.locator('[data-testid="bot-message"] img[data-testid="photo"]').last).to_be_visible()
    alert.locator('button[data-callback^="rev:l:"]').click()
    expect(page.locator('[data-testid="location"]').last).to_be_visible()
    page.screenshot(path=str(OUT / "demo-coordinator.png"))

    visits = _visits(tmp_path / "data" / "demo" / "jamsosratu-demo.db")
    near, far = visits[COMPANION], visits[FAR_COMPANION]
    assert (near["dtks_id"], near["verdict"], near["live"], near["photos"]) == (household["dtks_id"], "verified", 1, 1)
    assert json.loads(near["conditions"]) and near["flags"] == 0
    assert far["verdict"] == "outside" and far["distance_m"] > 1000 and far["flags"] >= 1


def test_a_newcomer_opens_the_admins_invitation_link_and_registers(browser: Any, demo: str) -> None:
    """The first thing a new companion does, rehearsed: the admin makes a link, the newcomer
    opens it (the trainer picks who taps it) and is greeted as a registered companion."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(WAIT_MS)
    page.goto(demo)
    page.locator(f'[data-testid="person-newcomer-{NEWCOMER}"]').click()
    expect(page.locator('[data-testid="newcomer-hint"]')).to_contain_text("belum membuka bot")

    page.locator(f'[data-testid="person-admin-{ADMIN}"]').click()
    page.locator('[data-testid="text"]').fill("/undang pendamping 3604 Dewi")
    page.locator('[data-testid="send"]').click()
    page.locator('[data-testid="deep-link"]').last.click()
    page.locator(f'[data-testid="open-as-{NEWCOMER}"]').click()

    expect(page.locator('[data-testid="chat-title"]')).to_contain_text("Dewi")
    expect(page.locator('[data-testid="user-message"]').first).to_contain_text("/start")
    welcome = page.locator('[data-testid="bot-message"]', has_text="kini terdaftar sebagai").last
    expect(welcome).to_contain_text("Pendamping")
    expect(page.locator('[data-testid="reply-button"]').first).to_be_visible()  # the companion's menu
    page.screenshot(path=str(OUT / "demo-newcomer.png"))


def _report(page: Any, person: int, photo: Path, pick_point: Any, household_name: str | None) -> None:
    """The companion `person` goes through /lapor on the page by clicking."""
    page.locator(f'[data-testid="person-companion-{person}"]').click()
    page.locator('[data-testid="text"]').fill("/lapor")
    page.locator('[data-testid="send"]').click()
    expect(page.locator('[data-testid="reply-button"]').first).to_be_visible()  # the share-location keyboard

    page.locator('[data-testid="location-button"]').click()
    expect(page.locator("path.household").first).to_be_visible()
    pick_point()
    page.locator('[data-testid="accuracy"]').fill("8")
    page.locator('[data-testid="send-live"]').click()
    page.locator('[data-testid="live-slider"]').fill("10")  # walking a few metres: an edited live location
    expect(page.locator('[data-testid="location"]').last).to_contain_text("diperbarui")
    # As in Telegram, the location shows as a small map with its pin.
    expect(page.locator('[data-testid="location-map"]').last).to_be_visible()
    expect(page.locator('[data-testid="location-map"]').last.locator("path.pin")).to_have_count(1)

    households = page.locator('[data-testid="inline-button"]', has_text=household_name or "·")
    households.first.click()
    go_on = page.locator('button[data-callback="rep:go"]')
    photos_done = page.locator('button[data-callback="rep:pd"]')
    if household_name is None:  # far away: the bot asks whether to go on
        go_on.last.click()
    page.locator('[data-testid="photo-input"]').set_input_files(str(photo))
    photos_done.last.click()
    for index in range(5):
        fulfilled = f'button[data-callback="rep:c:{index}:0"]'  # "sesuai"
        page.locator(fulfilled).last.click()
        expect(page.locator(fulfilled).last).to_contain_text("•")  # the chosen mark
    page.locator('button[data-callback="rep:cd"]').last.click()
    page.locator('button[data-callback="rep:skip"]').last.click()
    page.locator('button[data-callback="rep:send"]').last.click()
    receipt = page.locator('[data-testid="bot-message"]').last
    expect(receipt).to_contain_text("Laporan terkirim")
    # The chat follows its newest message: the receipt is in sight, not behind the menu keyboard.
    page.wait_for_function(IN_SIGHT, arg=receipt.element_handle(), timeout=WAIT_MS)


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def _visits(db_path: Path) -> dict[int, dict[str, Any]]:
    """The latest visit each demo companion reported through the chat (seeded visits have no chat)."""
    deadline = time.monotonic() + 10
    while True:
        with sqlite3.connect(db_path) as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute(
                "SELECT v.chat_id, h.dtks_id, v.verdict, v.live, v.distance_m, v.conditions,"
                " (SELECT COUNT(*) FROM photos p WHERE p.visit_id = v.id) AS photos,"
                " (SELECT COUNT(*) FROM visit_flags f WHERE f.visit_id = v.id) AS flags"
                " FROM visits v JOIN households h ON h.id = v.household_id WHERE v.chat_id IS NOT NULL ORDER BY v.id"
            ).fetchall()
        found = {row["chat_id"]: dict(row) for row in rows}
        if len(found) == 2 or time.monotonic() > deadline:
            return found
        time.sleep(0.2)
