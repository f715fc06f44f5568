"""Numbers carried in buttons' callback data. Callback data can be forged, so a button's
pattern accepts at most 18 digits (SQLite integers end at 19): a forged
`rev:a:99999999999999999999999` matches no handler and gets the "not available" answer
instead of an overflow."""

from __future__ import annotations

ID = "[0-9]{1,18}"


def button_id(data: str | None) -> int:
    """The number after the last colon of a button whose pattern used `ID`."""
    assert data is not None, "the handler's pattern matched the data"
    return int(data.rsplit(":", 1)[-1])
