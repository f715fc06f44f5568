"""The bot's log carries no NIK or KK number, not even at DEBUG, where PTB writes every update
it receives and every message it sends: an import, a look-up, a report and an export run with
logging at DEBUG, and the output holds the numbers masked only."""

from __future__ import annotations

import io
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.domain import Role
from bot.logs import configure_logging, mask_personal_numbers
from tests.support.harness import BotHarness, FakeClock
from tests.support.office import wib
from tests.support.report import HOME, Reporter

NIK = "3604015507800003"
KK = "3604011203150012"
DTKS = "3604000000000001"


@pytest.fixture
def debug_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """The bot's own logging at DEBUG, everything included, written where the test reads it."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    output = io.StringIO()
    monkeypatch.setattr(sys, "stderr", output)
    configure_logging("DEBUG")
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    yield output
    root.handlers[:] = handlers
    root.setLevel(level)


def test_numbers_are_masked_whole_or_in_groups_and_short_ids_are_kept() -> None:
    assert mask_personal_numbers(f"nik={NIK} kk '3604 0112 0315 0012'") == "nik=3604********0003 kk '3604********0012'"
    assert mask_personal_numbers("user 1234567890, update 987654321, t=1764547200.5") == (
        "user 1234567890, update 987654321, t=1764547200.5"
    )
    assert mask_personal_numbers("36040155078000031") == "36040155078000031", "17 digits: not a NIK"


async def test_import_report_and_export_at_debug_log_no_nik_or_kk(tmp_path: Path, debug_log: io.StringIO) -> None:
    async with BotHarness(tmp_path, clock=FakeClock(wib(2026, 11, 20, 10))) as bot:
        admin = await bot.register(Role.ADMIN)
        companion = await bot.register(Role.COMPANION, regions=("3604",))
        header = "id_dtks,no_kk,nik_kepala,nama_kepala,kode_wilayah,lintang,bujur,pendamping"
        row = f"{DTKS},{KK},{NIK},Siti Aminah,3604,{HOME[0]},{HOME[1]},{companion.id}"
        bad = f"3604000000000002,{KK}9,{NIK},Budi,3604,,,"
        dry_run = await admin.send_document(f"{header}\n{row}\n{bad}\n".encode(), "kpm.csv", "text/csv")
        assert "1 KPM baru" in (await admin.press(dry_run.button("Terapkan"))).text
        card = await admin.command("kpm", "3604 0112 0315 0012")
        assert NIK in card.text, "the admin sees the full number in the chat"
        assert "terkirim" in (await Reporter(bot, companion).report("Siti Aminah")).text.lower()
        export = await admin.command("ekspor", "2026-11-01", "2026-11-30")
        assert NIK in export.documents()[0][1].decode("utf-8-sig")

    logged = debug_log.getvalue()
    assert len(logged.splitlines()) > 50, "PTB wrote its DEBUG lines"
    assert "3604********0003" in logged, "the number went through the log, masked"
    digits_only = re.sub(r"\D", "", logged)
    assert NIK not in logged and KK not in logged and NIK not in digits_only.replace(KK, "")
