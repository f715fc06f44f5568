"""A CSV file written in parts, each smaller than a size: Telegram takes documents of at most
50 MB, and the invalid rows of a million-row import can be several times that.

Every part is a CSV of its own (UTF-8 with BOM for Excel, the header repeated), so the admin
opens any of them directly; a part is started only when there is a row for it.

    parts = CsvParts(folder, "invalid", header, part_bytes=45 * 2**20)
    parts.writerows(rows)
    parts.close()
    for path in parts.paths: ...
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

_BOM = "\ufeff".encode()


class CsvParts:
    def __init__(self, folder: Path, stem: str, header: Sequence[object], *, part_bytes: int) -> None:
        self._folder = folder
        self._stem = stem
        self._part_bytes = part_bytes
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)
        self._header = _BOM + self._encode([header])
        self._handle: BinaryIO | None = None
        self._size = 0
        self.paths: list[Path] = []

    def writerows(self, rows: Iterable[Sequence[object]]) -> None:
        """Append rows; they go to a new part when the current one would grow beyond the size
        (rows written together stay together)."""
        data = self._encode(rows)
        if not data:
            return
        if self._handle is None or (self._size + len(data) > self._part_bytes and self._size > len(self._header)):
            self._next_part()
        assert self._handle is not None
        self._handle.write(data)
        self._size += len(data)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> CsvParts:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _next_part(self) -> None:
        self.close()
        path = self._folder / f"{self._stem}-{len(self.paths) + 1}.csv"
        self._handle = path.open("wb")
        self._handle.write(self._header)
        self._size = len(self._header)
        self.paths.append(path)

    def _encode(self, rows: Iterable[Sequence[object]]) -> bytes:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(rows)
        return self._buffer.getvalue().encode("utf-8")
