"""The one place that sends the office's messages (reminders, digests, alerts, proposals).

Each delivery is recorded in the dispatch log before and after it leaves, so a period reaches a
recipient at most once even across crashes. Telegram's 429 is waited out by the rate limiter
(`handlers/plumbing/rate_limits.py`: what a job sends goes in the scheduled lane, after the
replies); what is still failing after that, and temporary network or server errors, are
retried here with the configured backoff. A recipient who blocked the bot
is recorded and reported to the admins, and the broadcast goes on. A message Telegram refuses
for good (400: chat not found, a malformed message) is set aside as 'refused' with its reason,
never tried again, and the admins are told once per cause and day (`plumbing/refusals.py`).

When the bot stops (`stopping`), a broadcast ends after the recipient in hand and retries no
more: with Telegram unreachable, a round of 250 recipients, each retried for the whole backoff,
would hold the stop for half an hour (systemd kills it after 30 s). Whoever was not reached is
sent to by the catch-up at the next start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from telegram import Bot, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.domain import Person, Role
from bot.services import Services
from bot.texts import t
from handlers.plumbing.outbox import OutboxSender, outbox_of
from storage.dispatch import DispatchLog, DispatchStatus
from storage.recipients import RecipientRepository
from storage.tasks import TASK_JOB

log = logging.getLogger(__name__)
_STOPPING = "broadcast_stopping"

# Sends one message to a chat id; the first step's message id is kept in the dispatch log.
Step = Callable[[int], Awaitable[Any]]
# Builds the steps for the periods that were claimed (only those may be sent).
Compose = Callable[[list[str]], Sequence[Step]]


class Outcome(StrEnum):
    SENT = "sent"
    SKIPPED = "skipped"  # sent (or possibly sent) before
    FAILED = "failed"
    BLOCKED = "blocked"
    REFUSED = "refused"


@dataclass
class BroadcastReport:
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    blocked: list[Person] = field(default_factory=list)


class Broadcaster:
    def __init__(
        self,
        bot: Bot,
        dispatch: DispatchLog,
        recipients: RecipientRepository,
        outbox: OutboxSender,
        backoff_s: Sequence[float],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        stopping: asyncio.Event | None = None,
    ) -> None:
        self._stopping = stopping or asyncio.Event()
        self._bot = bot
        self._dispatch = dispatch
        self._recipients = recipients
        self._outbox = outbox
        self._backoff_s = tuple(backoff_s)
        self._sleep = sleep

    async def deliver(self, job: str, periods: Sequence[str], recipient: Person, compose: Compose) -> Outcome:
        """Send the not-yet-sent `periods` of `job` to one person, as the messages `compose` builds."""
        claimed = [period for period in periods if await self._dispatch.claim(job, period, recipient.id)]
        if not claimed:
            return Outcome.SKIPPED
        assert recipient.telegram_user_id is not None, "recipients are people with a Telegram account"
        message_id: int | None = None
        status, error = DispatchStatus.SENT, None
        try:
            for step in compose(claimed):
                sent = await self._with_retries(step, recipient.telegram_user_id)
                if message_id is None and isinstance(sent, Message):
                    message_id = sent.message_id
        except Forbidden as exc:
            status, error = DispatchStatus.BLOCKED, exc.message
        except BadRequest as exc:
            status, error = DispatchStatus.REFUSED, exc.message
        except TimedOut as exc:
            # The message may well have arrived: sending it again could give it twice.
            status, error = DispatchStatus.SENT, exc.message
        except TelegramError as exc:
            # Once a first message went out, a retry would repeat it: count it as sent.
            status = DispatchStatus.FAILED if message_id is None else DispatchStatus.SENT
            error = exc.message
        for period in claimed:
            await self._dispatch.mark(job, period, recipient.id, status, message_id=message_id, error=error)
        if status is not DispatchStatus.SENT:
            log.warning(
                "delivery not sent",
                extra={"job": job, "recipient_id": recipient.id, "status": status.value, "error": error},
            )
        if status is DispatchStatus.REFUSED and error is not None:
            await self._outbox.tell_refusal(f"delivery.job.{job}", recipient.full_name, error)
        return Outcome(status.value)

    async def broadcast(self, job: str, period: str, deliveries: Sequence[tuple[Person, Compose]]) -> BroadcastReport:
        """Deliver one period to many people; blocked recipients are reported to the admins after."""
        report = BroadcastReport()
        for recipient, compose in deliveries:
            if self._stopping.is_set():
                break  # the catch-up at the next start sends to the rest
            outcome = await self.deliver(job, [period], recipient, compose)
            report.outcomes[recipient.id] = outcome
            if outcome is Outcome.BLOCKED:
                report.blocked.append(recipient)
        await self.report_blocked()
        return report

    async def report_blocked(self) -> None:
        """Tell every admin who could not be reached because they blocked the bot, once while they
        stay blocked. The notices go through the outbox and the blocked rows are marked reported
        after, so a crash in between repeats no notice and loses none (see `storage.dispatch`)."""
        admins = await self._recipients.active(Role.ADMIN)
        for job, found in (await self._dispatch.blocked_to_report()).items():
            if job == TASK_JOB:
                continue  # told to the task's creator (`handlers.scheduled.tasks`)
            ids = list(found)
            blocked = await self._recipients.people_by_ids(ids)
            for admin in admins:
                if admin.telegram_user_id is None or admin in blocked:
                    continue
                lines = [
                    t(
                        "delivery.blocked",
                        admin.language,
                        job=t(f"delivery.job.{job}", admin.language),
                        count=len(blocked),
                    )
                ]
                lines += [
                    t(
                        "delivery.blocked_line",
                        admin.language,
                        name=person.full_name,
                        role=t(f"role.{person.role.value}", admin.language),
                    )
                    for person in blocked
                ]
                # The same finding queues the same notice (a crash before `mark_reported` repeats
                # none); a person blocked again after being reached is a new finding.
                key = f"blocked:{job}:{admin.id}:{','.join(f'{person}@{period}' for person, period in found.items())}"
                # A long list: the notice shows what fits, the whole list follows as a file.
                await self._outbox.confirm(key, admin.telegram_user_id, "\n".join(lines), lang=admin.language)
            await self._dispatch.mark_reported(job, ids)

    async def _with_retries(self, step: Step, chat_id: int) -> Any:
        delays = list(self._backoff_s)
        while True:
            try:
                return await step(chat_id)
            except (BadRequest, TimedOut):
                raise  # a refused request fails again; a timed-out one may have arrived
            except (NetworkError, RetryAfter):
                if not delays or self._stopping.is_set():
                    raise
                await self._pause(delays.pop(0))
                if self._stopping.is_set():
                    raise

    async def _pause(self, delay: float) -> None:
        """The backoff's sleep, cut short when the bot stops."""
        sleeping = asyncio.ensure_future(self._sleep(delay))
        stopping = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({sleeping, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeping.cancel()
            stopping.cancel()


def broadcaster_for(app: Application[Any, Any, Any, Any, Any, Any]) -> Broadcaster:
    """The broadcaster of a running application, with the configured backoff."""
    services: Services = app.bot_data["services"]
    return Broadcaster(
        app.bot,
        services.dispatch,
        services.recipients,
        outbox_of(app),
        services.settings.delivery.retry_backoff_s,
        stopping=stopping(app),
    )


def stopping(app: Application[Any, Any, Any, Any, Any, Any]) -> asyncio.Event:
    """Set when the application stops: broadcasts end at the next recipient (see above)."""
    event = app.bot_data.setdefault(_STOPPING, asyncio.Event())
    assert isinstance(event, asyncio.Event)
    return event
