"""The dashboard in a real headless Chromium, opened as a coordinator would open it: in the demo
(`python -m bot demo`, its own process), Bambang sends /pantau and presses the Mini App button
(the demo opens it as Telegram does, with his signed launch data), sees his households on the
map, filters his kabupaten/kota, accepts a flagged report in the review queue, and his chat
then shows it accepted. Screenshots are left in bench/out/dashboard-*.png.

Skipped, saying why, without Playwright or a Chromium (see tests/support/browser.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.support.browser import OUT, browser, demo, expect  # noqa: F401 - fixtures used by name

COORDINATOR = 1002
SERANG = "3604"


def test_a_coordinator_opens_the_dashboard_filters_and_accepts_a_flagged_report(
    browser: Any,  # noqa: F811 - the fixture
    demo: str,  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    chat = browser.new_page(viewport={"width": 1300, "height": 850})
    chat.set_default_timeout(20_000)
    chat.goto(demo)
    chat.locator(f'[data-testid="person-coordinator-{COORDINATOR}"]').click()
    chat.locator('[data-testid="text"]').fill("/pantau")
    chat.locator('[data-testid="send"]').click()
    opener = chat.locator('[data-testid="web-app-button"]').last
    expect(opener).to_be_visible()
    with chat.expect_popup() as popup:
        opener.click()
    page = popup.value
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    expect(page.locator("#who")).to_contain_text("Bambang")
    assert "tgWebAppData" not in page.url  # the launch data leaves the address bar
    expect(page.locator("path.hexagon").first).to_be_visible()
    page.locator('[data-testid="filter-region"]').select_option(SERANG)
    expect(page.locator("path.hexagon").first).to_be_visible()
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / "dashboard-map.png"))

    page.locator('[data-testid="tab-review"]').click()
    card = page.locator('[data-testid="review-card"]').first
    expect(card).to_be_visible()
    visit_id = card.get_attribute("data-visit")
    page.screenshot(path=str(OUT / "dashboard-review.png"))
    card.locator('[data-testid="accept"]').click()
    expect(card.locator('[data-testid="review-result"]')).to_contain_text("Diterima")

    page.locator('[data-testid="tab-coverage"]').click()
    expect(page.locator('[data-testid="coverage"] tbody tr').first).to_contain_text("Kabupaten Serang")
    page.screenshot(path=str(OUT / "dashboard-coverage.png"))

    chat.bring_to_front()
    told = chat.locator('[data-testid="bot-message"]', has_text=re.compile(rf"#{visit_id}\b.*diterima di dasbor"))
    expect(told.last).to_be_visible()
    chat.screenshot(path=str(OUT / "dashboard-chat.png"))
    assert not [error for error in errors if "Content Security Policy" in error or "Refused" in error], errors
