"""Reading the first sheet of an XLSX row by row within caps, whatever the file claims.

openpyxl's read-only mode still loads every shared string as a Python object (a 5 MB file of
shared strings took 2.2 GB) and reads a million rows in minutes. Here the ZIP members are
streamed through expat: every byte unpacked is counted against `unpacked_bytes` (a ZIP bomb
stops there, not when memory runs out); only the text of values is collected, never the blanks
between elements (which a bomb fills with gigabytes); shared strings are kept packed in one
buffer (at most `shared_strings` of them, `shared_string_bytes` together); a row wider than
`columns`, a value longer than `cell_chars` or more than `rows` rows stop the reading with a
`FileProblem`, and so does a DOCTYPE (entity definitions are how XML bombs grow).

Cells come out as text: shared and inline strings as written, numbers as openpyxl showed them,
a formula as `=` and its text (so the import refuses it like a typed formula).
"""

from __future__ import annotations

import posixpath
import re
import threading
import zipfile
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from xml.parsers import expat

from bot.files.upload_caps import FileProblem, ReadCaps, checkpoint

_REL_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CHUNK = 1 << 16
_COLUMN = re.compile(r"[A-Z]{1,3}")


class _Budget:
    """Bytes unpacked so far, over every member of the archive; each chunk is also where a
    reading asked to `stop` stops."""

    def __init__(self, limit: int, stop: threading.Event | None) -> None:
        self.left = limit
        self.stop = stop

    def take(self, count: int) -> None:
        checkpoint(self.stop)
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
def xlsx_rows(path: Path, caps: ReadCaps, stop: threading.Event | None = None) -> Iterator[Iterator[list[str]]]:
    """The first sheet's rows as lists of strings (empty cells as "")."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise FileProblem("unreadable") from None
    with archive:
        budget = _Budget(caps.unpacked_bytes, stop)
        sheet = _first_sheet(archive, budget)
        strings = _shared_strings(archive, budget, caps)
        yield _rows(archive, sheet, strings, budget, caps)


class _Handler:
    """Receives the parse of one member; local element names, attributes as given."""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        """An element opens."""

    def end(self, name: str) -> None:
        """An element closes."""

    def text(self, data: str) -> None:
        """Character data inside the current element."""


def _parse(archive: zipfile.ZipFile, name: str, budget: _Budget, handler: _Handler) -> Iterator[None]:
    """Feed member `name` to `handler` as it is unpacked, yielding after each chunk."""
    try:
        member: IO[bytes] = archive.open(name)
    except (KeyError, zipfile.BadZipFile, NotImplementedError, RuntimeError):
        raise FileProblem("unreadable") from None
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = lambda tag, attributes: handler.start(tag.rsplit("}", 1)[-1], attributes)
    parser.EndElementHandler = lambda tag: handler.end(tag.rsplit("}", 1)[-1])
    parser.CharacterDataHandler = handler.text
    parser.StartDoctypeDeclHandler = _refuse_doctype  # entity definitions: the classic XML bomb
    with member:
        while True:
            try:
                chunk = member.read(_CHUNK)
                budget.take(len(chunk))
                parser.Parse(chunk, not chunk)
            except (zipfile.BadZipFile, OSError, EOFError, expat.ExpatError):
                raise FileProblem("unreadable") from None
            yield
            if not chunk:
                return


def _refuse_doctype(*_: object) -> None:
    raise FileProblem("unreadable")


class _FirstSheet(_Handler):
    def __init__(self) -> None:
        self.relation: str | None = None
        self.target: str | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "sheet" and self.relation is None:
            self.relation = attributes.get(_REL_ID)
        elif name == "Relationship" and attributes.get("Id") == self.relation and self.relation:
            self.target = attributes.get("Target")


def _first_sheet(archive: zipfile.ZipFile, budget: _Budget) -> str:
    """The member name of the workbook's first sheet."""
    found = _FirstSheet()
    for _ in _parse(archive, "xl/workbook.xml", budget, found):
        pass
    if found.relation is None:
        raise FileProblem("empty")
    for _ in _parse(archive, "xl/_rels/workbook.xml.rels", budget, found):
        pass
    if not found.target:
        raise FileProblem("unreadable")
    target = found.target
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")


