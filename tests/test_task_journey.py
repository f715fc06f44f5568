"""/tugas step by step: every step answers every kind of message it cannot use with its hint
and keeps the draft; the draft survives a restart; /batal and the idle limit end it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.decisions.tasks import TaskCreated, create_task
from bot.domain import Audience, NewTask, Role
from tests.support.harness import OTHER_KINDS, BotHarness, BotResponse, FakeUser

HINT = "Langkah ini menunggu"
STEPS = ("text", "audience", "region", "people", "households", "due", "confirm", "edit_text", "edit_due")


async def walk_to(bot: BotHarness, coordinator: FakeUser, step: str) -> None:
    """Through /tugas up to `step` (the edits: of a task given before)."""
    if step.startswith("edit"):
        assert coordinator.person is not None
        created = await create_task(bot.services, coordinator.person, NewTask("Rapat.", Audience.SCOPE), "k")
        assert isinstance(created, TaskCreated)
        await coordinator.press(f"task:e{'t' if step == 'edit_text' else 'd'}:{created.task.id}")
        return
    walk: list[Callable[[], Awaitable[BotResponse]]] = [
        lambda: coordinator.command("tugas", "baru"),
        lambda: coordinator.send_text("Rapat Senin."),
        lambda: coordinator.press("task:au:region"),
        lambda: coordinator.press("task:rg:3604"),
        lambda: coordinator.press("task:skip"),
        lambda: coordinator.press("task:nodue"),
    ]
    stops = {"text": 1, "audience": 2, "region": 3, "households": 4, "due": 5, "confirm": 6}
    if step == "people":
        walk[2] = lambda: coordinator.press("task:au:people")
    for move in walk[: stops.get(step, 3)]:
        await move()


async def wrong_messages(user: FakeUser, step: str) -> list[BotResponse]:
    """Every kind of message `step` cannot use."""
    answers = [
        await user.send_sticker(),
        await user.send_voice(),
        await user.send_contact(),
        await user.send_venue(-6.05, 106.11),
        await user.send_location(-6.05, 106.11),
        await user.command("kpm", "Siti"),
        await user.command("lapor"),
        await user.press("rep:send"),
        await user.press("task:send" if step != "confirm" else "task:au:scope"),
        *[await user.send_message(user.message(**content)) for content in OTHER_KINDS],
        await user.send_message(user.message(text="Rapat Selasa."), edited=True),
    ]
    if step != "text":  # the text step takes these as the task's attachment
        answers += [
            await user.send_photo(b"\xff\xd8jpeg"),
            await user.send_document(b"%PDF", "surat.pdf", "application/pdf"),
            await user.send_text("3604000000000001", forwarded=True),
        ]
    if step not in ("text", "households"):
        answers.append(await user.send_document(b"id_dtks\n", "kpm.csv", "text/csv"))
    if step in ("audience", "region", "confirm"):
        answers.append(await user.send_text("Semua saja"))
    return answers


@pytest.mark.parametrize("step", STEPS)
async def test_every_step_answers_every_kind_of_wrong_message_with_its_hint(bot: BotHarness, step: str) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    await bot.register(Role.COMPANION)
    await walk_to(bot, coordinator, step)
    draft = bot.app.user_data[coordinator.id]["task_draft"]

    for answer in await wrong_messages(coordinator, step):
        assert HINT in answer.text, f"{step}: {answer.texts}"
        assert not any("kesalahan" in text for text in answer.texts)

    assert bot.app.user_data[coordinator.id]["task_draft"] == draft, "the draft is kept as it was"
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM tasks") == (1 if step.startswith("edit") else 0)
    assert await bot.services.db.fetch_value("SELECT version FROM tasks") in (None, 1)


async def test_a_draft_survives_a_restart_and_goes_on_where_it_was(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    await bot.register(Role.COMPANION)
    await walk_to(bot, coordinator, "due")

    await bot.crash_and_restart()
    preview = await coordinator.press("task:nodue")

    assert "Pratinjau pengumuman" in preview.text and "Rapat Senin." in preview.text
    sent = await coordinator.press("task:send")
    assert "Pengumuman #1 disimpan" in sent.text
    again = await coordinator.press("task:send")  # pressed twice: nothing more is made
    assert again.toast == "Tombol ini bukan untuk langkah ini."
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM tasks") == 1


async def test_batal_and_the_idle_limit_end_the_journey_with_nothing_sent(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    await bot.register(Role.COMPANION)
    await walk_to(bot, coordinator, "confirm")
    assert "Dibatalkan" in (await coordinator.command("batal")).text

    await walk_to(bot, coordinator, "households")
    bot.clock.advance(121 * 60)
    late = await coordinator.press("task:skip")

    assert "tidak ada langkah selama 120 menit" in late.text
    assert "task_draft" not in bot.app.user_data[coordinator.id]
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM tasks") == 0


async def test_a_companion_deactivated_or_a_coordinator_demoted_mid_way_cannot_send(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    admin = await bot.register(Role.ADMIN)
    await bot.register(Role.COMPANION)
    await walk_to(bot, coordinator, "confirm")
    assert coordinator.person is not None and admin.person is not None
    await bot.services.people.set_active(coordinator.person, False, admin.person.id)

    answer = await coordinator.press("task:send")

    assert "Anda belum terdaftar" in answer.text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM tasks") == 0
