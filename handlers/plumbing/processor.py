"""Update processing that keeps each user's updates in order but lets users run concurrently.

PTB handles one update at a time by default, so one slow photo download would stall every
companion. Here updates of the same user (or chat, for updates without a user) wait for each
other; different users' updates run side by side. What is sent while an update is handled is
marked as a reply, for the rate limiter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from handlers.plumbing.rate_limits import replying


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[object, asyncio.Lock] = {}
        self._waiting: dict[object, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _ordering_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                with replying():
                    await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _ordering_key(update: object) -> object:
    if isinstance(update, Update):
        if update.effective_user:
            return ("user", update.effective_user.id)
        if update.effective_chat:
            return ("chat", update.effective_chat.id)
    return ("other", None)
