"""Reading the first sheet of an XLSX row by row within caps, whatever the file claims.

openpyxl's read-only mode still loads every shared string as a Python object (a 5 MB file of
shared strings took 2.2 GB) and reads a million rows in minutes. Here the ZIP members are
streamed through expat: every byte unpacked is counted against `unpacked_bytes` (a ZIP bomb
stops there, not when memory runs out), shared strings are kept packed in one buffer (at most
`shared_strings` of them, `shared_string_bytes` together), and a row wider than `columns`, a
cell longer than `cell_chars` or more than `rows` rows stop the reading with a `FileProblem`.

Cells come out as text: shared and inline strings as written, numbers as openpyxl showed them,
a formula as `=` and its text (so the import refuses it like a typed formula).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, XMLPullParser

from bot.files.upload_caps import FileProblem, ReadCaps

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CHUNK = 1 << 16
_COLUMN = re.compile(r"[A-Z]{1,3}")


class _Budget:
    """Bytes unpacked so far, over every member of the archive."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise FileProblem("too_big_unpacked")


class _SharedStrings:
    """The shared-string table packed in one buffer: ~1 byte per character, not ~60."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("Q")

    def add(self, text: str) -> None:
        self._data += text.encode("utf-8")
        self._ends.append(len(self._data))

    def __len__(self) -> int:
        return len(self._ends)

    @property
    def size(self) -> int:
        return len(self._data)

    def __getitem__(self, index: int) -> str:
        start = self._ends[index - 1] if index else 0
        return self._data[start : self._ends[index]].decode("utf-8")


@contextmanager
def xlsx_rows(path: Path, caps: ReadCaps) -> Iterator[Iterator[list[str]]]:
    """The first sheet's rows as lists of strings (empty cells as "")."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise FileProblem("unreadable") from None
    with archive:
        budget = _Budget(caps.unpacked_bytes)
        sheet = _first_sheet(archive, budget)
        strings = _shared_strings(archive, budget, caps)
        yield _rows(archive, sheet, strings, budget, caps)


def _elements(archive: zipfile.ZipFile, name: str, budget: _Budget) -> Iterator[tuple[str, Element]]:
    """(event, element) of one member, parsed as it is unpacked."""
    try:
        member: IO[bytes] = archive.open(name)
    except (KeyError, zipfile.BadZipFile, NotImplementedError, RuntimeError):
        raise FileProblem("unreadable") from None
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    with member:
        first = True
        while True:
            try:
                chunk = member.read(_CHUNK)
            except (zipfile.BadZipFile, OSError, EOFError):
                raise FileProblem("unreadable") from None
            if not chunk:
                break
            budget.take(len(chunk))
            if first and b"<!DOCTYPE" in chunk[:1024].upper():
                raise FileProblem("unreadable")  # entity definitions: the classic XML bomb
            first = False
            try:
                parser.feed(chunk)
                yield from parser.read_events()  # type: ignore[misc]
            except SyntaxError:
                raise FileProblem("unreadable") from None
    try:
        parser.close()
    except SyntaxError:
        raise FileProblem("unreadable") from None
    yield from parser.read_events()  # type: ignore[misc]


def _first_sheet(archive: zipfile.ZipFile, budget: _Budget) -> str:
    """The member name of the workbook's first sheet."""
    first_id = next(
        (
            e.get(f"{_REL}id")
            for ev, e in _elements(archive, "xl/workbook.xml", budget)
            if ev == "end" and e.tag == f"{_MAIN}sheet"
        ),
        None,
    )
    if first_id is None:
        raise FileProblem("empty")
    for event, element in _elements(archive, "xl/_rels/workbook.xml.rels", budget):
        if event == "end" and element.tag == f"{_PKG_REL}Relationship" and element.get("Id") == first_id:
            target = element.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    raise FileProblem("unreadable")


def _shared_strings(archive: zipfile.ZipFile, budget: _Budget, caps: ReadCaps) -> _SharedStrings:
    strings = _SharedStrings()
    if "xl/sharedStrings.xml" not in archive.namelist():
        return strings
    root: Element | None = None
    for event, element in _elements(archive, "xl/sharedStrings.xml", budget):
        if root is None:
            root = element
        if event != "end" or element.tag != f"{_MAIN}si":
            continue
        text = "".join(t.text or "" for t in element.iter(f"{_MAIN}t"))
        if len(text) > caps.cell_chars:
            raise FileProblem("cell_too_long", limit=caps.cell_chars)
        strings.add(text)
        if len(strings) > caps.shared_strings or strings.size > caps.shared_string_bytes:
            raise FileProblem("too_many_strings")
        root.clear()
    return strings


def _rows(
    archive: zipfile.ZipFile, sheet: str, strings: _SharedStrings, budget: _Budget, caps: ReadCaps
) -> Iterator[list[str]]:
    parent: Element | None = None
    expected = 1
    for event, element in _elements(archive, sheet, budget):
        if event == "start":
            if element.tag == f"{_MAIN}sheetData":
                parent = element
            continue
        if element.tag != f"{_MAIN}row":
            continue
        number = int(element.get("r") or expected)
        if number > caps.rows + 1:  # the header is row 1
            raise FileProblem("too_many_rows", limit=caps.rows)
        # Rows Excel left out are empty rows: keep the numbering the admin sees.
        for _ in range(expected, number):
            yield []
        expected = number + 1
        yield _row(element, strings, caps)
        if parent is not None:
            parent.clear()


def _row(row: Element, strings: _SharedStrings, caps: ReadCaps) -> list[str]:
    cells: list[str] = []
    for cell in row.iter(f"{_MAIN}c"):
        index = _column_index(cell.get("r"), len(cells))
        if index >= caps.columns:
            raise FileProblem("too_many_columns", limit=caps.columns)
        text = _cell_text(cell, strings)
        if len(text) > caps.cell_chars:
            raise FileProblem("cell_too_long", limit=caps.cell_chars)
        cells.extend([""] * (index - len(cells)))
        cells.append(text)
    return cells


def _column_index(reference: str | None, default: int) -> int:
    match = _COLUMN.match(reference or "")
    if match is None:
        return default
    index = 0
    for letter in match.group():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _cell_text(cell: Element, strings: _SharedStrings) -> str:
    kind = cell.get("t", "n")
    formula = cell.find(f"{_MAIN}f")
    if formula is not None and formula.text:
        return "=" + formula.text
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
    value = cell.findtext(f"{_MAIN}v") or ""
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError):
            raise FileProblem("unreadable") from None
    if kind == "b":
        return "True" if value == "1" else "False"
    if kind == "n" and value:
        return _number_text(value)
    return value


def _number_text(value: str) -> str:
    """A number as openpyxl showed it: integers whole, big ones without exponent."""
    try:
        if "." not in value and "E" not in value.upper():
            return str(int(value))
        number = float(value)
    except ValueError:
        return value
    return str(int(number)) if number.is_integer() and abs(number) >= 1000 else repr(number)
