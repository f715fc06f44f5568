"""Tasks and announcements through the real Application: a coordinator gives a task with
/tugas, companions receive it in the scheduled lane with ✅ Siap, a report of a task household
counts it done, the creator follows the progress; edits and withdrawals are told once; a crash
between two recipients sends nobody the task twice."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bot.decisions.tasks import TaskCreated, create_task
from bot.domain import Audience, NewTask, Role
from handlers.plumbing.rate_limits import TelegramRateLimiter
from handlers.plumbing.replies import MESSAGE_LIMIT
from handlers.scheduled.jobs import REMINDERS, WEEKLY_DIGEST, run_due
from handlers.scheduled.tasks import task_round
from tests.support.harness import BotHarness, SimulatedCrash, telegram_units
from tests.support.office import DAY, wib
from tests.support.office import add_household as office_household
from tests.support.report import Reporter, add_household
from tests.support.tasks import delivered, give_task, messages_to, sent_task, task_messages


async def test_a_task_is_received_acknowledged_and_done_once_its_household_is_reported(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Bambang")
    ani = await bot.register(Role.COMPANION, first_name="Ani")
    budi = await bot.register(Role.COMPANION, first_name="Budi")
    siti = await add_household(bot, ani, "Siti")

    preview = await give_task(
        coordinator,
        "Kunjungi KPM ini sebelum pencairan hari Jumat.",
        audience="households",
        households=siti.dtks_id,
        due="28/11/2025",
    )
    assert "Penerima: <b>1</b> pendamping" in preview.text and "KPM: <b>1</b>" in preview.text
    created = await coordinator.press("task:send")
    assert "Tugas #1 disimpan dan sedang dikirim ke 1 pendamping" in created.text
    await delivered(bot, 1)

    received = task_messages(bot, ani, 1)
    assert len(received) == 1 and not task_messages(bot, budi, 1)
    message = received[0]
    assert "Tugas #1</b> dari Bambang (Koordinator)" in message.text and "28/11/2025" in message.text
    assert "Kunjungi KPM ini sebelum pencairan hari Jumat." in message.text and "Siti (Sukamaju)" in message.text
    listed = await coordinator.command("tugas")
    assert "siap 0/1 · KPM 0/1" in listed.text
    shown = await coordinator.press(listed.button("#1"))
    assert "Belum ✅ Siap (1):</b> Ani" in shown.text and "Siti (Sukamaju)" in shown.text

    forged = await budi.press(message.buttons[0])  # someone else's ✅: refused, nothing recorded
    assert forged.toast == "Tombol ini tidak tersedia untuk Anda."
    assert await bot.services.db.fetch_value("SELECT COUNT(acknowledged_at) FROM task_recipients") == 0
    acknowledged = await ani.press(message.buttons[0])
    assert acknowledged.toast == "Terima kasih, tercatat siap."
    assert (await ani.press(message.buttons[0])).toast == "Sudah tercatat siap sebelumnya."
    await Reporter(bot, ani).report("Siti")

    detail = await coordinator.command("tugas", "1")
    assert "Siap: <b>1/1</b>" in detail.text and "KPM selesai: <b>1/1</b>" in detail.text
    assert "belum dilaporkan" not in detail.text
    mine = await ani.command("tugassaya")
    assert "#1" in mine.text and "✅ siap" in mine.text and "KPM selesai" in mine.text


async def test_an_announcement_goes_to_every_companion_of_the_regions_and_nobody_else(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    serang = [await bot.register(Role.COMPANION, first_name=name) for name in ("Ani", "Budi")]
    lebak = await bot.register(Role.COMPANION, regions=("3602",), first_name="Cici")

    task_id = await sent_task(bot, coordinator, "Rapat koordinasi Senin pukul 09.00 di kantor Dinsos.")

    for companion in serang:
        [message] = task_messages(bot, companion, task_id)
        assert "Pengumuman #1" in message.text and "Tekan ✅ Siap setelah membaca." in message.text
    assert not messages_to(bot, lebak)


async def test_an_edit_and_a_withdrawal_are_told_once_to_those_who_got_the_task(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    ani, budi = (
        await bot.register(Role.COMPANION, first_name="Ani"),
        await bot.register(Role.COMPANION, first_name="Budi"),
    )
    task_id = await sent_task(bot, coordinator, "Rapat hari Senin.", due="28/11/2025")

    detail = await coordinator.command("tugas", str(task_id))
    asked = await coordinator.press(detail.button("Ubah teks"))
    assert "Rapat hari Senin." in asked.text
    edited = await coordinator.send_text("Rapat dipindah ke hari Selasa.")
    assert "diubah (teks)" in edited.text
    await bot.wait_for(lambda: all(len(task_messages(bot, user, task_id)) == 2 for user in (ani, budi)))
    await task_round(bot.app)
    for user in (ani, budi):
        assert len(task_messages(bot, user, task_id)) == 2, "told once"
        notice = task_messages(bot, user, task_id)[-1]
        assert "diubah</b> (teks)" in notice.text and "Rapat dipindah ke hari Selasa." in notice.text

    await ani.press(f"ack:{task_id}")
    ask = await coordinator.press(f"task:w:{task_id}")
    withdrawn = await coordinator.press(ask.button("Ya, tarik"))
    assert "ditarik" in withdrawn.text
    await bot.wait_for(lambda: all(len(task_messages(bot, user, task_id)) == 3 for user in (ani, budi)))
    await task_round(bot.app)
    for user in (ani, budi):
        messages = task_messages(bot, user, task_id)
        assert len(messages) == 3 and "ditarik</b>" in messages[-1].text
    assert "tidak punya tugas" in (await budi.command("tugassaya")).text
    assert (await budi.press(f"ack:{task_id}")).toast == "Pengumuman #1 sudah ditarik."
    assert "siap 0" not in (await coordinator.command("tugas")).text


async def test_a_crash_between_two_recipients_sends_each_the_task_once(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    first, second, third = [await bot.register(Role.COMPANION, first_name=name) for name in ("Ani", "Budi", "Cici")]
    assert coordinator.person is not None
    created = await create_task(bot.services, coordinator.person, NewTask("Rapat Senin.", Audience.SCOPE), "once")
    assert isinstance(created, TaskCreated)
    bot.api.crash_after("sendMessage", chat_id=second.id)

    with pytest.raises(SimulatedCrash):
        await task_round(bot.app)
    assert [len(task_messages(bot, user, 1)) for user in (first, second, third)] == [1, 1, 0]
    await bot.crash_and_restart()  # the start-up's round sends to whom it did not reach
    await bot.crash_and_restart()

    assert [len(task_messages(bot, user, 1)) for user in (first, second, third)] == [1, 1, 1]


async def test_recipients_who_blocked_the_bot_are_told_to_the_creator_once(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Bambang")
    admin = await bot.register(Role.ADMIN)
    await bot.register(Role.COMPANION, first_name="Ani")
    blocker = await bot.register(Role.COMPANION, first_name="Budi")
    bot.api.block(blocker.id)

    task_id = await sent_task(bot, coordinator, "Rapat Senin.")
    await bot.wait_for(lambda: any("memblokir bot" in call.text for call in messages_to(bot, coordinator)))
    await task_round(bot.app)
    await bot.crash_and_restart()

    notices = [call for call in messages_to(bot, coordinator) if "memblokir bot" in call.text]
    assert len(notices) == 1 and f"#{task_id}" in notices[0].text and "Budi (Pendamping)" in notices[0].text
    assert not any("memblokir" in call.text for call in messages_to(bot, admin)), "told to the creator, not the admins"


async def test_quiet_hours_hold_a_task_unless_it_is_urgent(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    ani = await bot.register(Role.COMPANION, first_name="Ani")
    bot.clock.set(wib(2025, 11, 27, 22))
    await give_task(coordinator, "Besok pagi saja.")
    await coordinator.press("task:send")
    await give_task(coordinator, "Banjir: laporkan KPM yang terdampak.")
    await coordinator.press("task:urgent")
    await coordinator.press("task:send")
    await bot.wait_for(lambda: len(task_messages(bot, ani, 2)) == 1)
    await task_round(bot.app)
    assert not task_messages(bot, ani, 1)

    bot.clock.set(wib(2025, 11, 28, 6, 30))
    await task_round(bot.app)
    assert len(task_messages(bot, ani, 1)) == 1 and "Mendesak" in task_messages(bot, ani, 2)[0].text


async def test_one_acknowledgement_reminder_and_one_overdue_notice(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    ani, budi = (
        await bot.register(Role.COMPANION, first_name="Ani"),
        await bot.register(Role.COMPANION, first_name="Budi"),
    )
    siti = await add_household(bot, ani, "Siti")
    task_id = await sent_task(
        bot, coordinator, "Kunjungi.", audience="households", households=siti.dtks_id, due="27/11/2025"
    )
    await bot.services.tasks.acknowledge(task_id, ani.person.id if ani.person else 0)

    bot.clock.advance(DAY + 60)  # past the due day, and ack_reminder_hours (24) after the send
    await task_round(bot.app)
    await task_round(bot.app)

    ani_messages = task_messages(bot, ani, task_id)
    assert len(ani_messages) == 2, "the task, then once: overdue with its household left"
    assert "melewati tenggatnya (27/11/2025)" in ani_messages[1].text and "Siti" in ani_messages[1].text
    assert not ani_messages[1].buttons, "acknowledged: no ✅ Siap again"
    assert not task_messages(bot, budi, task_id), "Budi holds none of its households"


async def test_an_unacknowledged_announcement_is_reminded_once_with_its_text(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    ani = await bot.register(Role.COMPANION, first_name="Ani")
    task_id = await sent_task(bot, coordinator, "Bawa KTP ke rapat.")

    bot.clock.advance(23 * 3600)
    await task_round(bot.app)
    assert len(task_messages(bot, ani, task_id)) == 1
    bot.clock.advance(2 * 3600)
    await task_round(bot.app)
    await task_round(bot.app)

    reminders = task_messages(bot, ani, task_id)[1:]
    assert (
        len(reminders) == 1
        and "belum menekan ✅ Siap" in reminders[0].text
        and "Bawa KTP ke rapat." in reminders[0].text
    )


async def test_a_household_handed_over_takes_its_task_to_the_new_companion(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    ani, budi = (
        await bot.register(Role.COMPANION, first_name="Ani"),
        await bot.register(Role.COMPANION, first_name="Budi"),
    )
    siti = await add_household(bot, ani, "Siti")
    task_id = await sent_task(bot, admin, "Kunjungi.", audience="households", households=siti.dtks_id)
    assert ani.person and budi.person

    await admin.command("alihkan", str(ani.person.id), str(budi.person.id))
    await task_round(bot.app)

    [received] = task_messages(bot, budi, task_id)
    assert "Siti (Sukamaju)" in received.text
    assert "1 KPM belum dilaporkan" in (await budi.command("tugassaya")).text
    ani_tasks = (await ani.command("tugassaya")).text
    assert f"#{task_id}" in ani_tasks and "KPM" not in ani_tasks.split("\n", 1)[1], "none of its households is Ani's"


async def test_nobody_to_receive_it_is_said_and_nothing_is_sent(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3673",))
    await bot.register(Role.COMPANION, regions=("3604",))

    answer = await give_task(coordinator, "Rapat.")

    assert "Tidak ada pendamping aktif yang akan menerimanya" in answer.text and "Untuk siapa?" in answer.text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM tasks") == 0


async def test_unknown_and_foreign_dtks_ids_are_listed_and_the_others_kept(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    ani = await bot.register(Role.COMPANION)
    lebak = await bot.register(Role.COMPANION, regions=("3602",))
    siti = await add_household(bot, ani, "Siti")
    foreign = await bot.services.households.by_dtks_id(
        (await add_household(bot, lebak, "Asep", dtks_id="3602000000000001")).dtks_id
    )
    assert foreign is not None
    await bot.services.db.execute("UPDATE households SET region_code = '3602' WHERE id = ?", (foreign.id,))
    await coordinator.command("tugas", "baru")
    await coordinator.send_text("Kunjungi.")
    await coordinator.press("task:au:households")

    answer = await coordinator.send_text(f"{siti.dtks_id}, 3604999999999999\n{foreign.dtks_id} =HYPERLINK(1)")

    assert "✅ 1 KPM diterima." in answer.text
    assert "Tidak terdaftar atau nonaktif (2): 3604999999999999, =HYPERLINK(1)" in answer.text
    assert "Di luar wilayah Anda (1): 3602000000000001" in answer.text
    assert "tenggat" in answer.text


async def test_a_list_of_ten_thousand_households_is_accepted_from_a_file_and_summarised(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    ani = await bot.register(Role.COMPANION)
    assert ani.person is not None
    await bot.services.db.execute(
        "INSERT INTO households (dtks_id, head_name, region_code, companion_id, created_at, updated_at)"
        " WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 10000)"
        " SELECT printf('3604%012d', value), 'Warga ' || value, '3604', ?, 0, 0 FROM n",
        (ani.person.id,),
    )
    content = ("id_dtks\n" + "".join(f"3604{number:012d}\n" for number in range(1, 10001))).encode()
    await coordinator.command("tugas", "baru")
    await coordinator.send_text("Pendataan ulang.")
    await coordinator.press("task:au:households")

    answer = await coordinator.send_document(content, "kpm.csv", "text/csv")
    preview = await coordinator.press("task:nodue")

    assert "✅ 10000 KPM diterima." in answer.text
    assert "KPM: <b>10000</b>" in preview.text
    await coordinator.press("task:send")
    await delivered(bot, 1)
    [message] = task_messages(bot, ani, 1)
    assert "KPM Anda dalam tugas ini (10000)" in message.text and "…dan 9990 KPM lainnya" in message.text


async def test_a_due_date_in_the_past_or_unreadable_is_said_and_the_step_waits(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    await bot.register(Role.COMPANION)
    await coordinator.command("tugas", "baru")
    await coordinator.send_text("Rapat.")
    await coordinator.press("task:au:scope")
    await coordinator.press("task:skip")

    assert "sudah lewat" in (await coordinator.send_text("26/11/2025")).text
    assert "tidak terbaca" in (await coordinator.send_text("Jumat depan")).text
    assert "Pratinjau" in (await coordinator.send_text("2025-11-27")).text


async def test_a_coordinator_cannot_name_companions_outside_their_regions(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    ani = await bot.register(Role.COMPANION, first_name="Ani")
    lebak = await bot.register(Role.COMPANION, regions=("3602",), first_name="Cici")
    assert ani.person and lebak.person
    await coordinator.command("tugas", "baru")
    await coordinator.send_text("Rapat.")
    asked = await coordinator.press("task:au:people")
    assert f"{ani.person.id} — Ani (Kabupaten Serang)" in asked.text and "Cici" not in asked.text

    refused = await coordinator.send_text(f"{ani.person.id}, {lebak.person.id}")
    kept = await coordinator.send_text(str(ani.person.id))

    assert f"Bukan pendamping aktif di wilayah Anda: {lebak.person.id}" in refused.text
    assert "ID DTKS" in kept.text


async def test_a_five_thousand_character_text_fits_telegram_as_other_long_texts_do(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    ani = await bot.register(Role.COMPANION)
    assert coordinator.person is not None
    text = "\n".join(f"{line:03d}. Periksa kelengkapan dokumen KPM <b>&" for line in range(110))[:5000]
    created = await create_task(bot.services, coordinator.person, NewTask(text, Audience.SCOPE), "long")
    assert isinstance(created, TaskCreated)

    await task_round(bot.app)

    [message] = task_messages(bot, ani, created.task.id)
    assert telegram_units(message.text) <= MESSAGE_LIMIT and message.buttons
    [(_, whole)] = [
        file for call in messages_to(bot, ani) if call.method == "sendDocument" for file in call.files.values()
    ]
    assert "<b>&" in whole.decode() and "109. Periksa" in whole.decode()


async def test_the_daily_reminder_puts_task_households_first_with_their_due_date(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    ani, budi = (
        await bot.register(Role.COMPANION, first_name="Ani"),
        await bot.register(Role.COMPANION, first_name="Budi"),
    )
    siti = await office_household(bot, ani, "Siti", registered_days_ago=1)
    await office_household(bot, ani, "Tua", registered_days_ago=90)
    rumah = await office_household(bot, budi, "Rumah", registered_days_ago=1)
    ids = f"{siti.dtks_id} {rumah.dtks_id}"
    await sent_task(bot, coordinator, "Kunjungi.", audience="households", households=ids, due="28/11/2025")

    await run_due(bot.app, REMINDERS)

    [reminder] = [call for call in messages_to(bot, ani) if "perlu dikunjungi" in call.text]
    text = reminder.text
    assert text.index("1 KPM dalam tugas") < text.index("Siti (Sukamaju) — tugas #1, tenggat 28/11/2025")
    assert text.index("Siti (Sukamaju)") < text.index("1 KPM perlu dikunjungi") < text.index("Tua (Sukamaju)")
    [only_tasks] = [call for call in messages_to(bot, budi) if "KPM dalam tugas" in call.text]
    assert "Rumah (Sukamaju) — tugas #1" in only_tasks.text and "perlu dikunjungi" not in only_tasks.text


async def test_the_weekly_digest_carries_a_line_per_open_task_and_a_sheet(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Bambang")
    lebak = await bot.register(Role.COORDINATOR, regions=("3602",), first_name="Lebak")
    await bot.register(Role.COMPANION, regions=("3602",))
    ani = await bot.register(Role.COMPANION, first_name="Ani")
    siti = await add_household(bot, ani, "Siti")
    await sent_task(
        bot, coordinator, "=Kunjungi KPM ini.", audience="households", households=siti.dtks_id, due="27/11/2025"
    )
    bot.clock.advance(DAY)

    await run_due(bot.app, WEEKLY_DIGEST)

    [digest] = [call for call in messages_to(bot, coordinator) if "Ringkasan kunjungan" in call.text]
    assert "Tugas terbuka (1):" in digest.text
    assert "#1</b> =Kunjungi KPM ini.\n   27/11/2025 · siap 0/1 · KPM 0/1 · ⌛ terlambat" in digest.text
    [(_, workbook)] = [
        file for call in messages_to(bot, coordinator) if call.method == "sendDocument" for file in call.files.values()
    ]
    sheet = load_workbook(io.BytesIO(workbook))["Tugas"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No. tugas", "Jenis", "Teks")
    assert rows[1][:3] == (1, "Tugas", "=Kunjungi KPM ini.") and rows[1][4:] == (
        "2025-11-27",
        "tidak",
        1,
        0,
        1,
        0,
        "ya",
    )
    assert sheet.cell(2, 3).data_type == "s", "the creator's text is never a formula"
    assert not any("Tugas terbuka" in call.text for call in messages_to(bot, lebak)), "another region's task"


async def test_a_task_goes_out_in_the_scheduled_lane_though_a_reply_asked_for_it(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
    ani = await bot.register(Role.COMPANION)
    lanes: list[tuple[int, bool]] = []
    take_turn = TelegramRateLimiter._take_turn

    async def record(limiter: TelegramRateLimiter, chat: object, scheduled: bool) -> None:
        lanes.append((next(chat_id for chat_id, known in limiter._chats.items() if known is chat), scheduled))
        await take_turn(limiter, chat, scheduled)  # type: ignore[arg-type]

    monkeypatch.setattr(TelegramRateLimiter, "_take_turn", record)

    await sent_task(bot, coordinator, "Rapat Senin.")

    assert (ani.id, True) in lanes, "the task: scheduled, after the replies"
    assert {scheduled for chat_id, scheduled in lanes if chat_id == coordinator.id} == {False}, "the steps: replies"
