"""Companions reporting while Telegram falters, as people do: whoever gets no receipt after
Send starts the report over (and, asked, says it is the same visit). Then Telegram heals, the
outbox catches up, and the run is counted as in issue 12's table."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.domain import Role
from bot.texts import t
from handlers.plumbing.outbox import outbox_of
from tests.support.harness import BotHarness, BotResponse, FakeBotApi
from tests.support.report import Reporter, add_household

RECEIPT = "Nomor laporan"
GENERIC_ERROR = t("error.generic", "id")
TELEGRAM_NOTICE = t("error.telegram", "id")[:40]


@dataclass
class FaultRun:
    stored: int
    doubled: int
    started_over: int
    error_notices: int  # "error.generic" and "error.telegram" messages delivered
    receipts_missing: int  # companions whose stored report never got its receipt
    unanswered: int  # companions' updates not followed by any message that reached them
    notices_per_companion: int  # most Telegram-failure notices one companion got


async def companions_reporting(
    bot: BotHarness, count: int, before_send: Callable[[FakeBotApi, int], None] | None = None
) -> tuple[list[Reporter], int]:
    """`count` companions, each with a household, reporting at once; `before_send` injects a
    fault just before a companion presses Send. A companion repeats a step that got no answer
    (at most 3 times); one whose Send brought no receipt starts the report over."""
    reporters: list[Reporter] = []
    households: dict[int, int] = {}
    for index in range(count):
        reporter = Reporter(bot, await bot.register(Role.COMPANION, first_name=f"Pendamping {index}"))
        household = await add_household(bot, reporter.user, f"KPM {index}", dtks_id=f"3604{index:012d}")
        households[reporter.user.id] = household.id
        reporters.append(reporter)
    started_over = 0

    async def step(action: Callable[[], Awaitable[BotResponse]]) -> BotResponse:
        for _ in range(3):
            answer = await action()
            if any(call.ok for call in answer.messages):
                break
        return answer

    async def report(reporter: Reporter) -> None:
        nonlocal started_over
        user = reporter.user
        for attempt in range(2):
            await step(reporter.start)
            await step(reporter.share)
            await step(lambda: user.press(f"rep:h:{households[user.id]}"))
            await step(lambda: reporter.photo(seed=user.id % 1000))
            await step(lambda: user.press("rep:pd"))
            await step(reporter.conditions)
            await step(lambda: user.press("rep:skip"))
            if before_send is not None and attempt == 0:
                before_send(bot.api, user.id)
            sent = await user.press("rep:send")
            if any(button.get("callback_data") == "rep:same" for button in sent.buttons):
                sent = await user.press("rep:same")
            if any(RECEIPT in call.text for call in sent.messages if call.ok):
                return
            if attempt == 0:
                started_over += 1

    await asyncio.gather(*(report(reporter) for reporter in reporters))
    return reporters, started_over


async def heal_and_count(bot: BotHarness, reporters: list[Reporter], started_over: int = 0) -> FaultRun:
    """Telegram works again: let the outbox catch up (its backoff on the fake clock), then count."""
    bot.api.heal()
    for _ in range(8):
        bot.clock.advance(60)
        await outbox_of(bot.app).deliver_due()
    ids = {reporter.user.id for reporter in reporters}
    delivered = [call for call in bot.api.calls if call.ok and call.method.startswith(("send", "edit"))]
    stored = int(await bot.services.db.fetch_value("SELECT COUNT(*) FROM visits"))
    households = int(await bot.services.db.fetch_value("SELECT COUNT(DISTINCT household_id) FROM visits"))
    notices = [call for call in delivered if GENERIC_ERROR in call.text or TELEGRAM_NOTICE in call.text]
    # The stored report's own receipt ("same visit" answers a report started over, not this one).
    receipts = {call.chat_id for call in delivered if RECEIPT in call.text}
    unanswered = 0
    for user_id, before in bot.actions:
        if user_id in ids and not any(
            call.ok and call.chat_id == user_id and call.method.startswith(("send", "edit"))
            for call in bot.api.calls[before:]
        ):
            unanswered += 1
    per_companion = max(
        (sum(1 for call in notices if call.chat_id == user_id and TELEGRAM_NOTICE in call.text) for user_id in ids),
        default=0,
    )
    return FaultRun(
        stored=stored,
        doubled=stored - households,
        started_over=started_over,
        error_notices=len(notices),
        receipts_missing=len(ids - receipts),
        unanswered=unanswered,
        notices_per_companion=per_companion,
    )
