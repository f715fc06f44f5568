"""Issue 12's large imports: the file of invalid rows comes in parts under Telegram's upload
limit; a file is checked in the background, so the admin and everyone else keep being served
while it is read; /batal and a stop end the check between two chunks of the file, and the
admin learns after a stop or crash that the file must be sent again.

A big file is stood in for by a small one whose reading is held (`HeldReading`) after a few
rows until the test releases it, or until the bot asks the reading to stop: what happens
meanwhile is ordered by events, not by time."""

from __future__ import annotations

import asyncio
import csv
import io
import threading
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from bot.domain import Role
from bot.files import household_import, spreadsheet
from bot.files.upload_caps import ReadCaps, ReadingStopped
from handlers.registry import spreadsheet_import
from handlers.registry.import_checks import import_checks
from tests.support.harness import BotHarness, BotResponse, FakeUser
from tests.support.spreadsheets import csv_bytes, row, send_csv

HELD_AT = 25  # the line of the file where reading waits
T = TypeVar("T")
BIG = csv_bytes(*(row(number) for number in range(1, 61)))

PART_MB = 0.002  # ~2 KB: a few dozen invalid rows fill a part


async def test_the_invalid_rows_come_in_parts_each_under_the_limit(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, config={"registry": {"import_error_part_mb": PART_MB}}) as bot:
        admin = await bot.register(Role.ADMIN)
        rows = [row(number, lat="0", lon="0") if number % 2 else row(number) for number in range(1, 201)]
        answer = await send_csv(admin, csv_bytes(*rows))
        assert "KPM baru: 100" in answer.text and "baris tidak valid: 100" in answer.text
        sends = [call for call in answer.calls if call.method == "sendDocument"]
        parts = answer.documents()
        assert len(parts) > 2
        assert all(len(content) <= PART_MB * 2**20 for _, content in parts)
        assert [name for name, _ in parts] == [f"tidak-valid-kpm-bagian-{n}.csv" for n in range(1, len(parts) + 1)]
        assert f"Bagian {len(parts)} dari {len(parts)}" in str(sends[-1].params["caption"])
        tables = [list(csv.reader(io.StringIO(content.decode("utf-8-sig")))) for _, content in parts]
        assert all(table[0] == ["baris", "id_dtks", "nama_kepala", "kolom", "alasan"] for table in tables), (
            "each part has the header"
        )
        listed = [int(line[0]) for table in tables for line in table[1:]]
        assert listed == list(range(2, 202, 2)), "every invalid row once, in file order"


async def test_a_small_file_of_invalid_rows_is_one_document(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    answer = await send_csv(admin, csv_bytes(row(1), row(2, lat="0", lon="0")))
    assert [name for name, _ in answer.documents()] == ["tidak-valid-kpm.csv"]
    assert "Bagian" not in str(answer.calls[-1].params.get("caption"))


class HeldReading:
    """Reading waits at line HELD_AT until `release` is set or the bot sets its stop signal; the
    rows after it come from the bot's own reader, whose checkpoint then stops."""

    def __init__(self) -> None:
        self.reading = threading.Event()
        self.release = threading.Event()
        self.stopped = threading.Event()

    @contextmanager
    def open_rows(
        self, path: Path, kind: str, caps: ReadCaps, stop: threading.Event | None = None
    ) -> Iterator[Iterator[list[str]]]:
        with spreadsheet.open_rows(path, kind, caps, stop) as rows:
            yield self._held(rows, stop)

    def _held(self, rows: Iterator[list[str]], stop: threading.Event | None) -> Iterator[list[str]]:
        try:
            for number, cells in enumerate(rows, start=1):
                if number == HELD_AT:
                    self.reading.set()
                    while not self.release.wait(0.01) and not (stop is not None and stop.is_set()):
                        pass
                yield cells
        except ReadingStopped:
            self.stopped.set()
            raise


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldReading]:
    reading = HeldReading()
    monkeypatch.setattr(household_import, "open_rows", reading.open_rows)
    monkeypatch.setattr(household_import, "BATCH_ROWS", 10)  # rows are staged while the file is read
    yield reading
    reading.release.set()


async def start_import(bot: BotHarness, admin: FakeUser, held: HeldReading) -> asyncio.Task[BotResponse]:
    importing = asyncio.create_task(send_csv(admin, BIG, "besar.csv"))
    await bot.wait_for(held.reading.is_set)
    return importing


