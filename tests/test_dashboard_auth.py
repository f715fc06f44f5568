"""Signing in to the dashboard through its real HTTP server: Mini App launch data checked with
the bot's token, /pantau's one-time login links, the session cookie, and what ends a session.
Forged, altered, expired, replayed or malformed launch data and links get 401 and nothing."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp
import pytest
import yaml

from bot.app.health import HealthCheck
from bot.app.webhook import SECRET_HEADER, WebhookServer
from bot.config import ConfigError, load_settings
from bot.domain import Role
from bot.texts import t
from handlers.web.app import STATIC_DIR
from tests.support.dashboard import DASHBOARD, launch_data, login_token, served_dashboard
from tests.support.harness import TEST_TOKEN, BotHarness

pytestmark = pytest.mark.both_backends

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


async def test_in_webhook_mode_one_server_takes_telegrams_posts_and_serves_the_dashboard(tmp_path: Path) -> None:
    config = {**DASHBOARD, "telegram": {"mode": "webhook", "webhook_url": "https://bot.example.go.id/telegram"}}
    async with BotHarness(tmp_path, config=config) as bot:
        coordinator = await bot.register(Role.COORDINATOR, first_name="Bambang")
        health = HealthCheck(bot.services.health, bot.app.bot)
        server = WebhookServer(bot.app, secret="s3cret", path="/telegram", health=health, services=bot.services)
        port = await server.start("127.0.0.1", 0)
        try:
            base = f"http://127.0.0.1:{port}"
            update = {"update_id": 1, "message": bot.user(5571, "Wulan").message(text="halo")}
            async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
                async with session.post(f"{base}/telegram", json=update, headers={SECRET_HEADER: "s3cret"}) as answer:
                    assert answer.status == 200
                init_data = launch_data(coordinator.id, bot.clock.now())
                async with session.post(f"{base}/api/session/telegram", json={"init_data": init_data}) as answer:
                    assert answer.status == 204
                async with session.get(f"{base}/api/me") as answer:
                    assert (answer.status, (await answer.json())["name"]) == (200, "Bambang")
                async with session.get(f"{base}/healthz") as answer:
                    assert answer.status == 200
            await bot.wait_for(lambda: any(call.chat_id == 5571 for call in bot.api.calls))
        finally:
            await server.stop()


@pytest.mark.parametrize(
    ("dashboard", "telegram", "key"),
    [
        ({"enabled": True}, {}, "dashboard.public_url"),
        ({"enabled": True, "public_url": "ftp://x"}, {}, "dashboard.public_url"),
        ({"enabled": True, "public_url": "https://p.example/", "port": 9000}, {"mode": "webhook"}, "dashboard.port"),
        (
            {"enabled": True, "public_url": "https://p.example/"},
            {"mode": "webhook", "webhook_url": "https://p.example/"},
            "telegram.webhook_url",
        ),
        (
            {"enabled": True, "public_url": "https://p.example/"},
            {"mode": "webhook", "webhook_url": "https://p.example/api/tg"},
            "telegram.webhook_url",
        ),
        ({"tile_url": "http://tiles.example/{z}/{x}/{y}.png"}, {}, "dashboard.tile_url"),
    ],
)
def test_a_dashboard_setting_that_cannot_work_stops_start_up_naming_its_key(
    tmp_path: Path, dashboard: dict[str, object], telegram: dict[str, object], key: str
) -> None:
    config = tmp_path / "config.yaml"
    if telegram.get("mode") == "webhook":
        telegram = {"webhook_url": "https://bot.example.go.id/telegram", **telegram}
    config.write_text(yaml.safe_dump({"dashboard": dashboard, "telegram": telegram}), encoding="utf-8")
    environ = {"TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_WEBHOOK_SECRET": "s3cret"}
    with pytest.raises(ConfigError) as error:
        load_settings(config, environ)
    assert str(error.value).startswith(key), str(error.value)
    assert "\n" not in str(error.value)
