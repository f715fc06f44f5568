"""Streaming the rows of an uploaded CSV or XLSX file, whatever its encoding.

CSV: UTF-8 with or without BOM, else Windows-1252 (what Excel on Windows writes); comma or
semicolon separated (Indonesian Excel uses `;` because of the decimal comma). XLSX: the first
sheet, read row by row (openpyxl read-only mode), formulas kept as their text so they can be
refused. Rows come out as lists of strings; nothing holds the whole file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.rules.problems import CataloguedProblem

_ENCODING_PROBE_BYTES = 1 << 20
XLSX_MAGIC = b"PK\x03\x04"


class FileProblem(CataloguedProblem):
    """The file as a whole cannot be read."""

    PREFIX = "reg.file"


def file_kind(file_name: str) -> str | None:
    """'csv' or 'xlsx' from the file name; None for anything else."""
    name = file_name.lower()
    if name.endswith((".csv", ".txt")):
        return "csv"
    if name.endswith(".xlsx"):
        return "xlsx"
    return None


@contextmanager
def open_rows(path: Path, kind: str) -> Iterator[Iterator[list[str]]]:
    """The file's rows as lists of strings, header included."""
    if path.stat().st_size == 0:
        raise FileProblem("empty")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if kind == "xlsx" or magic == XLSX_MAGIC:
        with _xlsx_rows(path) as rows:
            yield rows
        return
    encoding = _csv_encoding(path)
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(4096)
        if "\x00" in sample:
            raise FileProblem("not_text")
        handle.seek(0)
        first_line = sample.splitlines()[0] if sample else ""
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        yield (row for row in csv.reader(handle, delimiter=delimiter))


def _csv_encoding(path: Path) -> str:
    """utf-8-sig when the file decodes as UTF-8 (a BOM is dropped), else cp1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        while chunk := handle.read(_ENCODING_PROBE_BYTES):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return "cp1252"
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


@contextmanager
def _xlsx_rows(path: Path) -> Iterator[Iterator[list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileProblem("unreadable") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileProblem("empty")
        yield ([_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) >= 1000 else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)
