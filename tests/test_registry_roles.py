"""Every command of the registry × every role and a stranger: only admins may use them (and
/kpm also coordinators and companions); everyone else gets exactly the unknown-command reply."""

from __future__ import annotations

import pytest

from bot.domain import Role
from bot.texts import t
from handlers.commands import commands_for
from tests.support.harness import BotHarness

ADMIN_ONLY = (
    "undang",
    "undangan",
    "cabut",
    "orang",
    "nonaktifkan",
    "aktifkan",
    "pindahwilayah",
    "alihkan",
    "kpmbaru",
    "templat",
    "koreksi",
    "pindahkpm",
    "nonaktifkpm",
    "aktifkpm",
)
UNKNOWN = t("unknown_command")


@pytest.mark.parametrize("command", ADMIN_ONLY)
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.COMPANION, None])
async def test_admin_commands_are_unknown_to_everyone_else(bot: BotHarness, command: str, role: Role | None) -> None:
    user = await bot.register(role) if role else bot.user()
    answer = await user.command(command, "1", "2")
    assert answer.texts == [UNKNOWN]
    assert not answer.documents()
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM audit_log WHERE action != 'create'") == 0


@pytest.mark.parametrize("command", ADMIN_ONLY)
async def test_admins_get_an_answer_to_every_command(bot: BotHarness, command: str) -> None:
    admin = await bot.register(Role.ADMIN)
    answer = await admin.command(command)
    assert answer.texts and UNKNOWN not in answer.texts
    assert command in {spec.name for spec in commands_for(Role.ADMIN)}
    assert command not in {spec.name for spec in commands_for(Role.COMPANION)}


@pytest.mark.parametrize("role", list(Role))
async def test_look_up_is_for_every_registered_role(bot: BotHarness, role: Role) -> None:
    user = await bot.register(role)
    answer = await user.command("kpm")
    assert "Cara pakai: /kpm" in answer.text


async def test_look_up_is_unknown_to_strangers(bot: BotHarness) -> None:
    assert (await bot.user().command("kpm", "Siti")).texts == [UNKNOWN]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.COMPANION, None])
async def test_import_buttons_do_nothing_for_others(bot: BotHarness, role: Role | None) -> None:
    user = await bot.register(role) if role else bot.user()
    answer = await user.press("reg:imp:ok:1")
    assert answer.toast == "Tombol ini tidak tersedia untuk Anda." and not answer.messages


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.COMPANION, None])
async def test_spreadsheets_from_others_are_not_imported(bot: BotHarness, role: Role | None) -> None:
    user = await bot.register(role) if role else bot.user()
    answer = await user.send_document(b"id_dtks,nama_kepala,kode_wilayah\n1234,Siti,3604\n", "kpm.csv", "text/csv")
    assert "Ringkasan" not in answer.text and "KPM baru" not in answer.text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM import_batches") == 0