class _Text:
    """The text of one value, refused as soon as it is longer than a cell may be."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0

    def add(self, data: str) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FileProblem("cell_too_long", limit=self.limit)
        self.parts.append(data)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts, self.size = [], 0
        return text


class _SharedStringReader(_Handler):
    def __init__(self, caps: ReadCaps) -> None:
        self.caps = caps
        self.strings = _SharedStrings()
        self.value = _Text(caps.cell_chars)
        self.in_text = False
        self.phonetic = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "rPh":
            self.phonetic = True  # a reading aid, not part of the text
        self.in_text = name == "t" and not self.phonetic

    def end(self, name: str) -> None:
        self.in_text = False
        if name == "rPh":
            self.phonetic = False
        elif name == "si":
            self.strings.add(self.value.take())
            if len(self.strings) > self.caps.shared_strings or self.strings.size > self.caps.shared_string_bytes:
                raise FileProblem("too_many_strings")

    def text(self, data: str) -> None:
        if self.in_text:
            self.value.add(data)


def _shared_strings(archive: zipfile.ZipFile, budget: _Budget, caps: ReadCaps) -> _SharedStrings:
    reader = _SharedStringReader(caps)
    if "xl/sharedStrings.xml" in archive.namelist():
        for _ in _parse(archive, "xl/sharedStrings.xml", budget, reader):
            pass
    return reader.strings


class _RowReader(_Handler):
    """Collects finished rows; a row is a list of cell texts, empty cells as ""."""

    def __init__(self, strings: _SharedStrings, caps: ReadCaps) -> None:
        self.strings = strings
        self.caps = caps
        self.done: list[list[str]] = []
        self.cells: list[str] = []
        self.row_number = 0
        self.cell: dict[str, str] = {}
        self.value = _Text(caps.cell_chars)
        self.formula = _Text(caps.cell_chars)
        self.collecting: _Text | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "row":
            number = int(attributes.get("r") or self.row_number + 1)
            if number > self.caps.rows + 1:  # the header is row 1
                raise FileProblem("too_many_rows", limit=self.caps.rows)
            # Rows Excel left out are empty rows: keep the numbering the admin sees.
            self.done.extend([] for _ in range(self.row_number + 1, number))
            self.row_number, self.cells = number, []
        elif name == "c":
            self.cell = attributes
        elif name in ("v", "t"):
            self.collecting = self.value
        elif name == "f":
            self.collecting = self.formula

    def end(self, name: str) -> None:
        if name in ("v", "t", "f"):
            self.collecting = None
        elif name == "c":
            self._finish_cell()
        elif name == "row":
            self.done.append(self.cells)

    def text(self, data: str) -> None:
        if self.collecting is not None:
            self.collecting.add(data)

    def _finish_cell(self) -> None:
        index = _column_index(self.cell.get("r"), len(self.cells))
        if index >= self.caps.columns:
            raise FileProblem("too_many_columns", limit=self.caps.columns)
        formula, value = self.formula.take(), self.value.take()
        text = "=" + formula if formula else _cell_text(self.cell.get("t", "n"), value, self.strings)
        self.cells.extend([""] * (index - len(self.cells)))
        self.cells.append(text)


def _rows(
    archive: zipfile.ZipFile, sheet: str, strings: _SharedStrings, budget: _Budget, caps: ReadCaps
) -> Iterator[list[str]]:
    reader = _RowReader(strings, caps)
    for _ in _parse(archive, sheet, budget, reader):
        yield from reader.done
        reader.done.clear()


def _column_index(reference: str | None, default: int) -> int:
    match = _COLUMN.match(reference or "")
    if match is None:
        return default
    index = 0
    for letter in match.group():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _cell_text(kind: str, value: str, strings: _SharedStrings) -> str:
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError):
            raise FileProblem("unreadable") from None
    if kind == "b":
        return "True" if value == "1" else "False"
    if kind == "n" and value:
        return _number_text(value)
    return value  # inline strings, formula results, errors


def _number_text(value: str) -> str:
    """A number as openpyxl showed it: integers whole, big ones without exponent."""
    try:
        if "." not in value and "E" not in value.upper():
            return str(int(value))
        number = float(value)
    except ValueError:
        return value
    return str(int(number)) if number.is_integer() and abs(number) >= 1000 else repr(number)
