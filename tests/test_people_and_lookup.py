"""Admins manage people and households; /kpm shows each role only what it may see."""

from __future__ import annotations

import json

from bot.domain import NewHousehold, Role
from bot.texts import t
from tests.support.harness import BotHarness

KK = "3604011203150012"
NIK = "3604015507800003"


async def add_household(
    bot: BotHarness, dtks_id: str, name: str, region: str = "3604", companion_id: int | None = None
) -> None:
    await bot.services.households.add(
        NewHousehold(
            dtks_id=dtks_id,
            head_name=name,
            region_code=region,
            kk_number=KK,
            head_nik=NIK,
            desa="Pejaten",
            latitude=-6.05,
            longitude=106.11,
            companion_id=companion_id,
        ),
        None,
    )


async def audit_actions(bot: BotHarness) -> list[str]:
    return [row[0] for row in await bot.services.db.fetch_all("SELECT action FROM audit_log ORDER BY id")]


async def test_people_are_listed_by_role_and_region(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN, first_name="Admin")
    await bot.register(Role.COMPANION, regions=("3604",), first_name="Budi")
    await bot.register(Role.COMPANION, regions=("3601",), first_name="Asep")
    await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Kordi")
    everyone = await admin.command("orang")
    assert "Orang terdaftar (4)" in everyone.text
    serang = await admin.command("orang", "pendamping", "3604")
    assert "Budi" in serang.text and "Asep" not in serang.text and "Kordi" not in serang.text
    assert "Kabupaten Serang (3604)" in serang.text
    assert "Cara pakai" in (await admin.command("orang", "kepala")).text


