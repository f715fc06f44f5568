"""The real bot started as `python -m bot` starts it, polling the demo's Bot API stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from bot.app.application import build_application, running_application, start_polling
from bot.app.demo.bot_api import BotApiStandIn, CallGate, ChatMessage, ChatUser, serve
from bot.services import Services
from tests.support.harness import TEST_TOKEN, make_settings


class LiveBot:
    """The stand-in served on a free port and the real bot polling it."""

    def __init__(self, api: BotApiStandIn, services: Services, root: str) -> None:
        self.api = api
        self.services = services
        self.root = root

    async def answer(self, user: ChatUser, *, count: int = 1) -> list[ChatMessage]:
        """Wait until the bot has written `count` messages to `user` after their last message."""
        chat = self.api.chat(user.id)

        def replies() -> list[ChatMessage]:
            last_own = max((i for i, m in enumerate(chat.messages) if not m.from_bot), default=-1)
            return [m for m in chat.messages[last_own + 1 :] if m.from_bot]

        await self.until(lambda: len(replies()) >= count)
        return replies()

    async def until(self, condition: Callable[[], bool]) -> None:
        version = self.api.version
        for _ in range(200):
            if condition():
                return
            version = await self.api.wait_for_change(version, 0.1)
        raise AssertionError(f"the bot did not answer: {[(c.method, c.params) for c in self.api.calls[-5:]]}")


@asynccontextmanager
async def live_bot(folder: Path, gate: CallGate | None = None) -> AsyncIterator[LiveBot]:
    """The bot started as `python -m bot` starts it, polling the stand-in (`gate` from the start)."""
    api = BotApiStandIn(TEST_TOKEN)
    api.gate = gate
    async with serve(api) as root:
        base_url, base_file_url = api.urls(root)
        config = {"telegram": {"base_url": base_url, "base_file_url": base_file_url, "poll_timeout_s": 1}}
        services = Services.create(make_settings(folder, config))
        await services.db.open()
        app = build_application(services)
        try:
            async with running_application(app):
                await start_polling(app)
                yield LiveBot(api, services, root)
                assert app.updater is not None
                await app.updater.stop()
        finally:
            await services.db.close()
