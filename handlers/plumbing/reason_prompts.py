"""Rejections that wait for their reason: a report's (from an alert) and a field update's.

A reviewer is asked one reason at a time: asking for one drops whichever other was waiting, so
the next message is the reason for the rejection pressed last, never for an earlier one. The
prompt lives in user data (it survives a restart) and lapses after the journey's idle time;
an edited message (an earlier one changed) or a forwarded one (someone else's words) is not a
reason and gets the hint; /batal drops it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Message, Update
from telegram.ext import Application, filters

from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply


@dataclass(frozen=True)
class ReasonPrompt:
    key: str  # in user data: {<subject>: id, "at": asked at}
    subject: str  # "visit" or "update"
    texts: str  # prefix of its texts: .prompt_expired, .reason_hint, .cancelled

    def ask(self, context: BotContext, subject_id: int) -> None:
        assert context.user_data is not None
        for prompt in PROMPTS:
            context.user_data.pop(prompt.key, None)
        context.user_data[self.key] = {self.subject: subject_id, "at": context.services.clock.now()}

    async def reason(self, update: Update, context: BotContext, idle_s: int, limit: int) -> tuple[int, str] | None:
        """The id waiting and this message's text as its reason; None when the prompt lapsed
        (said, and dropped) or the message cannot be the reason (the hint said)."""
        message = update.effective_message
        assert message is not None and context.user_data is not None
        pending = context.user_data[self.key]
        if pending["at"] + idle_s < context.services.clock.now():
            del context.user_data[self.key]
            await reply(update, context, f"{self.texts}.prompt_expired")
            return None
        if update.edited_message is not None or message.forward_origin is not None:
            await self.hint(update, context, int(pending[self.subject]), limit)
            return None
        return int(pending[self.subject]), message.text or ""

    async def hint(self, update: Update, context: BotContext, subject_id: int, limit: int) -> None:
        await reply(update, context, f"{self.texts}.reason_hint", id=subject_id, limit=limit)

    def answered(self, context: BotContext) -> None:
        assert context.user_data is not None
        context.user_data.pop(self.key, None)

    async def cancel(self, update: Update, context: BotContext) -> bool:
        """/batal while the rejection waits for its reason: drop it; nothing is decided."""
        pending = context.user_data.pop(self.key, None) if context.user_data is not None else None
        if pending is None:
            return False
        await reply(update, context, f"{self.texts}.cancelled", id=pending[self.subject])
        return True

    def waiting(self, app: Application[Any, Any, Any, Any, Any, Any]) -> filters.MessageFilter:
        """Messages of someone whose rejection waits for its reason."""
        return _Waiting(app, self.key)


REPORT = ReasonPrompt("review_rejection", "visit", "review")
PROPOSAL = ReasonPrompt("update_rejection", "update", "upd.review")
PROMPTS = (REPORT, PROPOSAL)


class _Waiting(filters.MessageFilter):
    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any], key: str) -> None:
        super().__init__(name=f"Waiting({key})")
        self._app, self._key = app, key

    def filter(self, message: Message) -> bool:
        sender = message.from_user
        return sender is not None and self._key in (self._app.user_data.get(sender.id) or {})
