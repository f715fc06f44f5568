"""The draft of a companion's field update, kept between the steps of its journey."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.rules.field_updates import StatusReport


@dataclass
class UpdateDraft:
    """The changes a companion is proposing for one household, field by field, before Kirim.

    `key` makes the submission idempotent (Kirim pressed twice stores each change once).
    `asking` is the field a value step waits for (e.g. a count), `status` the status being
    detailed step by step until it is complete."""

    key: str
    active_at: int  # last step taken, for the idle limit
    household_id: int
    visit_id: int | None = None  # the visit report it came with: its evidence
    changes: dict[str, Any] = field(default_factory=dict)
    asking: str | None = None
    status: dict[str, Any] | None = None

    def to_json(self) -> str:
        return json.dumps(vars(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> UpdateDraft:
        return cls(**json.loads(text))

    @property
    def status_report(self) -> StatusReport:
        assert self.status is not None, "a status step has its status"
        return StatusReport.from_value(self.status)

    def detail(self, report: StatusReport) -> None:
        """Keep the status being detailed."""
        self.status = report.to_value()