async def test_deactivated_person_is_a_stranger_until_reactivated(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    budi = await bot.register(Role.COMPANION, first_name="Budi")
    number = str(budi.person.id)  # type: ignore[union-attr]
    answer = await admin.command("nonaktifkan", number)
    assert "Budi dinonaktifkan" in answer.text
    assert any(c.method == "deleteMyCommands" for c in answer.calls)
    assert (await budi.command("kpm", "x")).texts == [t("unknown_command")]
    assert "(nonaktif)" in (await admin.command("orang")).text
    assert "sudah nonaktif" in (await admin.command("nonaktifkan", number)).text
    assert "diri sendiri" in (await admin.command("nonaktifkan", str(admin.person.id))).text  # type: ignore[union-attr]
    assert "aktif kembali" in (await admin.command("aktifkan", f"#{number}")).text
    assert "Cara pakai: /kpm" in (await budi.command("kpm")).text
    assert await audit_actions(bot) == ["create", "create", "deactivate", "activate"]


async def test_companion_moves_region_and_hands_households_over(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    budi = await bot.register(Role.COMPANION, regions=("3604",), first_name="Budi")
    dewi = await bot.register(Role.COMPANION, regions=("3604",), first_name="Dewi")
    budi_id, dewi_id = budi.person.id, dewi.person.id  # type: ignore[union-attr]
    for number in range(3):
        await add_household(bot, f"360400000000000{number}", f"KPM {number}", companion_id=budi_id)
    moved = await admin.command("pindahwilayah", str(budi_id), "3603")
    assert "Kabupaten Tangerang (3603)" in moved.text and "3 KPM" in moved.text
    person = await bot.services.people.by_id(budi_id)
    assert person is not None and person.region_codes == ("3603",)
    assert "tepat satu" in (await admin.command("pindahwilayah", str(budi_id), "36")).text
    assert "tepat satu" in (await admin.command("pindahwilayah", str(budi_id), "3601,3602")).text
    assert "Cara pakai" in (await admin.command("pindahwilayah", str(budi_id), "9999")).text
    assert "adalah admin" in (await admin.command("pindahwilayah", str(admin.person.id), "3603")).text  # type: ignore[union-attr]
    handed = await admin.command("alihkan", str(budi_id), str(dewi_id))
    assert "3 KPM dari Budi dialihkan ke Dewi" in handed.text
    assert len(await bot.services.households.of_companion(dewi_id)) == 3
    assert "sama" in (await admin.command("alihkan", str(dewi_id), str(dewi_id))).text
    assert "Tidak ada orang dengan nomor #999" in (await admin.command("alihkan", str(dewi_id), "999")).text
    audit = await bot.services.db.fetch_one("SELECT * FROM audit_log WHERE action = 'hand_over'")
    assert audit is not None and json.loads(audit["new_value"]) == {"companion_id": dewi_id, "households": 3}


async def test_look_up_visibility_by_role(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    budi = await bot.register(Role.COMPANION, regions=("3604",), first_name="Budi")
    dewi = await bot.register(Role.COMPANION, regions=("3604",), first_name="Dewi")
    serang = await bot.register(Role.COORDINATOR, regions=("3604",))
    lebak = await bot.register(Role.COORDINATOR, regions=("3602",))
    province = await bot.register(Role.COORDINATOR, regions=("36",))
    await add_household(bot, "3604000000000001", "Siti Aminah", companion_id=budi.person.id)  # type: ignore[union-attr]
    await add_household(bot, "3604000000000002", "Siti Rohmah", companion_id=dewi.person.id)  # type: ignore[union-attr]

    own = await budi.command("kpm", "siti")
    assert "Siti Aminah" in own.text and "Siti Rohmah" not in own.text
    assert "3604********0012" in own.text and KK not in own.text and NIK not in own.text
    assert "Pendamping: Budi" in own.text and "/koreksi" not in own.text
    assert "Tidak ada KPM" in (await budi.command("kpm", "3604000000000002")).text
    assert "Ditemukan beberapa KPM" in (await serang.command("kpm", "Siti")).text
    assert "Tidak ada KPM" in (await lebak.command("kpm", "Siti")).text
    assert "Siti Rohmah" in (await province.command("kpm", "3604000000000002")).text
    full = await admin.command("kpm", KK[:4], KK[4:8], KK[8:12], KK[12:])
    assert "Ditemukan beberapa" in full.text
    card = await admin.command("kpm", "3604000000000001")
    assert KK in card.text and NIK in card.text and "/koreksi 3604000000000001" in card.text
    assert "Kunjungan terakhir: belum ada" in card.text


async def test_admin_corrects_reassigns_and_deactivates_a_household(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    budi = await bot.register(Role.COMPANION, regions=("3604",), first_name="Budi")
    asep = await bot.register(Role.COMPANION, regions=("3601",), first_name="Asep")
    dewi = await bot.register(Role.COMPANION, regions=("3604",), first_name="Dewi")
    await add_household(bot, "3604000000000001", "Siti Aminah", companion_id=budi.person.id)  # type: ignore[union-attr]

    assert "tertukar" in (await admin.command("koreksi", "3604000000000001", "106.11,", "-6.06")).text
    fixed = await admin.command("koreksi", "3604000000000001", "-6,0601,", "106,1202")
    assert "dari -6.050000, 106.110000 menjadi -6.060100, 106.120200" in fixed.text
    audit = await bot.services.db.fetch_one("SELECT * FROM audit_log WHERE action = 'correct_coordinates'")
    assert audit is not None and audit["actor_id"] == admin.person.id  # type: ignore[union-attr]
    assert json.loads(audit["old_value"]) == {"latitude": -6.05, "longitude": 106.11, "coordinates_source": None}
    assert json.loads(audit["new_value"])["latitude"] == -6.0601

    wrong = await admin.command("pindahkpm", "3604000000000001", str(asep.person.id))  # type: ignore[union-attr]
    assert "bertugas di Kabupaten Pandeglang (3601)" in wrong.text
    moved = await admin.command("pindahkpm", "3604000000000001", str(dewi.person.id))  # type: ignore[union-attr]
    assert "kini didampingi Dewi" in moved.text
    assert "Tidak ada KPM" in (await budi.command("kpm", "Siti")).text
    assert "Siti Aminah" in (await dewi.command("kpm", "Siti")).text

    assert "dinonaktifkan" in (await admin.command("nonaktifkpm", "3604000000000001")).text
    assert "(nonaktif)" in (await admin.command("kpm", "3604000000000001")).text
    assert "sudah nonaktif" in (await admin.command("nonaktifkpm", "3604000000000001")).text
    assert "aktif kembali" in (await admin.command("aktifkpm", "3604000000000001")).text
    assert "Tidak ada KPM dengan ID DTKS 999" in (await admin.command("koreksi", "999", "-6.1,", "106.1")).text
    assert await audit_actions(bot) == ["create"] * 5 + ["correct_coordinates", "reassign", "deactivate", "activate"]


async def test_card_shows_the_last_visit_in_wib(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    budi = await bot.register(Role.COMPANION, first_name="Budi")
    await add_household(bot, "3604000000000001", "Siti Aminah", companion_id=budi.person.id)  # type: ignore[union-attr]
    await bot.services.db.execute(
        "INSERT INTO visits (household_id, companion_id, region_code, started_at, reported_at, latitude,"
        " longitude, live, verdict) VALUES (1, ?, '3604', 1764205200, 1764205200, -6.05, 106.11, 1, 'verified')",
        (budi.person.id,),  # type: ignore[union-attr]
    )
    card = await admin.command("kpm", "3604000000000001")
    assert "Kunjungan terakhir: 27/11/2025 08:00 WIB, terverifikasi" in card.text


async def test_a_coordinator_can_cover_several_regions_or_the_province(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    kordi = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Kordi")
    kordi_id = kordi.person.id  # type: ignore[union-attr]
    answer = await admin.command("pindahwilayah", str(kordi_id), "3601,36.02")
    assert "Kabupaten Pandeglang (3601), Kabupaten Lebak (3602)" in answer.text
    person = await bot.services.people.by_id(kordi_id)
    assert person is not None and person.region_codes == ("3601", "3602")
    assert "Cara pakai" in (await admin.command("pindahwilayah", str(kordi_id), "36,3601")).text
    await admin.command("pindahwilayah", str(kordi_id), "36")
    person = await bot.services.people.by_id(kordi_id)
    assert person is not None and person.region_codes == ("36",)
