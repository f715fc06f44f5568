"""Invitations: an admin creates a one-time link; opening it registers the person."""

from __future__ import annotations

import hashlib
import json

from bot.domain import Role
from handlers.commands import commands_for
from tests.support.harness import BotHarness, FakeUser
from tests.support.invitations import token_of


async def invite(admin: FakeUser, *args: str) -> str:
    return token_of(await admin.command("undang", *args))


async def test_invited_companion_registers_with_role_region_and_own_menu(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    answer = await admin.command("undang", "pendamping", "36.04", "Siti", "Aminah")
    assert "Pendamping" in answer.text and "Kabupaten Serang (3604)" in answer.text
    assert "untuk Siti Aminah" in answer.text and "30/11/2025 10:00 WIB" in answer.text
    token = token_of(answer)
    stored = await bot.services.db.fetch_one("SELECT token_hash FROM invitations")
    assert stored is not None and stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps([dict(row) for row in await bot.services.db.fetch_all("SELECT * FROM invitations")])

    siti = bot.user(first_name="Siti", username="siti_a")
    welcome = await siti.command("start", token)
    assert "Selamat datang" in welcome.text and "Pendamping" in welcome.text
    assert "/kpm" in welcome.text and "/undang" not in welcome.text
    # A companion's main menu comes with the welcome, as with /start: nothing to type first.
    assert welcome.keyboard == ["📍 Lapor kunjungan", "🗂 Riwayat laporan", "🏠 KPM saya"]
    person = await bot.services.people.by_telegram_id(siti.id)
    assert person is not None and person.role is Role.COMPANION and person.region_codes == ("3604",)
    assert person.invited_by == admin.person.id  # type: ignore[union-attr]
    menus = [c for c in welcome.calls if c.method == "setMyCommands"]
    assert menus and menus[0].params["scope"] == {"type": "chat", "chat_id": siti.id}
    assert {c["command"] for c in menus[0].params["commands"]} == {s.name for s in commands_for(Role.COMPANION)}
    notices = [c for c in welcome.calls if c.method == "sendMessage" and c.chat_id == admin.id]
    assert notices and "#1 telah dipakai" in notices[0].text
    audit = await bot.services.db.fetch_all("SELECT action, entity FROM audit_log ORDER BY id")
    assert ("create", "invitation") in [tuple(row) for row in audit]
    assert ("invitation_registered", "person") in [tuple(row) for row in audit]


async def test_a_link_works_once(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    token = await invite(admin, "koordinator", "3601")
    await bot.user().command("start", token)
    second = await bot.user().command("start", token)
    assert "sudah dipakai" in second.text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM people WHERE role = 'coordinator'") == 1


async def test_expired_revoked_and_unknown_links_are_refused(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    old = await invite(admin, "pendamping", "3602")
    revoked = await invite(admin, "pendamping", "3602")
    listing = await admin.command("undangan")
    assert "#1" in listing.text and "#2" in listing.text
    assert "dicabut" in (await admin.command("cabut", "#2")).text
    assert "Tidak ada undangan #2" in (await admin.command("cabut", "2")).text
    bot.clock.advance(72 * 3600 + 1)
    assert "kedaluwarsa" in (await bot.user().command("start", old)).text
    assert "dicabut" in (await bot.user().command("start", revoked)).text
    assert "tidak dikenal" in (await bot.user().command("start", "x" * 32)).text
    assert "Tidak ada undangan yang masih berlaku" in (await admin.command("undangan")).text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM people") == 1


async def test_registered_person_opening_a_link_keeps_their_role(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    companion = await bot.register(Role.COMPANION)
    token = await invite(admin, "admin", "36")
    answer = await companion.command("start", token)
    assert "sudah terdaftar sebagai Pendamping" in answer.text
    person = await bot.services.people.by_telegram_id(companion.id)
    assert person is not None and person.role is Role.COMPANION
    assert "#1" in (await admin.command("undangan")).text, "the link is still usable by the right person"


async def test_deactivated_person_returns_through_a_new_invitation(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    companion = await bot.register(Role.COMPANION)
    await admin.command("nonaktifkan", str(companion.person.id))  # type: ignore[union-attr]
    token = await invite(admin, "koordinator", "3603")
    answer = await companion.command("start", token)
    assert "Koordinator" in answer.text
    person = await bot.services.people.by_telegram_id(companion.id)
    assert person is not None and person.active and person.role is Role.COORDINATOR
    assert person.region_codes == ("3603",)


async def test_invitation_arguments_are_checked(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    assert "Cara pakai" in (await admin.command("undang")).text
    assert "Cara pakai" in (await admin.command("undang", "kepala", "3604")).text
    assert "3299 tidak dikenal" in (await admin.command("undang", "pendamping", "3299")).text
    assert "bukan 36" in (await admin.command("undang", "pendamping", "36")).text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM invitations") == 0


async def test_invitation_validity_is_configurable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with BotHarness(tmp_path, config={"registry": {"invitation_ttl_hours": 1}}) as bot:
        admin = await bot.register(Role.ADMIN)
        token = await invite(admin, "pendamping", "3604")
        bot.clock.advance(3601)
        assert "kedaluwarsa" in (await bot.user().command("start", token)).text


async def test_plain_start_and_other_payloads_still_greet_strangers(bot: BotHarness) -> None:
    assert "belum terdaftar" in (await bot.user().command("start")).text
    assert "belum terdaftar" in (await bot.user().command("start", "lain")).text


async def test_links_of_a_deactivated_admin_stop_working(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN, first_name="Lama")
    link = await invite(admin, "admin", "36")
    other = await bot.register(Role.ADMIN, first_name="Baru")
    assert admin.person is not None
    await other.command("nonaktifkan", str(admin.person.id))
    answer = await bot.user().command("start", link)
    assert "dicabut" in answer.text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM people WHERE role = 'admin'") == 2


async def test_many_open_invitations_are_listed_with_the_whole_list_attached(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    for number in range(60):
        await invite(admin, "pendamping", "3604", "Calon", f"Pendamping{number:02d}")
    answer = await admin.command("undangan")
    [shown] = answer.texts
    assert "Pendamping00" in shown and "Pendamping59" not in shown and "berkas terlampir" in shown
    [(_, whole)] = answer.documents()
    assert all(f"Pendamping{number:02d}" in whole.decode() for number in range(60))
