"""The dashboard's coverage table as the CSV or XLSX file a coordinator downloads: the rows as
shown, names that people typed (kecamatan, desa) written so that a spreadsheet never evaluates
them (`bot.files.cells`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from bot.files.cells import csv_row, xlsx_row


def coverage_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(csv_row(row))
    return buffer.getvalue().encode("utf-8-sig")  # the BOM: Excel then reads UTF-8


def coverage_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook  # imported where used: the bot starts without it

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
