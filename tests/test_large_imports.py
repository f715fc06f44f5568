"""Issue 12's large imports: the file of invalid rows comes in parts under Telegram's upload
limit."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from storage.models import Role
from tests.harness import BotHarness
from tests.test_spreadsheet_import import csv_bytes, row, send_csv

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
        assert all(table[0] == ["baris", "kolom", "alasan"] for table in tables), "each part has the header"
        listed = [int(line[0]) for table in tables for line in table[1:]]
        assert listed == list(range(2, 202, 2)), "every invalid row once, in file order"


async def test_a_small_file_of_invalid_rows_is_one_document(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    answer = await send_csv(admin, csv_bytes(row(1), row(2, lat="0", lon="0")))
    assert [name for name, _ in answer.documents()] == ["tidak-valid-kpm.csv"]
    assert "Bagian" not in str(answer.calls[-1].params.get("caption"))
