"""Issue 12's fault table, row by row: companions report while Telegram fails in one way,
then Telegram heals. Targets: 0 lost, 0 doubled, 0 error notices for stored reports, 0 actions
left unanswered once the faults stop. Latencies and `retry_after` are Telegram seconds, slept
scaled down by the fake (see `FakeBotApi.time_scale`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fault_support import companions_reporting, heal_and_count
from tests.harness import BotHarness, FakeBotApi

pytestmark = pytest.mark.both_backends

# Issue 12 ran 25; the rate limiter holds the bot to ~30 messages a second, so 6 keep this fast.
COMPANIONS = 6


def nothing(api: FakeBotApi, chat_id: int) -> None:
    """No fault."""


def one_502_on_the_receipt(api: FakeBotApi, chat_id: int) -> None:
    api.fail("sendMessage", status=502, description="Bad Gateway", chat_id=chat_id)


def four_429_on_the_receipt(api: FakeBotApi, chat_id: int) -> None:
    api.fail("sendMessage", status=429, description="Too Many Requests", retry_after=3, chat_id=chat_id, times=4)


@pytest.mark.parametrize("fault", [nothing, one_502_on_the_receipt, four_429_on_the_receipt], ids=lambda f: f.__name__)
async def test_a_stored_report_always_reaches_its_receipt_and_is_never_doubled(
    bot: BotHarness, fault: Callable[[FakeBotApi, int], None]
) -> None:
    reporters, started_over = await companions_reporting(bot, COMPANIONS, fault)
    run = await heal_and_count(bot, reporters, started_over)
    assert (run.stored, run.doubled, run.error_notices, run.receipts_missing) == (COMPANIONS, 0, 0, 0), run
    assert run.unanswered == 0, run


async def test_a_500_burst_costs_one_notice_at_most_and_loses_nothing(bot: BotHarness) -> None:
    def burst(api: FakeBotApi, chat_id: int) -> None:
        # The receipt and what the companion does next (start over) fail.
        api.fail("sendMessage", status=500, chat_id=chat_id, times=3)

    reporters, started_over = await companions_reporting(bot, COMPANIONS, burst)
    run = await heal_and_count(bot, reporters, started_over)
    assert (run.stored, run.doubled, run.receipts_missing, run.unanswered) == (COMPANIONS, 0, 0, 0), run
    # The notices answer the steps of the report started over, not the stored report.
    assert run.notices_per_companion <= 1, run


async def test_a_429_on_every_reply_is_waited_out_without_an_error(bot: BotHarness) -> None:
    def throttled(api: FakeBotApi, chat_id: int) -> None:
        api.fail("sendMessage", status=429, retry_after=5, chat_id=chat_id, times=2)

    reporters, started_over = await companions_reporting(bot, COMPANIONS, throttled)
    run = await heal_and_count(bot, reporters, started_over)
    assert (run.stored, run.doubled, run.started_over, run.error_notices, run.unanswered) == (COMPANIONS, 0, 0, 0, 0)


async def test_a_7_second_answer_is_not_an_error(bot: BotHarness) -> None:
    bot.api.slow("sendMessage", 7)
    reporters, started_over = await companions_reporting(bot, COMPANIONS)
    run = await heal_and_count(bot, reporters, started_over)
    assert (run.stored, run.doubled, run.started_over, run.error_notices, run.unanswered) == (COMPANIONS, 0, 0, 0, 0)


async def test_no_answer_within_the_read_timeout_leaves_nothing_unanswered(tmp_path: Path) -> None:
    def too_slow(api: FakeBotApi, chat_id: int) -> None:
        api.slow("sendMessage", 7, chat_id=chat_id, times=1)

    async with BotHarness(tmp_path, config={"telegram": {"read_timeout_s": 5}}) as bot:
        reporters, started_over = await companions_reporting(bot, 5, too_slow)
        run = await heal_and_count(bot, reporters, started_over)
        assert (run.stored, run.doubled, run.error_notices, run.receipts_missing) == (5, 0, 0, 0), run
