"""Sending within Telegram's limits without making replies wait for anybody else.

Telegram allows about one message a second in a chat (short bursts pass), 20 a minute in a
group, and about 30 a second in all. PTB's `AIORateLimiter` puts every message with a chat id
behind one 30-per-second bucket and halts *every* request after a 429 (PTB issue #3765), so a
reminder round or one flooded chat delayed every companion's reply. Here:

- replies (whatever is sent while an update is handled) are limited only per chat;
- scheduled sends (reminders, digests, alerts, notices, tasks: whatever a job sends) go in their
  own lane, at most `scheduled_per_s`, and only in the room replies leave within `overall_per_s`,
  less `reply_room` kept free for replies that come at once;
  in a chat they wait until a reply would still find a free slot;
- a 429 holds back only its chat (and, for a scheduled send, the scheduled lane) for its
  `retry_after`, then the request is tried again;
- Telegram's limit on all messages (about 30 a second) answers with the same 429 as a chat's:
  when replies to two different chats are refused within a second, that limit is what was
  hit, and replies too go out at most `overall_per_s` until none has been refused for
  `FLOOD_PACE_S` (replies still before scheduled sends; slower, but none is given up).

Every wait is computed once and slept once (reservations, not polling), so a burst of
requests costs no busy loop and keeps first-come order within a chat.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]
Callback = Callable[..., Coroutine[Any, Any, Result]]

_REPLYING: contextvars.ContextVar[bool] = contextvars.ContextVar("replying", default=False)
# How long replies stay paced after the last sign of Telegram's limit on all messages.
FLOOD_PACE_S = 60.0


@contextmanager
def replying() -> Iterator[None]:
    """Everything sent inside is a reply to the update being handled (the update processor's
    task; tasks started from it inherit the mark)."""
    token = _REPLYING.set(True)
    try:
        yield
    finally:
        _REPLYING.reset(token)


@contextmanager
def scheduled() -> Iterator[None]:
    """Everything sent inside is a scheduled send, also in a job that a reply asked for: a job
    PTB's JobQueue starts at once (`run_once(…, 0)` in a handler) runs in a copy of the
    handler's context, its reply mark included, and would send a whole round as replies."""
    token = _REPLYING.set(False)
    try:
        yield
    finally:
        _REPLYING.reset(token)


@dataclass(frozen=True)
class Limits:
    """Telegram's limits, as this bot keeps within them."""

    chat_per_s: float = 1.0
    chat_burst: int = 3
    group_per_minute: int = 20
    scheduled_per_s: float = 25.0
    # Replies and scheduled sends together; replies are never held by it, scheduled sends use the rest.
    overall_per_s: int = 30
    # A scheduled send goes out at least this often, however busy the replies keep the lane.
    scheduled_floor_per_s: float = 1.0
    # Sends of every second the lane leaves to replies beyond those already going out: replies
    # come in bursts (several companions step at once), and one refused waits a whole second.
    reply_room: int = 3
    max_retries: int = 3


@dataclass
class _Bucket:
    """A token bucket on which callers reserve their turn: the wait is known at once."""

    rate: float
    capacity: float
    at: float
    tokens: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def level(self, now: float) -> float:
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        return self.tokens

    def reserve(self, now: float) -> float:
        """Take a token; return how long to wait until it is really there."""
        self.tokens = self.level(now) - 1
        return max(0.0, -self.tokens / self.rate)

    def wait_for_spare(self, now: float) -> float:
        """How long until the bucket holds a token more than the next reply needs."""
        return max(0.0, (2 - self.level(now)) / self.rate)


@dataclass
class _Window:
    """At most `limit` sends in any `period` seconds (a group's 20 a minute), by reservation."""

    limit: int
    period: float
    sends: deque[float] = field(default_factory=deque)

    def reserve(self, now: float) -> float:
        while self.sends and self.sends[0] <= now - self.period:
            self.sends.popleft()
        start = now if len(self.sends) < self.limit else self.sends[-self.limit] + self.period
        self.sends.append(start)
        return start - now


@dataclass
class _Chat:
    bucket: _Bucket
    window: _Window | None
    held_until: float = 0.0


