"""A refusal from Telegram is not an outage.

Telegram refuses some messages for good: 400 Bad Request ("chat not found", a malformed
message) and 403 Forbidden (the user blocked the bot). Sending them again fails the same way,
and the user did nothing wrong. PTB's `BadRequest` subclasses `NetworkError`, so code that read
`NetworkError` as "Telegram unreachable" retried a refused receipt every 30 s without end and told
the user that Telegram had faltered (issue 20). Here a refused message is set aside with its
reason (the outbox's 'failed', the dispatch log's 'refused' or 'blocked'), counted by
`python -m bot status` and `/healthz`, and the admins are told: once per cause and day, not per
message (a notice is an outbox message whose key names the day and the cause, so a restart or
a second refusal adds none). Server errors, timeouts and 429s stay what they were: transient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram.error import BadRequest, Forbidden

from bot.domain import Role
from bot.texts import t
from storage.clock import Clock
from storage.recipients import RecipientRepository

# The outbox keys of the admins' notices start with this (a refused notice tells nobody).
REFUSAL_KEY = "refused"
# What was refused, as the notice names it: a catalogue key (scheduled sends use their job's).
REPLY = "delivery.kind.reply"


def is_refusal(error: BaseException) -> bool:
    """Whether Telegram refused the request itself for good (sending it again fails again)."""
    return isinstance(error, BadRequest | Forbidden)


@dataclass(frozen=True)
class Notice:
    key: str
    chat_id: int
    text: str
    lang: str


class RefusalNotices:
    """The admins' notices of a refusal, for those not told of its cause today."""

    def __init__(self, recipients: RecipientRepository, clock: Clock, tz: ZoneInfo) -> None:
        self._recipients = recipients
        self._clock = clock
        self._tz = tz

    async def notices(self, what: str, whom: str, reason: str) -> list[Notice]:
        """One notice per admin that Telegram refused `what` (a catalogue key) for `whom`, keyed
        by the day and the cause: the outbox queues each key once."""
        day = datetime.fromtimestamp(self._clock.now(), self._tz).date().isoformat()
        cause = re.sub(r"[^a-z]+", "-", reason.lower()).strip("-")[:60]
        return [
            Notice(
                f"{REFUSAL_KEY}:{day}:{cause}:{admin.id}",
                admin.telegram_user_id,
                t("delivery.refused", admin.language, what=t(what, admin.language), whom=whom, reason=reason),
                admin.language,
            )
            for admin in await self._recipients.active(Role.ADMIN)
            if admin.telegram_user_id is not None
        ]
