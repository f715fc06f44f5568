"""/start and /bantuan for every role and for strangers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import Role
from handlers.commands import commands_for
from tests.support.harness import BotHarness


async def test_stranger_is_told_the_bot_is_for_registered_staff(bot: BotHarness) -> None:
    stranger = bot.user(first_name="Asing")
    answer = await stranger.command("start")
    assert "belum terdaftar" in answer.text
    assert "undangan" in answer.text


async def test_stranger_help_lists_only_public_commands(bot: BotHarness) -> None:
    answer = await bot.user().command("bantuan")
    assert "/start" in answer.text and "/bantuan" in answer.text
    listed = {line.split(" ")[0][1:] for line in answer.text.splitlines() if line.startswith("/")}
    assert listed == {spec.name for spec in commands_for(None)}


@pytest.mark.parametrize("role", list(Role))
async def test_known_person_is_greeted_by_role(bot: BotHarness, role: Role) -> None:
    user = await bot.register(role, first_name="Siti")
    answer = await user.command("start")
    expected_role = {"admin": "Admin Dinas Sosial", "coordinator": "Koordinator", "companion": "Pendamping"}
    assert "Siti" in answer.text
    assert expected_role[role.value] in answer.text


@pytest.mark.parametrize("role", list(Role))
async def test_help_lists_exactly_the_commands_of_the_role(bot: BotHarness, role: Role) -> None:
    user = await bot.register(role)
    answer = await user.command("bantuan")
    listed = {line.split(" ")[0][1:] for line in answer.text.splitlines() if line.startswith("/")}
    assert listed == {spec.name for spec in commands_for(role)}


async def test_deactivated_person_is_a_stranger(bot: BotHarness) -> None:
    user = await bot.register(Role.COMPANION)
    assert user.person is not None
    await bot.services.db.execute("UPDATE people SET active = 0 WHERE id = ?", (user.person.id,))
    bot.services.people.forget_cached()  # written by hand, not through the repository
    answer = await user.command("start")
    assert "belum terdaftar" in answer.text


async def test_names_are_escaped_in_html_replies(bot: BotHarness) -> None:
    user = await bot.register(Role.COORDINATOR, first_name="Budi <b>&")
    answer = await user.command("start")
    assert "Budi &lt;b&gt;&amp;" in answer.text


async def test_unknown_command_and_stray_messages_get_a_hint(bot: BotHarness) -> None:
    user = await bot.register(Role.COMPANION)
    assert "Perintah tidak dikenal" in (await user.command("tidakada")).text
    assert "/bantuan" in (await user.send_sticker()).text
    assert "/bantuan" in (await user.send_text("halo")).text


async def test_english_speaker_reads_english(bot: BotHarness) -> None:
    user = await bot.register(Role.COMPANION)
    assert user.person is not None
    await bot.services.db.execute("UPDATE people SET language = 'en' WHERE id = ?", (user.person.id,))
    bot.services.people.forget_cached()  # written by hand, not through the repository
    answer = await user.command("bantuan")
    assert "Commands available to you" in answer.text


async def test_default_command_menu_is_set_on_start(bot: BotHarness) -> None:
    calls = bot.api.calls_to("setMyCommands")
    assert calls, "the bot sets its public command list on start-up"
    names = {command["command"] for command in calls[0].params["commands"]}
    assert names == {spec.name for spec in commands_for(None)}


async def test_cancel_outside_a_conversation(bot: BotHarness) -> None:
    user = await bot.register(Role.COMPANION)
    assert "Tidak ada yang perlu dibatalkan" in (await user.command("batal")).text
    assert "Perintah tidak dikenal" in (await bot.user().command("batal")).text


@pytest.mark.parametrize("role", list(Role))
async def test_start_sets_the_role_command_menu_for_the_chat(bot: BotHarness, role: Role) -> None:
    user = await bot.register(role)
    answer = await user.command("start")
    menus = [call for call in answer.calls if call.method == "setMyCommands"]
    assert len(menus) == 1
    assert menus[0].params["scope"] == {"type": "chat", "chat_id": user.id}
    assert {c["command"] for c in menus[0].params["commands"]} == {s.name for s in commands_for(role)}


async def test_configured_bootstrap_admin_is_an_admin_from_the_first_start(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, config={"admins": {"bootstrap_user_ids": [424242]}}) as bot:
        answer = await bot.user(424242, "Kepala Dinas").command("start")
        assert "Admin Dinas Sosial" in answer.text and "/undang" in answer.text
        person = await bot.services.people.by_telegram_id(424242)
        assert person is not None and person.role is Role.ADMIN and person.region_codes == ("36",)
        await bot.services.db.execute("UPDATE people SET active = 0 WHERE id = ?", (person.id,))
        bot.services.people.forget_cached()  # written by hand, not through the repository
        await bot.restart()
        assert "Admin Dinas Sosial" in (await bot.user(424242).command("start")).text, (
            "a configured admin cannot be locked out"
        )
