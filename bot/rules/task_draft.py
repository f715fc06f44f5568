"""The task a coordinator or admin is giving with /tugas, kept between steps (see
`handlers.tasks.conversation`), or the change they are making to one (`editing`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from bot.domain import Audience, NewTask, TaskAttachment

_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass
class TaskDraft:
    key: str  # the Kirim's idempotency key: a redelivered press creates nothing twice
    active_at: int  # last step taken, for the idle limit
    text: str | None = None
    attachment_kind: str | None = None
    attachment_file_id: str | None = None
    attachment_name: str | None = None
    audience: str | None = None
    region_code: str | None = None
    companion_ids: list[int] = field(default_factory=list)
    dtks_ids: list[str] = field(default_factory=list)
    due: str | None = None  # ISO date
    urgent: bool = False
    editing: int | None = None  # the id of the task being changed, in the edit steps

    def to_json(self) -> str:
        return json.dumps(vars(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> TaskDraft:
        return cls(**json.loads(text))

    def new_task(self) -> NewTask:
        """The task as the decision takes it."""
        attachment = None
        if self.attachment_kind is not None and self.attachment_file_id is not None:
            attachment = TaskAttachment(self.attachment_kind, self.attachment_file_id, self.attachment_name)
        return NewTask(
            text=self.text or "",
            audience=Audience(self.audience or Audience.SCOPE.value),
            region_code=self.region_code,
            companion_ids=tuple(self.companion_ids),
            dtks_ids=tuple(self.dtks_ids),
            due=date.fromisoformat(self.due) if self.due else None,
            urgent=self.urgent,
            attachment=attachment,
        )


def typed_list(text: str) -> list[str]:
    """The items of a list typed with spaces, commas, semicolons or new lines between them."""
    return [item for item in _SEPARATORS.split(text.strip()) if item]
