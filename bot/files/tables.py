"""A table written as CSV and XLSX side by side, row by row as its rows arrive (an export of a
month of the province never sits in memory). Every text is written as text, never a formula
(`bot.files.cells`)."""

from __future__ import annotations

import asyncio
import csv
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.files.cells import csv_row, xlsx_row


@dataclass(frozen=True)
class ExportFiles:
    csv_path: Path
    xlsx_path: Path
    rows: int


async def write_table(
    rows: AsyncIterator[Sequence[Any]], header: Sequence[str], folder: Path, name: str
) -> ExportFiles:
    """Write `name`.csv and `name`.xlsx into `folder` in one pass over the rows."""
    csv_path, xlsx_path = folder / f"{name}.csv", folder / f"{name}.xlsx"
    from openpyxl import Workbook  # imported where used: the bot starts without it (start-up time)
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name[:31])
    sheet.freeze_panes = "A2"
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    with csv_path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        async for row in rows:
            writer.writerow(csv_row(row))
            sheet.append(xlsx_row(sheet, row))
            count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    # Zipping a month of rows takes seconds: not on the loop that serves the companions.
    await asyncio.to_thread(workbook.save, xlsx_path)
    return ExportFiles(csv_path, xlsx_path, count)
