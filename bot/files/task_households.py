"""The households a task names, read from a spreadsheet: the DTKS ids of its `id_dtks` column
(the names an import accepts for it), empty cells skipped. The file is streamed as an import's
is (`bot.files.spreadsheet`), within the same caps."""

from __future__ import annotations

from pathlib import Path

from bot.files.household_import import COLUMN_NAMES
from bot.files.spreadsheet import open_rows
from bot.files.upload_caps import FileProblem, ReadCaps


def read_dtks_ids(path: Path, kind: str, caps: ReadCaps) -> list[str]:
    """The DTKS ids in the file's id_dtks column, in file order; `FileProblem` when the file
    cannot be read or has no such column."""
    names = COLUMN_NAMES["dtks_id"]
    with open_rows(path, kind, caps) as rows:
        header = next(rows, None)
        if header is None:
            raise FileProblem("empty")
        columns = [cell.strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_") for cell in header]
        column = next((index for index, name in enumerate(columns) if name in names), None)
        if column is None:
            raise FileProblem("missing_columns", columns=names[0])
        return [row[column].strip() for row in rows if len(row) > column and row[column].strip()]
