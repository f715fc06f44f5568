"""What an uploaded spreadsheet may hold before it is refused, and the refusal itself."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from bot.rules.problems import CataloguedProblem


class FileProblem(CataloguedProblem):
    """The file as a whole cannot be read: one line (`reg.file.<key>`) tells the admin why."""

    PREFIX = "reg.file"


class ReadingStopped(Exception):
    """The reading was asked to stop: the bot is stopping, or the admin typed /batal."""


def checkpoint(stop: threading.Event | None) -> None:
    """Between two chunks of a file: stop reading when asked to."""
    if stop is not None and stop.is_set():
        raise ReadingStopped


@dataclass(frozen=True)
class ReadCaps:
    """How much of an uploaded spreadsheet is read (registry.import_max_* in the configuration)."""

    rows: int = 1_000_000
    columns: int = 100
    cell_chars: int = 1_000
    shared_strings: int = 4_000_000
    shared_string_bytes: int = 100 * 2**20
    unpacked_bytes: int = 1000 * 2**20
