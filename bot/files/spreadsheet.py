"""Streaming the rows of an uploaded CSV or XLSX file, whatever its encoding, within caps.

CSV: UTF-16 with its byte-order mark (what Excel's "Unicode text" writes), UTF-8 with or without
BOM, else Windows-1252 (what Excel on Windows writes); comma or semicolon separated (Indonesian
Excel uses `;` because of the decimal comma). XLSX (recognised by its content, whatever the
name): the first sheet, streamed by `bot.files.xlsx_stream`. Rows come out as lists of strings;
nothing holds the whole file, and a file beyond `ReadCaps` stops with a `FileProblem`.
"""

from __future__ import annotations

import codecs
import csv
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.files.upload_caps import FileProblem, ReadCaps, checkpoint
from bot.files.xlsx_stream import xlsx_rows

_ENCODING_PROBE_BYTES = 1 << 20
XLSX_MAGIC = b"PK\x03\x04"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def file_kind(file_name: str) -> str | None:
    """'csv' or 'xlsx' from the file name; None for anything else."""
    name = file_name.lower()
    if name.endswith((".csv", ".txt")):
        return "csv"
    if name.endswith(".xlsx"):
        return "xlsx"
    return None


@contextmanager
def open_rows(
    path: Path, kind: str, caps: ReadCaps, stop: threading.Event | None = None
) -> Iterator[Iterator[list[str]]]:
    """The file's rows as lists of strings, header included; `ReadingStopped` at the next
    chunk once `stop` is set."""
    if path.stat().st_size == 0:
        raise FileProblem("empty")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if kind == "xlsx" or magic == XLSX_MAGIC:
        with xlsx_rows(path, caps, stop) as rows:
            yield rows
        return
    encoding = "utf-16" if magic.startswith(_UTF16_BOMS) else _csv_encoding(path, stop)
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(4096)
        if "\x00" in sample:
            raise FileProblem("not_text")
        handle.seek(0)
        first_line = sample.splitlines()[0] if sample else ""
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        yield _capped(csv.reader(handle, delimiter=delimiter), caps, stop)


def _capped(rows: Iterator[list[str]], caps: ReadCaps, stop: threading.Event | None) -> Iterator[list[str]]:
    for number, row in enumerate(rows, start=1):
        checkpoint(stop)
        if number > caps.rows + 1:  # the header is row 1
            raise FileProblem("too_many_rows", limit=caps.rows)
        if len(row) > caps.columns:
            raise FileProblem("too_many_columns", limit=caps.columns)
        if any(len(cell) > caps.cell_chars for cell in row):
            raise FileProblem("cell_too_long", limit=caps.cell_chars)
        yield row


def _csv_encoding(path: Path, stop: threading.Event | None) -> str:
    """utf-8-sig when the file decodes as UTF-8 (a BOM is dropped), else cp1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        while chunk := handle.read(_ENCODING_PROBE_BYTES):
            checkpoint(stop)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return "cp1252"
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"
