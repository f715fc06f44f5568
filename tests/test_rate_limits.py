"""Telegram's send limits: replies limited per chat only, scheduled sends in their own lane after
the replies, a 429 holding back only its chat (PTB issue #3765 halted the whole bot)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from telegram.error import RetryAfter

from handlers.plumbing.rate_limits import Limits, TelegramRateLimiter, replying
from tests.support.harness import BotHarness

FAST = Limits(chat_per_s=20, chat_burst=2, scheduled_per_s=1000, overall_per_s=1000)


class Recorder:
    """The Bot API as the limiter sees it: records which chat each send reached, in order."""

    def __init__(self) -> None:
        self.sent: list[Any] = []
        self.floods: dict[Any, int] = {}  # chat -> how many sends to refuse with a 429
        self.refused = asyncio.Event()

    async def send(self, chat_id: Any, text: str) -> bool:
        if self.floods.get(chat_id):
            self.floods[chat_id] -= 1
            self.refused.set()
            raise RetryAfter(1)
        self.sent.append((chat_id, text))
        return True


async def send(limiter: TelegramRateLimiter, api: Recorder, chat_id: Any, text: str, *, reply: bool = True) -> None:
    async def go() -> Any:
        return await limiter.process_request(
            api.send, (chat_id, text), {}, "sendMessage", {"chat_id": chat_id, "text": text}, None
        )

    if reply:
        with replying():
            await go()
    else:
        await go()


async def test_a_busy_chat_waits_for_its_own_pace_and_no_other_chat_waits_with_it() -> None:
    limiter, api = TelegramRateLimiter(FAST), Recorder()
    burst = [asyncio.create_task(send(limiter, api, 1, f"a{n}")) for n in range(4)]
    await asyncio.sleep(0)
    await send(limiter, api, 2, "b")  # another companion's reply, sent after chat 1's burst was queued

    assert (2, "b") in api.sent and (1, "a2") not in api.sent
    await asyncio.gather(*burst)
    assert [text for chat, text in api.sent if chat == 1] == ["a0", "a1", "a2", "a3"]


async def test_a_429_holds_back_only_its_chat_then_the_message_goes() -> None:
    limiter, api = TelegramRateLimiter(FAST), Recorder()
    api.floods[1] = 1
    flooded = asyncio.create_task(send(limiter, api, 1, "held"))
    await api.refused.wait()

    await send(limiter, api, 2, "free")  # goes while chat 1 waits out its retry_after

    assert api.sent == [(2, "free")]
    await flooded
    assert api.sent == [(2, "free"), (1, "held")]


async def test_replies_go_before_scheduled_sends_when_the_second_is_full() -> None:
    limiter, api = TelegramRateLimiter(Limits(overall_per_s=3, scheduled_floor_per_s=0.5)), Recorder()
    for chat in range(3):
        await send(limiter, api, chat, "reply")
    reminder = asyncio.create_task(send(limiter, api, 10, "reminder", reply=False))
    await asyncio.sleep(0.05)
    await send(limiter, api, 4, "later reply")

    await reminder
    assert [text for _, text in api.sent][-2:] == ["later reply", "reminder"]


async def test_the_scheduled_lane_leaves_room_for_replies_that_come_at_once() -> None:
    limits = Limits(chat_per_s=20, chat_burst=2, overall_per_s=6, reply_room=2, scheduled_floor_per_s=0.5)
    limiter, api = TelegramRateLimiter(limits), Recorder()
    for chat in range(4):
        await send(limiter, api, chat, "reply")
    task = asyncio.create_task(send(limiter, api, 10, "task", reply=False))
    await asyncio.sleep(0.05)
    for chat in range(4, 6):  # a burst of replies: the second is still within Telegram's 6
        await send(limiter, api, chat, "burst")

    assert [text for _, text in api.sent] == ["reply"] * 4 + ["burst"] * 2, "the task waits for the next second"
    await task


async def test_a_429_on_a_scheduled_send_holds_the_scheduled_lane_but_not_replies() -> None:
    limiter, api = TelegramRateLimiter(FAST), Recorder()
    api.floods[10] = 1
    first = asyncio.create_task(send(limiter, api, 10, "reminder 1", reply=False))
    await api.refused.wait()
    second = asyncio.create_task(send(limiter, api, 11, "reminder 2", reply=False))

    await send(limiter, api, 2, "reply")

    assert api.sent == [(2, "reply")]
    await asyncio.gather(first, second)
    assert sorted(text for _, text in api.sent[1:]) == ["reminder 1", "reminder 2"]


async def test_a_group_gets_at_most_20_messages_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []

    async def record(delay: float, *args: Any) -> None:
        waits.append(delay)

    monkeypatch.setattr(asyncio, "sleep", record)
    limiter, api = TelegramRateLimiter(Limits(chat_per_s=100, chat_burst=100), clock=lambda: 1000.0), Recorder()
    for n in range(21):
        await send(limiter, api, -100123, f"m{n}")

    assert len(api.sent) == 21
    assert waits == [pytest.approx(60.0)]  # the first 20 went at once, the 21st a minute after the first


async def test_a_429_to_one_companion_does_not_delay_anothers_reply(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, limits=Limits()) as bot:
        ani, budi = bot.user(first_name="Ani"), bot.user(first_name="Budi")
        bot.api.fail("sendMessage", status=429, description="Too Many Requests", retry_after=1, chat_id=ani.id)
        held = asyncio.create_task(ani.command("start"))
        await bot.wait_for(lambda: any(call.chat_id == ani.id for call in bot.api.calls_to("sendMessage")))

        answer = await budi.command("start")

        assert answer.messages and not held.done()
        assert (await held).messages[-1].chat_id == ani.id


async def test_replies_to_two_chats_refused_within_a_second_are_paced_at_the_overall_limit_and_all_go() -> None:
    """Telegram's limit on all messages answers with a chat's 429: two chats refused at once
    is that limit, so every reply then waits its turn within `overall_per_s`; none is given up."""
    limiter, api = TelegramRateLimiter(Limits(chat_per_s=20, chat_burst=2, overall_per_s=5)), Recorder()
    api.floods.update({1: 1, 2: 1})
    await asyncio.gather(*(send(limiter, api, chat, "refused once") for chat in (1, 2)))

    replies = [asyncio.create_task(send(limiter, api, chat, "paced")) for chat in (3, 4, 5, 6)]
    await asyncio.sleep(0.05)
    assert len([chat for chat, text in api.sent if text == "paced"]) <= 1, "one reply per 0.2 s, not all at once"
    await asyncio.gather(*replies)
    assert [chat for chat, text in api.sent if text == "paced"] == [3, 4, 5, 6]


async def test_one_chat_refused_does_not_pace_the_others() -> None:
    limiter, api = TelegramRateLimiter(Limits(chat_per_s=20, chat_burst=2, overall_per_s=5)), Recorder()
    api.floods[1] = 1  # that chat's own flood
    flooded = asyncio.create_task(send(limiter, api, 1, "held"))
    await api.refused.wait()

    others = [asyncio.create_task(send(limiter, api, chat, "free")) for chat in (3, 4, 5, 6)]
    await asyncio.sleep(0.05)

    assert [chat for chat, text in api.sent if text == "free"] == [3, 4, 5, 6], "all at once"
    await asyncio.gather(flooded, *others)
