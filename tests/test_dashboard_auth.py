"""Signing in to the dashboard through its real HTTP server: Mini App launch data checked with
the bot's token, /pantau's one-time login links, the session cookie, and what ends a session.
Forged, altered, expired, replayed or malformed launch data and links get 401 and nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.domain import Role
from bot.texts import t
from handlers.web.app import STATIC_DIR
from tests.dashboard_support import DASHBOARD, launch_data, login_token, served_dashboard
from tests.harness import BotHarness

MINUTE = 60


@pytest.fixture
async def bot(tmp_path: Path):  # type: ignore[no-untyped-def]
    async with BotHarness(tmp_path, config=DASHBOARD) as harness:
        yield harness


async def test_a_coordinator_opening_the_mini_app_is_signed_in_with_a_strict_http_only_cookie(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Bambang")
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.browser()
        assert await browser.sign_in(coordinator) == 204
        cookie = browser.last_cookie
        assert "pantau_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert "Secure" not in cookie  # the public address is http here
        status, me = await browser.get("/api/me")
        assert status == 200
        assert (me["name"], me["role"], [r["code"] for r in me["regions"]]) == ("Bambang", "coordinator", ["3604"])
        assert me["texts"]["web.tab.map"] == "Peta"


@pytest.mark.parametrize(
    ("case", "forge"),
    [
        ("another bot's token", lambda user, now: launch_data(user, now, token="123:another-bots-token")),
        ("altered user", lambda user, now: launch_data(user, now).replace(f"%22id%22%3A{user}", "%22id%22%3A1")),
        ("altered date", lambda user, now: launch_data(user, now).replace(f"auth_date={now}", f"auth_date={now + 1}")),
        ("expired", lambda user, now: launch_data(user, now - 3601)),
        ("dated ahead", lambda user, now: launch_data(user, now + 3600)),
        ("no hash", lambda user, now: re.sub(r"&hash=[0-9a-f]+", "", launch_data(user, now))),
        ("not a query string", lambda user, now: "%%%"),
        ("longer than Telegram's", lambda user, now: "a=" + "x" * 5_000),
        ("empty", lambda user, now: ""),
    ],
)
async def test_forged_altered_expired_or_malformed_launch_data_is_refused(bot: BotHarness, case: str, forge) -> None:  # type: ignore[no-untyped-def]
    coordinator = await bot.register(Role.COORDINATOR)
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.browser()
        status, _ = await browser.post("/api/session/telegram", {"init_data": forge(coordinator.id, bot.clock.now())})
        assert status == 401, case
        assert "Max-Age=0" in browser.last_cookie  # no session: the cookie is cleared
        assert (await browser.get("/api/me"))[0] == 401


async def test_launch_data_used_once_is_refused_the_second_time(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR)
    data = launch_data(coordinator.id, bot.clock.now())
    async with served_dashboard(bot) as dashboard:
        first, second = await dashboard.browser(), await dashboard.browser()
        assert (await first.post("/api/session/telegram", {"init_data": data}))[0] == 204
        assert (await second.post("/api/session/telegram", {"init_data": data}))[0] == 401
        assert (await second.get("/api/me"))[0] == 401
        assert (await first.get("/api/me"))[0] == 200


@pytest.mark.parametrize("role", [Role.COMPANION, None])
async def test_only_coordinators_and_admins_may_sign_in(bot: BotHarness, role: Role | None) -> None:
    user = await bot.register(role) if role else bot.user(first_name="Asing")
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.browser()
        assert await browser.sign_in(user) == 401
        assert (await browser.get("/api/map", south=-7, west=105, north=-5, east=107, zoom=8))[0] == 401


async def test_a_login_link_opens_a_session_once_within_its_ten_minutes(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN, first_name="Rina")
    answer = await admin.command("pantau")
    assert t("pantau.ready", minutes=10).split(":")[0] in answer.text
    assert any(button.get("web_app", {}).get("url") == "http://pantau.test/" for button in answer.buttons)
    assert bot.api.calls_to("setChatMenuButton")[-1].params["menu_button"]["type"] == "web_app"
    token = login_token(answer)
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.browser()
        assert await browser.sign_in_with_link(token) == 204
        assert (await browser.get("/api/me"))[1]["name"] == "Rina"
        again = await dashboard.browser()
        assert await again.sign_in_with_link(token) == 401  # used
        late = login_token(await admin.command("pantau"))
        bot.clock.advance(10 * MINUTE + 1)
        assert await again.sign_in_with_link(late) == 401  # expired
        assert await again.sign_in_with_link("x" * 43) == 401  # unknown
        assert await again.sign_in_with_link(token[:-1] + ("A" if token[-1] != "A" else "B")) == 401  # altered
        stored = await bot.services.db.fetch_all("SELECT token_hash FROM web_logins")
        assert all(token not in row[0] for row in stored)  # only hashes are kept


async def test_a_link_is_bound_to_the_person_it_was_sent_to(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3601",), first_name="Budi")
    await bot.register(Role.ADMIN, first_name="Rina")
    token = login_token(await coordinator.command("pantau"))
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.browser()
        assert await browser.sign_in_with_link(token) == 204
        me = (await browser.get("/api/me"))[1]
        assert (me["name"], [r["code"] for r in me["regions"]]) == ("Budi", ["3601"])


async def test_a_deactivated_persons_session_ends_at_the_next_request(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN, first_name="Rina")
    coordinator = await bot.register(Role.COORDINATOR, first_name="Bambang")
    assert coordinator.person is not None
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.signed_in(coordinator)
        assert (await browser.get("/api/me"))[0] == 200
        await admin.command("nonaktifkan", str(coordinator.person.id))
        assert (await browser.get("/api/me"))[0] == 401
        assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM web_sessions") == 0
        # Reactivated, the old session stays ended; opening the dashboard again signs in anew.
        await admin.command("aktifkan", str(coordinator.person.id))
        assert (await browser.get("/api/me"))[0] == 401


async def test_a_person_deactivated_behind_the_bots_back_is_signed_out_too(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    coordinator = await bot.register(Role.COORDINATOR)
    assert coordinator.person is not None and admin.person is not None
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.signed_in(coordinator)
        await bot.services.people.set_active(coordinator.person, False, admin.person.id)
        assert (await browser.get("/api/me"))[0] == 401


async def test_a_session_ends_after_its_hours_and_on_signing_out(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR)
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.signed_in(coordinator)
        bot.clock.advance(11 * 3600)
        assert (await browser.get("/api/me"))[0] == 200  # used: extended by another 12 hours
        bot.clock.advance(12 * 3600 + 1)
        assert (await browser.get("/api/me"))[0] == 401
        other = await dashboard.signed_in(coordinator)
        assert (await other.post("/api/session/end", {}))[0] == 204
        assert (await other.get("/api/me"))[0] == 401


async def test_pantau_says_so_when_the_dashboard_is_not_enabled(tmp_path: Path) -> None:
    async with BotHarness(tmp_path) as bot:
        coordinator = await bot.register(Role.COORDINATOR)
        assert (await coordinator.command("pantau")).texts == [t("pantau.disabled")]


async def test_every_answer_carries_a_policy_without_inline_scripts_and_the_pages_have_none(bot: BotHarness) -> None:
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.browser()
        for path in ("/", "/login", "/static/app.js", "/api/me"):
            status, _, headers = await browser.get_raw(path)
            assert status in (200, 401), path
            policy = headers["Content-Security-Policy"]
            assert "script-src 'self';" in policy and "unsafe-inline" not in policy, path
            assert headers["X-Content-Type-Options"] == "nosniff"
    for page in STATIC_DIR.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), f"inline script in {page.name}"
        assert not re.search(r"\son[a-z]+=", html) and "style=" not in html, f"inline handler or style in {page.name}"
        assert "http://" not in html and "https://" not in html, f"{page.name} loads from elsewhere"


async def test_a_https_public_address_makes_the_cookie_secure(tmp_path: Path) -> None:
    config = {"dashboard": {**DASHBOARD["dashboard"], "public_url": "https://pantau.dinsos.example.go.id/"}}
    async with BotHarness(tmp_path, config=config) as bot:
        coordinator = await bot.register(Role.COORDINATOR)
        async with served_dashboard(bot) as dashboard:
            browser = await dashboard.browser()
            assert await browser.sign_in(coordinator) == 204
            assert "Secure" in browser.last_cookie
