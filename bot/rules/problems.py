"""Problems a user is told about in a catalogue sentence named after their reason."""

from __future__ import annotations

from typing import Any


class CataloguedProblem(Exception):
    """`key` is the catalogue sentence `<PREFIX>.<reason>`; `values` fill it in."""

    PREFIX = ""

    def __init__(self, reason: str, **values: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values

    @property
    def key(self) -> str:
        return f"{self.PREFIX}.{self.reason}"
