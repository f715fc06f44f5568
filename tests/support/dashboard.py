"""The dashboard through its real HTTP server: the running test bot's dashboard served on a free
port of 127.0.0.1, and browsers (each with its own cookies) that sign in as Telegram's Mini App
or with a /pantau link and call its API.

    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.browser()
        assert await browser.sign_in(coordinator) == 204
        status, me = await browser.get("/api/me")
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp

from bot.app.web_server import serving
from handlers.web.app import build_dashboard
from handlers.web.context import MONITOR
from handlers.web.init_data import sign
from tests.support.harness import TEST_TOKEN, BotHarness, FakeUser

PUBLIC_URL = "http://pantau.test/"
DASHBOARD = {"dashboard": {"enabled": True, "public_url": PUBLIC_URL, "tile_url": None}}


def launch_data(user_id: int, auth_date: int, *, token: str = TEST_TOKEN, **fields: str) -> str:
    """Mini App launch data for `user_id`, signed as Telegram signs it with `token`."""
    signed = {
        "auth_date": str(auth_date),
        "query_id": "AAH-test",
        "user": json.dumps({"id": user_id, "first_name": "Uji", "language_code": "id"}, separators=(",", ":")),
        **fields,
    }
    return urlencode({**signed, "hash": sign(signed, token)})


@dataclass
class Browser:
    """One browser: its own cookie jar."""

    base: str
    session: aiohttp.ClientSession
    last_cookie: str = ""

    async def get(self, path: str, **query: Any) -> tuple[int, Any]:
        async with self.session.get(self.base + path, params={k: str(v) for k, v in query.items()}) as response:
            return response.status, await _body(response)

    async def get_raw(self, path: str, **query: Any) -> tuple[int, bytes, dict[str, str]]:
        async with self.session.get(self.base + path, params={k: str(v) for k, v in query.items()}) as response:
            return response.status, await response.read(), dict(response.headers)

    async def post(self, path: str, body: Any) -> tuple[int, Any]:
        async with self.session.post(self.base + path, json=body) as response:
            self.last_cookie = response.headers.get("Set-Cookie", "")
            return response.status, await _body(response)

    async def sign_in(self, user: FakeUser, *, auth_date: int | None = None) -> int:
        """Open the Mini App as `user` (launch data signed with the test bot's token, dated now)."""
        assert user.harness.clock is not None
        data = launch_data(user.id, auth_date if auth_date is not None else user.harness.clock.now())
        status, _ = await self.post("/api/session/telegram", {"init_data": data})
        return status

    async def sign_in_with_link(self, token: str) -> int:
        status, _ = await self.post("/api/session/link", {"token": token})
        return status


async def _body(response: aiohttp.ClientResponse) -> Any:
    if response.content_type == "application/json":
        return await response.json()
    return await response.read()


@dataclass
class Dashboard:
    bot: BotHarness
    base: str
    _sessions: list[aiohttp.ClientSession] = field(default_factory=list)

    async def browser(self) -> Browser:
        # unsafe: keep cookies of an IP address (127.0.0.1), as a browser does.
        session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self._sessions.append(session)
        return Browser(self.base, session)

    async def signed_in(self, user: FakeUser) -> Browser:
        browser = await self.browser()
        assert await browser.sign_in(user) == 204
        return browser


@asynccontextmanager
async def served_dashboard(bot: BotHarness, *, refresh_s: float = 0.0) -> AsyncIterator[Dashboard]:
    """The test bot's dashboard on a free port, its register index following every change at once
    (or every `refresh_s`, answers shared that long, as in production)."""
    app = build_dashboard(bot.services, bot.app)
    async with serving(app, "127.0.0.1", 0) as port:
        app[MONITOR].refresh_s = refresh_s
        dashboard = Dashboard(bot, f"http://127.0.0.1:{port}")
        try:
            yield dashboard
        finally:
            for session in dashboard._sessions:
                await session.close()


def login_token(answer: Any) -> str:
    """The token of the /pantau answer's login link (its browser button)."""
    for button in answer.buttons:
        if "url" in button and "/login#t=" in button["url"]:
            return str(button["url"].split("#t=", 1)[1])
    raise AssertionError(f"no login link in {answer.buttons}")