class TelegramRateLimiter(BaseRateLimiter[None]):
    def __init__(self, limits: Limits | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits or Limits()
        self._clock = clock
        self._chats: dict[int | str, _Chat] = {}
        self._lane_next = 0.0
        self._lane_held_until = 0.0
        self._recent_sends: deque[float] = deque()  # every send of the last second, for the overall room
        self._refused_replies: deque[tuple[float, _Chat]] = deque()  # replies refused in the last second
        self._paced_until = 0.0
        self._reply_pace = _Bucket(self.limits.overall_per_s, 1, clock())

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        chat_id = data.get("chat_id")
        if chat_id is None:  # answers to button presses, commands, files: no chat's quota
            return await self._with_retries(None, False, callback, args, kwargs)
        scheduled = not _REPLYING.get()
        # Kept for the process's life: one small record per person the bot ever wrote to.
        chat = self._chat(chat_id)
        await self._take_turn(chat, scheduled)
        return await self._with_retries(chat, scheduled, callback, args, kwargs)

    def _chat(self, chat_id: int | str) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            limits = self.limits
            group = isinstance(chat_id, str) or chat_id < 0
            window = _Window(limits.group_per_minute, 60.0) if group else None
            chat = self._chats[chat_id] = _Chat(_Bucket(limits.chat_per_s, limits.chat_burst, self._clock()), window)
        return chat

    async def _take_turn(self, chat: _Chat, scheduled: bool) -> None:
        if scheduled:
            await self._lane_turn()
            await _sleep(chat.bucket.wait_for_spare(self._clock()))
        now = self._clock()
        wait = chat.bucket.reserve(now)
        if chat.window is not None:
            wait = max(wait, chat.window.reserve(now))
        await _sleep(max(wait, chat.held_until - now))
        if not scheduled:
            await self._paced_turn()
        self._recent_sends.append(self._clock())

    async def _paced_turn(self) -> None:
        """A reply's turn within `overall_per_s` while Telegram's limit on all messages is near."""
        now = self._clock()
        if now < self._paced_until:
            await _sleep(self._reply_pace.reserve(now))

    async def _lane_turn(self) -> None:
        """The scheduled lane's turn: its own pace, its 429 hold, and the room replies leave."""
        limits = self.limits
        now = self._clock()
        start = max(now, self._lane_next, self._lane_held_until)
        self._lane_next = start + 1 / limits.scheduled_per_s
        await _sleep(start - now)
        now = self._clock()
        while self._recent_sends and self._recent_sends[0] <= now - 1:
            self._recent_sends.popleft()
        allowed = max(1, limits.overall_per_s - limits.reply_room)
        if len(self._recent_sends) >= allowed:
            # Replies fill the second: wait until its oldest send ages out, or the floor's turn.
            room = self._recent_sends[len(self._recent_sends) - allowed] + 1 - now
            wait = min(room, 1 / limits.scheduled_floor_per_s)
            self._lane_next = max(self._lane_next, now + wait)
            await _sleep(wait)

    async def _with_retries(
        self,
        chat: _Chat | None,
        scheduled: bool,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
    ) -> Result:
        for attempt in range(self.limits.max_retries + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self.limits.max_retries:
                    raise
                delay = retry_after_s(exc)
                held_until = self._clock() + delay + 0.1
                log.info("Telegram asked to wait", extra={"retry_after_s": delay, "scheduled": scheduled})
                if chat is not None:
                    chat.held_until = max(chat.held_until, held_until)
                if scheduled:
                    self._lane_held_until = max(self._lane_held_until, held_until)
                elif chat is not None:
                    self._note_refused_reply(chat)
                await _sleep(held_until - self._clock())
                if chat is not None and not scheduled:
                    await self._paced_turn()
        raise AssertionError("the loop returns or raises")

    def _note_refused_reply(self, chat: _Chat) -> None:
        """Pace replies when two chats' replies were refused within a second (or while paced)."""
        now = self._clock()
        refused = self._refused_replies
        while refused and refused[0][0] <= now - 1:
            refused.popleft()
        refused.append((now, chat))
        if now < self._paced_until or any(other is not chat for _, other in refused):
            if now >= self._paced_until:
                log.warning(
                    "Telegram's limit on all messages reached: replies paced",
                    extra={"per_s": self.limits.overall_per_s},
                )
            self._paced_until = now + FLOOD_PACE_S


def retry_after_s(exc: RetryAfter) -> float:
    """The wait a 429 asks for, in seconds."""
    after = exc.retry_after  # a timedelta as the composition root asks PTB for; seconds otherwise
    return after.total_seconds() if isinstance(after, timedelta) else float(after)


async def _sleep(seconds: float) -> None:
    if seconds > 0:
        await asyncio.sleep(seconds)
