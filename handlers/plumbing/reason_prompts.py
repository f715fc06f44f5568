"""A reviewer is asked one rejection reason at a time: asking for one (a report's or a field
update's) drops whichever other was waiting, so the next message is the reason for the
rejection pressed last, never for an earlier one."""

from __future__ import annotations

from typing import Any

# user_data keys of the rejections waiting for their reason.
REPORT, PROPOSAL = "review_rejection", "update_rejection"


def wait_for_reason(user_data: Any, key: str, pending: dict[str, Any]) -> None:
    for waiting in (REPORT, PROPOSAL):
        user_data.pop(waiting, None)
    user_data[key] = pending
