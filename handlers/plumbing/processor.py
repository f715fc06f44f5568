"""Update processing that keeps each user's updates in order but lets users run concurrently,
and keeps one user's backlog from holding anybody else's turn.

PTB handles one update at a time by default, so one slow photo download would stall every
companion. Here updates of the same user (or chat, for updates without a user) wait for each
other; different users' updates run side by side. What is sent while an update is handled is
marked as a reply, for the rate limiter.

A user's update waits for its turn first and only then takes one of the `slots` of concurrent
work: PTB's own limit is taken before the user is known, so one companion sending 300 messages
(a stuck phone re-sending, a child at the buttons) held all 256 slots while they waited, at
about one reply a second, for their own turn, and every other companion's next step waited
behind them (p95 10.1 s instead of 1.2 s, issue 20). PTB's limit is therefore set out of reach.

At most `queued_per_user` updates of one user are held (the one being handled included); the
excess is dropped as it arrives, so memory stays bounded whatever one user sends. Dropped, not
coalesced: PTB hands each update over as its own task, bound to that update, and only a
live-location move has a newer copy to stand for it. So a live-location move is dropped without
a word (the next move carries the newer position), and anything else the first time costs the
user one notice (`flood.too_many`), which asks them to wait and send again what got no answer:
a dropped photo is seen, never silently missing from a report. The notice goes through the
outbox, so it reaches them however busy Telegram is; once their backlog is worked off, a new
flood gets a new notice.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseUpdateProcessor

from bot.services import Services
from bot.texts import t
from handlers.plumbing.outbox import outbox_of
from handlers.plumbing.rate_limits import replying

log = logging.getLogger(__name__)

# Tells the sender of the first update dropped in a flood that what they sent was not read.
Overflow = Callable[[Update], Awaitable[None]]
# PTB's own limit (taken before the user is known): out of reach, `slots` is the limit.
_BEYOND_REACH = 2**31 - 1


@dataclass
class _Backlog:
    """One user's updates held by the processor: the one being handled and those waiting."""

    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    held: int = 0
    told: bool = False  # of the updates dropped since the backlog began


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, slots: int = 256, queued_per_user: int = 20, on_overflow: Overflow | None = None) -> None:
        super().__init__(_BEYOND_REACH)
        self._slots = asyncio.Semaphore(slots)
        self._queued_per_user = queued_per_user
        self._backlogs: dict[object, _Backlog] = {}
        self.on_overflow = on_overflow

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _ordering_key(update)
        backlog = self._backlogs.setdefault(key, _Backlog())
        if backlog.held >= self._queued_per_user:
            await self._drop(backlog, update, coroutine)
            return
        backlog.held += 1
        try:
            async with backlog.turn, self._slots:
                with replying():
                    await coroutine
        finally:
            backlog.held -= 1
            if not backlog.held:
                del self._backlogs[key]

    async def _drop(self, backlog: _Backlog, update: object, coroutine: Awaitable[Any]) -> None:
        if inspect.iscoroutine(coroutine):
            coroutine.close()  # never run: PTB's handling of the update is not started at all
        if not isinstance(update, Update) or _live_location_move(update) or backlog.told:
            return
        backlog.told = True
        log.warning(
            "updates dropped: too many held for one user",
            extra={"update_id": update.update_id, "queued_per_user": self._queued_per_user},
        )
        if self.on_overflow is None:
            return
        try:
            with replying():  # the notice is a reply: only its own chat's pace applies
                await self.on_overflow(update)
        except Exception:
            log.exception("the notice of dropped updates failed", extra={"update_id": update.update_id})

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


def _live_location_move(update: Update) -> bool:
    message = update.edited_message
    return message is not None and message.location is not None


async def tell_dropped(app: Application[Any, Any, Any, Any, Any, Any], update: Update) -> None:
    """Tell the sender of `update`, in their language, that what they sent too fast was not read."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    services: Services = app.bot_data["services"]
    person = await services.people.by_telegram_id(user.id) if user else None
    lang = person.language if person and person.active else services.settings.locale.language
    await outbox_of(app).confirm(f"flood.too_many:{update.update_id}", chat.id, t("flood.too_many", lang), lang=lang)
