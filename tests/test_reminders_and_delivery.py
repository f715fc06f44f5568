"""Reminders to companions and the delivery rules every scheduled send follows: on time in WIB,
caught up after downtime, never twice (even after a crash mid-broadcast), through 429s, server
errors and blocked recipients."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.domain import Role
from handlers.scheduled.jobs import REMINDERS, WEEKLY_DIGEST, run_due
from storage.dispatch import DispatchStatus
from tests.support.harness import BotHarness, FakeClock, FakeUser, SimulatedCrash
from tests.support.office import DAY, WIB, add_household, add_visit, wib

FRIDAY_10 = wib(2026, 11, 27, 10, 0)
NO_BACKOFF = {"delivery": {"retry_backoff_s": [0, 0]}}


@pytest.fixture
async def office(tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with BotHarness(tmp_path, config=NO_BACKOFF, clock=FakeClock(FRIDAY_10)) as harness:
        yield harness


def sent_to(bot: BotHarness, user: FakeUser, method: str = "sendMessage") -> list[Any]:
    return [call for call in bot.api.calls_to(method) if call.chat_id == user.id]


async def companion_with_overdue(bot: BotHarness, name: str = "Rina") -> FakeUser:
    companion = await bot.register(Role.COMPANION, first_name=name)
    await add_household(bot, companion, f"KPM {name}")
    return companion


async def send_back_for_revisit(bot: BotHarness, visit_id: int) -> None:
    """A coordinator asks for the visit to be made again (a day before the reminders run)."""
    coordinator = await bot.register(Role.COORDINATOR)
    assert coordinator.person is not None
    await bot.services.reviews.review(
        visit_id, status="revisit", reason=None, reviewer_id=coordinator.person.id, at=FRIDAY_10 - DAY
    )


async def test_reminder_lists_revisits_first_then_never_visited_then_oldest(office: BotHarness) -> None:
    rina = await office.register(Role.COMPANION, first_name="Rina")
    never = await add_household(office, rina, "Ahmad Never", desa="Cibadak")
    old = await add_household(office, rina, "Siti Old")
    await add_visit(office, old, rina, FRIDAY_10 - 40 * DAY)
    recent = await add_household(office, rina, "Dewi Recent")
    await add_visit(office, recent, rina, FRIDAY_10 - 5 * DAY)
    sent_back = await add_household(office, rina, "Asep Revisit")
    visit_id = await add_visit(office, sent_back, rina, FRIDAY_10 - 2 * DAY, flags=("outside",))
    await send_back_for_revisit(office, visit_id)

    await run_due(office.app, REMINDERS)

    [message] = sent_to(office, rina)
    lines = message.text.splitlines()
    assert "3 KPM perlu dikunjungi" in lines[0]
    assert "Asep Revisit" in lines[1] and "kunjungan ulang" in lines[1]
    assert f"{never.head_name} (Cibadak)" in lines[2] and "belum pernah" in lines[2]
    assert "Siti Old" in lines[3] and "40 hari" in lines[3]
    assert "Dewi Recent" not in message.text
    assert message.buttons == [{"text": "📝 Mulai laporan kunjungan", "callback_data": "rep:start"}]


async def test_companion_with_nothing_overdue_gets_nothing(office: BotHarness) -> None:
    busy = await office.register(Role.COMPANION, first_name="Busy")
    household = await add_household(office, busy, "Visited Lately")
    await add_visit(office, household, busy, FRIDAY_10 - 3 * DAY)
    idle = await companion_with_overdue(office, "Idle")

    report = await run_due(office.app, REMINDERS)

    assert report is not None
    assert sent_to(office, busy) == []
    assert len(sent_to(office, idle)) == 1


async def test_long_list_is_capped_with_the_count_of_the_rest(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, config={"reminders": {"max_listed": 2}}, clock=FakeClock(FRIDAY_10)) as bot:
        rina = await bot.register(Role.COMPANION, first_name="Rina")
        for number in range(5):
            await add_household(bot, rina, f"KPM {number}")
        await run_due(bot.app, REMINDERS)
        [message] = sent_to(bot, rina)
        assert message.text.count("• ") == 2
        assert "dan 3 KPM lainnya" in message.text


async def test_an_imported_batch_is_listed_by_name_and_counted_whole(tmp_path: Path) -> None:
    """Households imported together share their registration time: the reminder lists the first
    names in order and counts every one, with a revisit asked of the last name still on top."""
    async with BotHarness(tmp_path, config={"reminders": {"max_listed": 3}}, clock=FakeClock(FRIDAY_10)) as bot:
        rina = await bot.register(Role.COMPANION, first_name="Rina")
        batch = [await add_household(bot, rina, name) for name in ("Eko", "Citra", "Zaenal", "Ani", "Budi", "Dewi")]
        await send_back_for_revisit(bot, await add_visit(bot, batch[2], rina, FRIDAY_10 - DAY))

        await run_due(bot.app, REMINDERS)

        [message] = sent_to(bot, rina)
        lines = message.text.splitlines()
        assert "6 KPM perlu dikunjungi" in lines[0]
        assert "Zaenal" in lines[1]
        assert [line.split(" (")[0].removeprefix("• ") for line in lines[2:4]] == ["Ani", "Budi"]
        assert lines[4] == "…dan 3 KPM lainnya."


async def test_reminders_wait_for_the_end_of_quiet_hours(office: BotHarness) -> None:
    rina = await companion_with_overdue(office)
    office.clock.set(wib(2026, 11, 27, 22, 30))  # after a 22:00 schedule run, inside 21:00-06:00

    assert await run_due(office.app, REMINDERS) is None

    assert sent_to(office, rina) == []
    assert office.app.job_queue is not None
    [resume] = office.app.job_queue.get_jobs_by_name("reminders-after-quiet-hours")
    assert resume.next_t is not None
    assert resume.next_t.astimezone(WIB).replace(tzinfo=None) == datetime(2026, 11, 28, 6, 0)


async def test_a_restart_in_quiet_hours_defers_the_missed_round_to_the_morning(office: BotHarness) -> None:
    rina = await companion_with_overdue(office)
    office.clock.set(wib(2026, 11, 27, 23, 0))
    await office.restart()
    assert sent_to(office, rina) == []
    assert office.app.job_queue is not None
    [resume] = office.app.job_queue.get_jobs_by_name("reminders-after-quiet-hours")
    assert resume.next_t is not None and resume.next_t.astimezone(WIB).hour == 6

    office.clock.set(wib(2026, 11, 28, 6, 0))
    await resume.run(office.app)
    assert len(sent_to(office, rina)) == 1
    assert "2026-11-27" in await _periods(office)  # the round of the 27th, sent late but once


async def _periods(bot: BotHarness) -> set[str]:
    rows = await bot.services.db.fetch_all("SELECT DISTINCT period FROM dispatch_log WHERE job = 'reminders'")
    return {row[0] for row in rows}


async def test_jobs_are_scheduled_at_their_wib_times(office: BotHarness) -> None:
    assert office.app.job_queue is not None
    [digest] = office.app.job_queue.get_jobs_by_name(WEEKLY_DIGEST)
    [reminders] = office.app.job_queue.get_jobs_by_name(REMINDERS)
    assert office.app.job_queue.get_jobs_by_name("alerts")
    assert digest.next_t is not None and reminders.next_t is not None
    digest_at = digest.next_t.astimezone(WIB)
    assert (digest_at.weekday(), digest_at.hour, digest_at.minute) == (0, 7, 0)
    reminders_at = reminders.next_t.astimezone(WIB)
    assert (reminders_at.hour, reminders_at.minute) == (7, 30)


async def test_the_scheduled_job_sends_the_period_due_at_its_time(office: BotHarness) -> None:
    rina = await companion_with_overdue(office)
    office.clock.set(wib(2026, 11, 28, 7, 30))  # the JobQueue fires the daily 07:30 run
    assert office.app.job_queue is not None
    [job] = office.app.job_queue.get_jobs_by_name(REMINDERS)

    await job.run(office.app)
    await job.run(office.app)  # fired twice (e.g. a misfire): still one message

    assert len(sent_to(office, rina)) == 1
    assert rina.person is not None
    statuses = await office.services.dispatch.statuses(REMINDERS, "2026-11-28")
    assert statuses == {rina.person.id: DispatchStatus.SENT}


async def test_missed_digest_is_caught_up_on_start_within_the_grace_period(tmp_path: Path) -> None:
    clock = FakeClock(FRIDAY_10)
    bot = BotHarness(tmp_path, clock=clock)
    await bot.start()
    try:
        coordinator = await bot.register(Role.COORDINATOR, regions=("3604",))
        await bot.stop()
        clock.set(wib(2026, 11, 30, 9, 15))  # down over Monday 07:00, back two hours later
        await bot.start()

        assert len(sent_to(bot, coordinator)) == 1
        assert "Ringkasan kunjungan 23/11/2026–29/11/2026" in sent_to(bot, coordinator)[0].text
        assert len(sent_to(bot, coordinator, "sendDocument")) == 1
        assert len(sent_to(bot, coordinator, "sendPhoto")) == 1

        await bot.restart()  # a second start the same morning sends nothing again
        assert len(sent_to(bot, coordinator)) == 1
    finally:
        await bot.stop()


async def test_digest_older_than_the_grace_period_is_not_sent(tmp_path: Path) -> None:
    clock = FakeClock(FRIDAY_10)
    async with BotHarness(tmp_path, clock=clock) as bot:
        coordinator = await bot.register(Role.COORDINATOR)
        clock.set(wib(2026, 12, 3, 7, 1))  # Monday 07:00 + 3 days + 1 minute
        await bot.restart()
        assert sent_to(bot, coordinator) == []


async def test_a_reminder_in_flight_at_a_crash_is_resent_once_at_start(office: BotHarness) -> None:
    first, second, third = [await companion_with_overdue(office, name) for name in ("Ani", "Budi", "Cici")]
    office.api.crash_after("sendMessage", chat_id=second.id)

    with pytest.raises(SimulatedCrash):
        await run_due(office.app, REMINDERS)
    assert [len(sent_to(office, user)) for user in (first, second, third)] == [1, 1, 0]

    # Start-up catches up on the interrupted round. Budi's message left before the crash but was
    # not recorded: whether it arrived is unknown, so it goes once more rather than maybe never.
    office.api.crash_after("sendMessage", chat_id=second.id)
    with pytest.raises(SimulatedCrash):
        await office.crash_and_restart()
    await office.crash_and_restart()  # crashed during the resend too: it is not sent a third time

    assert [len(sent_to(office, user)) for user in (first, second, third)] == [1, 2, 1]
    assert first.person and second.person and third.person
    statuses = await office.services.dispatch.statuses(REMINDERS, "2026-11-27")
    assert statuses == {
        first.person.id: DispatchStatus.SENT,
        second.person.id: DispatchStatus.PENDING,
        third.person.id: DispatchStatus.SENT,
    }


async def test_blocked_recipients_found_before_a_crash_are_reported_after_it(office: BotHarness) -> None:
    admin = await office.register(Role.ADMIN, first_name="Admin")
    blocker = await companion_with_overdue(office, "Ani")
    office.api.block(blocker.id)
    # The bot dies after finding Ani blocked, before the admins' notice left.
    office.api.crash_after("sendMessage", chat_id=admin.id)
    with pytest.raises(SimulatedCrash):
        await run_due(office.app, REMINDERS)
    await office.crash_and_restart()
    await office.wait_for(lambda: len(sent_to(office, admin)) >= 2)
    notices = sent_to(office, admin)
    assert all("Ani (Pendamping)" in notice.text for notice in notices)
    await office.crash_and_restart()
    assert len(sent_to(office, admin)) == 2, "reported once more after the crash, then never again"


async def test_a_crash_in_a_later_round_tells_the_admins_of_nobody_they_know_is_blocked(office: BotHarness) -> None:
    """Ani and Cici blocked the bot and the admins were told. The next day's round finds them
    blocked again and dies between the two (kill -9): after the restart, no notice repeats either."""
    admin = await office.register(Role.ADMIN, first_name="Admin")
    ani, budi, cici, dedi = [await companion_with_overdue(office, name) for name in ("Ani", "Budi", "Cici", "Dedi")]
    office.api.block(ani.id)
    office.api.block(cici.id)
    await run_due(office.app, REMINDERS)
    [notice] = sent_to(office, admin)
    assert "• Ani (Pendamping)" in notice.text and "• Cici (Pendamping)" in notice.text

    office.clock.advance(DAY)
    office.api.crash_after("sendMessage", chat_id=budi.id)
    with pytest.raises(SimulatedCrash):
        await run_due(office.app, REMINDERS)
    await office.crash_and_restart()
    await office.wait_for(lambda: len(sent_to(office, dedi)) == 2)  # the round went on after the restart
    await run_due(office.app, REMINDERS)

    assert sent_to(office, admin) == [notice]
    assert len(sent_to(office, budi)) == 3, "day 1, day 2 (Telegram took it), once more after the crash"


async def test_a_recipient_who_was_reached_and_blocked_again_is_reported_again(office: BotHarness) -> None:
    admin = await office.register(Role.ADMIN, first_name="Admin")
    ani = await companion_with_overdue(office, "Ani")
    office.api.block(ani.id)
    await run_due(office.app, REMINDERS)
    office.api.heal()  # Ani unblocked the bot: the next day's reminder reaches her
    office.clock.advance(DAY)
    await run_due(office.app, REMINDERS)
    office.api.block(ani.id)
    office.clock.advance(DAY)
    await run_due(office.app, REMINDERS)

    notices = sent_to(office, admin)
    assert len(notices) == 2 and all("• Ani (Pendamping)" in notice.text for notice in notices)


async def test_a_429_waits_retry_after_through_the_rate_limiter(
    office: BotHarness,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rina = await companion_with_overdue(office)
    waits: list[float] = []
    real_sleep = asyncio.sleep

    async def record_sleep(delay: float, *args: Any) -> Any:
        waits.append(delay)
        return await real_sleep(0)

    # The fake sends retry_after scaled down (FakeBotApi.time_scale); the rate limiter's wait
    # is recorded instead of slept.
    monkeypatch.setattr(asyncio, "sleep", record_sleep)
    office.api.fail(
        "sendMessage", status=429, description="Too Many Requests: retry after 1", retry_after=1, chat_id=rina.id
    )

    await run_due(office.app, REMINDERS)

    assert len(sent_to(office, rina)) == 2  # refused once, then delivered
    assert any(delay >= 1 * office.api.time_scale for delay in waits)
    assert rina.person is not None
    assert (await office.services.dispatch.statuses(REMINDERS, "2026-11-27"))[rina.person.id] is DispatchStatus.SENT


async def test_server_errors_are_retried_with_backoff(office: BotHarness) -> None:
    rina = await companion_with_overdue(office)
    office.api.fail("sendMessage", status=500, chat_id=rina.id, times=2)

    await run_due(office.app, REMINDERS)

    assert len(sent_to(office, rina)) == 3
    assert rina.person is not None
    assert (await office.services.dispatch.statuses(REMINDERS, "2026-11-27"))[rina.person.id] is DispatchStatus.SENT


async def test_a_send_that_keeps_failing_is_tried_again_in_the_next_run(office: BotHarness) -> None:
    rina = await companion_with_overdue(office)
    office.api.fail("sendMessage", status=502, description="Bad Gateway", chat_id=rina.id, times=3)
    assert rina.person is not None

    await run_due(office.app, REMINDERS)
    assert (await office.services.dispatch.statuses(REMINDERS, "2026-11-27"))[rina.person.id] is DispatchStatus.FAILED

    await run_due(office.app, REMINDERS)
    assert (await office.services.dispatch.statuses(REMINDERS, "2026-11-27"))[rina.person.id] is DispatchStatus.SENT
    assert len(sent_to(office, rina)) == 4


async def test_blocked_recipient_is_recorded_reported_and_does_not_stop_the_broadcast(office: BotHarness) -> None:
    admin = await office.register(Role.ADMIN, first_name="Admin")
    blocker = await companion_with_overdue(office, "Ani")
    other = await companion_with_overdue(office, "Budi")
    office.api.block(blocker.id)

    report = await run_due(office.app, REMINDERS)

    assert report is not None and report.blocked == [blocker.person]
    assert len(sent_to(office, other)) == 1
    assert blocker.person is not None
    statuses = await office.services.dispatch.statuses(REMINDERS, "2026-11-27")
    assert statuses[blocker.person.id] is DispatchStatus.BLOCKED
    [notice] = sent_to(office, admin)
    assert "memblokir bot" in notice.text and "Ani (Pendamping)" in notice.text

    await run_due(office.app, REMINDERS)  # a blocked recipient is not tried again
    assert len(sent_to(office, blocker)) == 1


async def test_a_failed_send_is_retried_by_the_next_alert_round(office: BotHarness) -> None:
    rina = await companion_with_overdue(office)
    office.api.fail("sendMessage", status=502, description="Bad Gateway", chat_id=rina.id, times=3)
    assert rina.person is not None
    await run_due(office.app, REMINDERS)
    assert (await office.services.dispatch.statuses(REMINDERS, "2026-11-27"))[rina.person.id] is DispatchStatus.FAILED

    [round_] = office.app.job_queue.get_jobs_by_name("alerts")
    await round_.run(office.app)
    assert (await office.services.dispatch.statuses(REMINDERS, "2026-11-27"))[rina.person.id] is DispatchStatus.SENT
    await round_.run(office.app)
    assert len(sent_to(office, rina)) == 4, "three failed tries, then one delivery, and no more"


async def test_a_fresh_register_is_not_due_and_a_reminder_lists_ten_most_overdue_first(office: BotHarness) -> None:
    """Never-visited households are due `reminders.overdue_days` after their registration; a
    reminder lists at most ten, the most overdue first, then how many more there are."""
    rina = await office.register(Role.COMPANION, first_name="Rina")
    for number in range(20):  # imported today: none of them is due yet
        await add_household(office, rina, f"Baru {number:02d}", registered_days_ago=0)
    await add_household(office, rina, "Hampir Jatuh Tempo", registered_days_ago=29)
    for days in (31, 45, 90, 60, 33, 120, 35, 40, 50, 70, 80, 100):
        await add_household(office, rina, f"Terdaftar {days} hari", registered_days_ago=days)
    visited = await add_household(office, rina, "Dikunjungi 200 hari", registered_days_ago=400)
    await add_visit(office, visited, rina, FRIDAY_10 - 200 * DAY)

    await run_due(office.app, REMINDERS)

    [message] = sent_to(office, rina)
    lines = message.text.splitlines()
    assert "13 KPM perlu dikunjungi" in lines[0]
    listed = lines[1:11]
    assert "Dikunjungi 200 hari" in listed[0] and "200 hari lalu" in listed[0]
    assert [line.split(" (")[0].removeprefix("• ") for line in listed[1:]] == [
        f"Terdaftar {days} hari" for days in (120, 100, 90, 80, 70, 60, 50, 45, 40)
    ]
    assert "terdaftar 120 hari lalu" in listed[1]
    assert lines[11] == "…dan 3 KPM lainnya."
    assert "Baru" not in message.text and "Hampir" not in message.text
