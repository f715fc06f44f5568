"""Helpers for the task tests: a coordinator walking through /tugas, and what a companion got."""

from __future__ import annotations

from tests.support.harness import ApiCall, BotHarness, BotResponse, FakeUser


async def give_task(
    office: FakeUser,
    text: str,
    *,
    audience: str = "scope",
    households: str | None = None,
    due: str | None = None,
    region: str | None = None,
    people: str | None = None,
) -> BotResponse:
    """Through /tugas baru up to the preview; the answer to the last step."""
    await office.command("tugas", "baru")
    await office.send_text(text)
    await office.press(f"task:au:{audience}")
    if region is not None:
        await office.press(f"task:rg:{region}")
    if people is not None:
        await office.send_text(people)
    if households is not None:
        await office.send_text(households)
    else:
        await office.press("task:skip")
    return await office.send_text(due) if due is not None else await office.press("task:nodue")


async def sent_task(bot: BotHarness, office: FakeUser, text: str, **options: str) -> int:
    """Give a task through /tugas and press Kirim; wait until every send of its round is done.
    Returns its id."""
    preview = await give_task(office, text, **options)
    assert "Pratinjau" in preview.text, preview.texts
    await office.press("task:send")
    task_id = int(await bot.services.db.fetch_value("SELECT MAX(id) FROM tasks"))
    await delivered(bot, task_id)
    return task_id


async def delivered(bot: BotHarness, task_id: int) -> None:
    """Wait until every active recipient of the task has a send of it recorded."""

    async def done() -> bool:
        undelivered = await bot.services.tasks.deliveries_due(urgent_only=False)
        return not [send for send in undelivered if send.task_id == task_id]

    await bot.wait_for(done)


def messages_to(bot: BotHarness, user: FakeUser) -> list[ApiCall]:
    return [call for call in bot.api.calls if call.chat_id == user.id and call.method.startswith("send") and call.ok]


def task_messages(bot: BotHarness, user: FakeUser, task_id: int) -> list[ApiCall]:
    """The messages to `user` that carry the task's ✅ Siap button or name it."""
    return [
        call
        for call in messages_to(bot, user)
        if any(button.get("callback_data") == f"ack:{task_id}" for button in call.buttons) or f"#{task_id}" in call.text
    ]
