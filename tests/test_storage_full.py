"""The server's disk fills up while a companion sends a report: they are told in words that the
storage is full and that it is not their fault, the report waits for them, and the admins learn
the cause once; with room again, the same Send stores it."""

from __future__ import annotations

import contextlib
import itertools
import sqlite3

from bot.domain import Role
from tests.support.harness import BotHarness
from tests.support.report import HOME, Reporter, add_household

# Four bytes a character: the visit's row outgrows a page of its own, so storing it needs a page
# the full database cannot give (a short note could fit the room left in a half-used page).
LONG_NOTE = "🏠" * 1000


async def fill_the_disk(bot: BotHarness) -> None:
    """The database may not grow, and the room it had inside is used up: SQLite answers every
    write needing a new page with SQLITE_FULL ("database or disk is full"), as on a full disk.
    A table full of ballast may leave a free page its next row could not use (it needed two):
    another table takes it, until not even a table fits."""
    db = bot.services.db
    await db.execute(f"PRAGMA max_page_count = {await db.fetch_value('PRAGMA page_count')}")
    for table in itertools.count():
        try:
            await db.execute(f"CREATE TABLE ballast{table} (x BLOB)")
        except sqlite3.OperationalError as error:
            assert "full" in str(error)
            return
        with contextlib.suppress(sqlite3.OperationalError):  # full: the next table takes what is left
            while True:
                await db.execute(f"INSERT INTO ballast{table} VALUES (zeroblob(3000))")


async def free_the_disk(bot: BotHarness) -> None:
    await bot.services.db.execute("PRAGMA max_page_count = 1073741823")


def sent_to(bot: BotHarness, chat_id: int) -> list[str]:
    return [call.text for call in bot.api.calls_to("sendMessage") if call.chat_id == chat_id]


async def test_a_full_disk_at_send_is_told_in_words_and_the_admins_learn_it_once(bot: BotHarness) -> None:
    reporter = Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))
    admin = await bot.register(Role.ADMIN, first_name="Dinsos")
    await add_household(bot, reporter.user, "Siti Aminah", HOME)
    await reporter.start()
    await reporter.choose(await reporter.share(), "Siti Aminah")
    await reporter.photo()
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    assert "Ringkasan laporan" in (await reporter.user.send_text(LONG_NOTE)).text
    await fill_the_disk(bot)

    answer = await reporter.user.press("rep:send")

    [told] = [call.text for call in answer.messages if call.chat_id == reporter.user.id]
    assert "penyimpanan server bot sedang penuh" in told and "Ini bukan kesalahan Anda" in told
    assert "yang sudah Anda isi tidak hilang" in told and "misalnya satu jam lagi" in told
    assert "terjadi kesalahan" not in told
    [alert] = sent_to(bot, admin.id)
    assert "Penyimpanan server bot penuh</b> (database or disk is full)" in alert
    assert f"di {bot.settings.database.path.resolve().parent} (basis data)" in alert and " MB " in alert
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM visits") == 0

    again = await reporter.user.press("rep:send")  # too early: still full
    assert "sedang penuh" in again.text
    assert len(sent_to(bot, admin.id)) == 1, "the admins are told once"

    await free_the_disk(bot)
    stored = await reporter.user.press("rep:send")
    assert "Laporan terkirim. Nomor laporan: <b>#1</b>" in stored.text
    [visit] = await bot.services.visits.latest_of_companion(reporter.user.person.id)  # type: ignore[union-attr]
    assert visit.note == LONG_NOTE
