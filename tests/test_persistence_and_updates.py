"""Nothing is lost, nothing is doubled: conversations survive restarts and crashes,
redelivered updates are ignored, one user's slow update does not hold up another."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot.app.application import BotApplication
from bot.domain import Role
from handlers.plumbing.context import BotContext
from handlers.routes import MAIN
from tests.support.harness import BOT_ID, BOT_USERNAME, BotHarness

ASK_NAME, ASK_VILLAGE = range(2)


async def _begin(update: Update, context: BotContext) -> int:
    await context.bot.send_message(update.effective_chat.id, "nama?")
    return ASK_NAME


async def _name(update: Update, context: BotContext) -> int:
    context.user_data["name"] = update.effective_message.text
    await context.bot.send_message(update.effective_chat.id, "desa?")
    return ASK_VILLAGE


async def _village(update: Update, context: BotContext) -> int:
    name = context.user_data.pop("name")
    await context.bot.send_message(update.effective_chat.id, f"{name} dari {update.effective_message.text}")
    return ConversationHandler.END


def add_probe_conversation(app: BotApplication) -> None:
    """A two-step persistent conversation, placed before the catch-all handlers."""
    app.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("probe", _begin)],
            states={
                ASK_NAME: [MessageHandler(filters.TEXT & ~filters.COMMAND, _name)],
                ASK_VILLAGE: [MessageHandler(filters.TEXT & ~filters.COMMAND, _village)],
            },
            fallbacks=[],
            name="probe",
            persistent=True,
        ),
        group=MAIN,
    )
    handlers = app.handlers[MAIN]
    handlers.insert(0, handlers.pop())


async def test_conversation_resumes_after_clean_restart(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, extra_handlers=add_probe_conversation) as bot:
        user = bot.user()
        await user.command("probe")
        assert (await user.send_text("Siti")).text == "desa?"
        await bot.restart()
        assert (await user.send_text("Cikande")).text == "Siti dari Cikande"


async def test_conversation_resumes_after_crash(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, extra_handlers=add_probe_conversation) as bot:
        user = bot.user()
        await user.command("probe")
        await user.send_text("Ahmad")
        await bot.crash_and_restart()
        assert (await user.send_text("Anyer")).text == "Ahmad dari Anyer"


async def test_a_crash_right_after_a_step_loses_only_that_step(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, extra_handlers=add_probe_conversation) as bot:
        user = bot.user()
        await user.command("probe")
        await bot.state_written()
        assert (await user.send_text("Siti")).text == "desa?"
        await bot.crash_and_restart(state_written=False)  # within WRITE_AFTER_S of the step
        assert (await user.send_text("Budi")).text == "desa?", "back at the step before"
        assert (await user.send_text("Anyer")).text == "Budi dari Anyer"


async def test_redelivered_update_is_handled_once(bot: BotHarness) -> None:
    user = bot.user()
    update = {
        "update_id": 4242,
        "message": user.message(text="/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}]),
    }
    first = await bot.process(update)
    again = await bot.process(update)
    assert first.texts and not again.calls


async def test_redelivery_after_restart_is_still_recognised(tmp_path: Path) -> None:
    async with BotHarness(tmp_path) as bot:
        user = bot.user()
        update = {"update_id": 777, "message": user.message(text="halo")}
        assert (await bot.process(update)).texts
        await bot.restart()
        assert not (await bot.process(update)).calls


async def test_one_users_slow_update_does_not_block_another(tmp_path: Path) -> None:
    release = asyncio.Event()
    started = asyncio.Event()
    order: list[str] = []

    async def slow(update: Update, context: BotContext) -> None:
        order.append(f"start {update.effective_user.id}")
        started.set()
        await release.wait()
        order.append(f"end {update.effective_user.id}")

    def add_slow(app: BotApplication) -> None:
        app.add_handler(CommandHandler("lambat", slow), group=MAIN)
        handlers = app.handlers[MAIN]
        handlers.insert(0, handlers.pop())

    async with BotHarness(tmp_path, extra_handlers=add_slow) as bot:
        slow_user, quick_user = bot.user(), bot.user()
        slow_task = asyncio.create_task(slow_user.command("lambat"))
        await started.wait()
        quick = await asyncio.wait_for(quick_user.command("start"), timeout=5)
        assert quick.texts, "the other user was answered while the slow update ran"
        # The same user's next update waits for their first one.
        second_task = asyncio.create_task(slow_user.command("lambat"))
        for _ in range(50):
            await asyncio.sleep(0)  # let the second update get as far as it can
        assert order == [f"start {slow_user.id}"]
        release.set()
        await slow_task
        await second_task
        assert order == [f"start {slow_user.id}", f"end {slow_user.id}"] * 2


async def test_a_failing_handler_gets_an_apology_and_the_bot_keeps_running(tmp_path: Path) -> None:
    async def broken(update: Update, context: BotContext) -> None:
        raise RuntimeError("boom")

    def add_broken(app: BotApplication) -> None:
        app.add_handler(CommandHandler("rusak", broken), group=MAIN)
        handlers = app.handlers[MAIN]
        handlers.insert(0, handlers.pop())

    async with BotHarness(tmp_path, extra_handlers=add_broken) as bot:
        user = bot.user()
        assert "terjadi kesalahan" in (await user.command("rusak")).text
        assert "belum terdaftar" in (await user.command("start")).text


async def test_a_step_is_stored_with_its_update_id_and_unchanged_data_is_not_rewritten(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, extra_handlers=add_probe_conversation) as bot:
        user = bot.user()
        await user.command("probe")
        await user.send_text("Siti")
        await bot.state_written()  # right after the update, without any stop
        stored = await bot.services.db.fetch_one("SELECT data, updated_at FROM bot_data WHERE data_key = ?", (user.id,))
        assert stored is not None and '"name": "Siti"' in stored["data"]

        bot.clock.advance(60)
        await user.command("bantuan")  # changes nothing the bot keeps
        await bot.state_written()
        again = await bot.services.db.fetch_one("SELECT updated_at FROM bot_data WHERE data_key = ?", (user.id,))
        assert again is not None and again["updated_at"] == stored["updated_at"]
        handled = await bot.services.db.fetch_value("SELECT COUNT(*) FROM processed_updates")
        assert handled == 3, "every handled update is remembered, with or without state changes"


async def test_a_failed_write_is_kept_and_written_later(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with BotHarness(tmp_path, extra_handlers=add_probe_conversation) as bot:
        user = bot.user()
        await user.command("probe")
        await bot.state_written()
        await bot.services.db.execute(
            "CREATE TRIGGER block_data BEFORE INSERT ON bot_data BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
        assert (await user.send_text("Siti")).text == "desa?", "the user does not wait for the disk"
        await bot.wait_for(lambda: "bot state not saved" in caplog.text)
        await bot.services.db.execute("DROP TRIGGER block_data")
        await bot.state_written()  # tried again after a pause
        await bot.crash_and_restart()
        assert (await user.send_text("Anyer")).text == "Siti dari Anyer"


async def test_the_bot_stays_out_of_groups(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    in_group = admin.message(text="/kpm Siti", entities=[{"type": "bot_command", "offset": 0, "length": 4}])
    in_group["chat"] = {"id": -100123, "type": "supergroup", "title": "Pendamping Serang"}
    answer = await bot.process({"update_id": bot.next_update_id(), "message": in_group})
    assert [(call.method, call.chat_id) for call in answer.calls] == [("sendMessage", -100123), ("leaveChat", -100123)]
    assert "hanya melayani chat pribadi" in answer.text
    chatter = admin.message(text="selamat pagi")
    chatter["chat"] = in_group["chat"]
    quiet = await bot.process({"update_id": bot.next_update_id(), "message": chatter})
    assert [call.method for call in quiet.calls] == ["leaveChat"], "no data, no chatter: it only leaves"


async def test_the_bot_added_to_a_group_says_so_and_leaves(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    group = {"id": -100555, "type": "group", "title": "Koordinasi"}
    bot_user = {"id": BOT_ID, "is_bot": True, "first_name": "Jamsosratu", "username": BOT_USERNAME}

    def membership(old: str, new: str) -> dict[str, Any]:
        return {
            "chat": group,
            "from": admin.sender(),
            "date": bot.clock.now(),
            "old_chat_member": {"status": old, "user": bot_user},
            "new_chat_member": {"status": new, "user": bot_user},
        }

    added = await bot.process({"update_id": bot.next_update_id(), "my_chat_member": membership("left", "member")})
    assert [call.method for call in added.calls] == ["sendMessage", "leaveChat"]
    assert "hanya melayani chat pribadi" in added.text
    gone = await bot.process({"update_id": bot.next_update_id(), "my_chat_member": membership("member", "left")})
    assert not gone.calls
