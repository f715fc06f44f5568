"""`python -m bot demo` as its own process, used in a real headless Chromium by clicking, as a trainer
would: a companion reports a visit (live location picked on the map, household, photo, conditions,
send), a second companion reports from far away, and the coordinator opens the alert; a newcomer
opens the admin's invitation link and registers.

Needs Playwright and a Chromium (see tests/support/browser.py): without one the test is skipped
with that explanation. A screenshot of the page is left in bench/out/demo-*.png.
"""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.request
from pathlib import Path
from typing import Any

from tests.support.browser import OUT, browser, demo, expect  # noqa: F401 - fixtures used by name
from tests.support.report import picture

ADMIN, COORDINATOR, COMPANION, FAR_COMPANION, NEWCOMER = 1001, 1002, 1003, 1004, 1005
# The node lies wholly inside the chat's scrolled box, above the keyboard and the composer.
IN_SIGHT = """(node) => {
  const box = document.getElementById("messages").getBoundingClientRect();
  const shown = node.getBoundingClientRect();
  return shown.height > 0 && shown.top >= box.top - 1 && shown.bottom <= box.bottom + 1;
}"""
WAIT_MS = 20_000


def test_a_visit_reported_by_clicking_and_the_coordinator_opens_the_far_one(
    browser: Any,  # noqa: F811 - the fixture
    demo: str,  # noqa: F811 - the fixture
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


def test_a_newcomer_opens_the_admins_invitation_link_and_registers(
    browser: Any,  # noqa: F811 - the fixture
    demo: str,  # noqa: F811 - the fixture
) -> None:
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
    receipt = page.locator('[data-testid="bot-message"]', has_text="Laporan terkirim").last
    expect(receipt).to_be_visible()
    # Then the offer to report changes of the household (one tap skips it): the newest message.
    offer = page.locator('[data-testid="bot-message"]').last
    expect(offer).to_contain_text("Ada perubahan data keluarga")
    # The chat follows its newest message: receipt and offer in sight, not behind the menu keyboard.
    for message in (receipt, offer):
        page.wait_for_function(IN_SIGHT, arg=message.element_handle(), timeout=WAIT_MS)


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
