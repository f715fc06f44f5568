"""One companion's flood (a stuck phone re-sending, a child at the buttons) while others report:
the others' steps are answered at once, the flooder's backlog stays bounded, and what was not
read is told once (issue 20). Telegram's pace of one message a second per chat is kept
(sped up here), so the flooder's replies queue up as they would."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.domain import Role
from bot.rules.report import ReportDraft
from bot.texts import t
from handlers.plumbing.rate_limits import Limits
from handlers.report.session import DRAFT
from tests.support.harness import BotHarness, BotResponse, FakeUser
from tests.support.report import Reporter, add_household

QUEUED_PER_USER = 10
# Telegram's per-chat pace, 50 times faster: a flood of 300 takes a few seconds, not minutes.
PACED = Limits(chat_per_s=50, chat_burst=3, scheduled_per_s=1000, overall_per_s=10**6)
TOO_MANY = t("flood.too_many", "id")


def flood_bot(tmp_path: Path) -> BotHarness:
    return BotHarness(tmp_path, config={"telegram": {"queued_per_user": QUEUED_PER_USER}}, limits=PACED)


def answered(bot: BotHarness, user: FakeUser) -> list[str]:
    return [call.text for call in bot.api.calls if call.ok and call.chat_id == user.id and call.method == "sendMessage"]


async def flood(user: FakeUser, count: int) -> list[asyncio.Task[BotResponse]]:
    """`count` messages arriving together; returns once every one reached the bot."""
    tasks = [asyncio.create_task(user.send_text(f"halo {number}")) for number in range(count)]
    await asyncio.sleep(0)  # each task hands its update to the processor before anyone else's
    return tasks


async def test_one_companions_300_messages_never_hold_another_companions_step(tmp_path: Path) -> None:
    async with flood_bot(tmp_path) as bot:
        flooder = await bot.register(Role.COMPANION, first_name="Banjir")
        others = [Reporter(bot, await bot.register(Role.COMPANION, first_name=f"Pendamping {n}")) for n in range(3)]
        for number, other in enumerate(others):
            await add_household(bot, other.user, f"KPM {number}")

        flooding = await flood(flooder, 300)
        steps = await asyncio.gather(*(other.start() for other in others))
        flooder_answers_meanwhile = len(answered(bot, flooder))

        assert all("lokasi" in step.text.lower() for step in steps), [step.text for step in steps]
        # Before the fix the others waited behind the 44 updates PTB's 256 slots could not hold.
        assert flooder_answers_meanwhile < QUEUED_PER_USER, flooder_answers_meanwhile
        assert not all(task.done() for task in flooding)
        await asyncio.gather(*flooding)
        answers = answered(bot, flooder)
        # One answer for each message held, one notice for all that were dropped.
        assert answers.count(TOO_MANY) == 1, answers
        assert len(answers) == QUEUED_PER_USER + 1, answers


async def test_a_photo_dropped_in_a_flood_is_told_and_the_draft_takes_it_when_sent_again(tmp_path: Path) -> None:
    async with flood_bot(tmp_path) as bot:
        reporter = Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))
        await add_household(bot, reporter.user, "Siti Aminah")
        await reporter.start()
        chosen = await reporter.choose(await reporter.share(), "Siti Aminah")
        assert "foto" in chosen.text.lower()

        flooding = await flood(reporter.user, 40)
        await reporter.photo(seed=7)  # arrives behind the flood: not read
        await asyncio.gather(*flooding)
        answers = answered(bot, reporter.user)
        assert answers.count(TOO_MANY) == 1, answers
        assert not any("Foto 1 diterima" in answer for answer in answers), answers

        again = await reporter.photo(seed=7)
        assert "Foto 1 diterima" in again.text, again.text


async def test_live_location_moves_beyond_the_backlog_are_dropped_without_a_word(tmp_path: Path) -> None:
    async with flood_bot(tmp_path) as bot:
        reporter = Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))
        await add_household(bot, reporter.user, "Siti Aminah")
        await reporter.start()
        await reporter.choose(await reporter.share(), "Siti Aminah")
        assert reporter.location is not None
        before = len(answered(bot, reporter.user))
        bot.api.slow("getFile", 20)  # the photo's download holds the companion's turn meanwhile

        photo = asyncio.create_task(reporter.photo())
        await asyncio.sleep(0)
        moves = [
            asyncio.create_task(reporter.user.move_live_location(reporter.location, -6.12 + n / 100_000, 106.15))
            for n in range(50)
        ]
        await asyncio.gather(photo, *moves)

        assert TOO_MANY not in answered(bot, reporter.user)[before:]
        # The moves held were recorded, the rest dropped (the newest position comes with the next move).
        track = ReportDraft.from_json(bot.app.user_data[reporter.user.id][DRAFT]).track
        assert 0 < len(track) <= QUEUED_PER_USER, len(track)