async def within(seconds: float, awaitable: Awaitable[T]) -> T:
    """Fail instead of hanging when what should not wait does."""
    return await asyncio.wait_for(awaitable, seconds)


async def test_everyone_is_answered_while_a_big_file_is_read(bot: BotHarness, held: HeldReading) -> None:
    admin = await bot.register(Role.ADMIN)
    companion = await bot.register(Role.COMPANION)
    importing = await start_import(bot, admin, held)
    helped = await within(10, companion.command("bantuan"))
    assert "/lapor" in helped.text, "another user is answered while the file is read"
    own = await within(10, admin.command("bantuan"))
    assert "/templat" in own.text, "so is the admin: the chat is not held"
    busy = await within(10, send_csv(admin, csv_bytes(row(99)), "lain.csv"))
    assert "besar.csv masih diperiksa (23 baris sudah dibaca)" in busy.text
    assert not importing.done()
    held.release.set()
    checked = await importing
    assert "KPM baru: 60" in checked.text
    assert "Terapkan" in str(checked.buttons)


async def test_batal_stops_the_check_between_two_chunks_and_keeps_nothing(bot: BotHarness, held: HeldReading) -> None:
    admin = await bot.register(Role.ADMIN)
    importing = await start_import(bot, admin, held)
    staged = await bot.services.db.fetch_value("SELECT COUNT(*) FROM import_rows")
    assert staged == 20, "two batches staged before the reading was held"
    stopped = await within(10, admin.command("batal"))
    assert "Pemeriksaan besar.csv dihentikan setelah 24 baris" in stopped.text
    assert held.stopped.is_set(), "the reading thread stopped at the bot's checkpoint"
    await importing
    assert not [call for call in bot.api.calls if "Hasil pemeriksaan" in call.text]
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM import_rows") == 0
    assert await bot.services.db.fetch_value("SELECT status FROM import_batches") == "discarded"
    assert "Tidak ada yang perlu dibatalkan" in (await admin.command("batal")).text, "once stopped, nothing runs"


async def test_a_stop_while_a_file_is_read_is_prompt_and_told_at_the_next_start(
    tmp_path: Path, held: HeldReading
) -> None:
    async with BotHarness(tmp_path) as bot:
        admin = await bot.register(Role.ADMIN)
        importing = await start_import(bot, admin, held)
        await within(10, bot.stop())  # as on SIGTERM: the check would otherwise hold the stop
        assert held.stopped.is_set() and importing.done()
        await bot.start()
        await bot.wait_for(lambda: any(call.ok and "saat memeriksa besar.csv" in call.text for call in bot.api.calls))
        [told] = [call for call in bot.api.calls if "saat memeriksa besar.csv" in call.text]
        assert told.chat_id == admin.id and "sampai baris 21" in told.text and "Kirim berkasnya lagi" in told.text
        assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM import_rows") == 0
        assert await bot.services.db.fetch_value("SELECT status FROM import_batches") == "discarded"


async def test_a_crash_while_a_file_is_read_is_told_once_at_start(tmp_path: Path, held: HeldReading) -> None:
    async with BotHarness(tmp_path) as bot:
        admin = await bot.register(Role.ADMIN)
        importing = await start_import(bot, admin, held)
        lost = import_checks(bot.app)
        await bot.crash_and_restart()
        await lost.stop_all()  # the crashed process's check dies with it
        await importing
        await bot.wait_for(lambda: any(call.ok and "saat memeriksa besar.csv" in call.text for call in bot.api.calls))
        await bot.restart()
        assert sum("saat memeriksa besar.csv" in call.text for call in bot.api.calls if call.ok) == 1
        assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM import_rows") == 0


async def test_a_check_that_fails_drops_what_it_staged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async def failing(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")  # e.g. the invalid rows' file on a full disk

    monkeypatch.setattr(spreadsheet_import, "dry_run", failing)
    async with BotHarness(tmp_path) as bot:
        admin = await bot.register(Role.ADMIN)
        await send_csv(admin, BIG)
        await bot.wait_for(lambda: not import_checks(bot.app).tasks())
        pending = "SELECT COUNT(*) FROM import_batches WHERE status = 'pending'"
        assert await bot.services.db.fetch_value(pending) == 0, "nothing staged is left behind"
        await bot.restart()
        assert not [call for call in bot.api.calls if "Bot sempat berhenti" in call.text], "no stop to tell of"
