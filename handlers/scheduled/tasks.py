"""Tasks reach their companions in the scheduled lane: replies never wait behind them, and
Telegram's limits are kept by the rate limiter (`handlers/plumbing/rate_limits.py`).

A round (`task_round`) first makes the companions who took over a task's household (a
hand-over, an import) its recipients, then sends, each to whom it is still due:
1. the task (its text, the recipient's own households of it, its attachment, ✅ Siap);
2. the notice of its latest edit, to those who got it before the edit;
3. the notice of its withdrawal, to those who got it;
4. one reminder, with the task again, to those who have not pressed ✅ Siap
   `tasks.ack_reminder_hours` after it reached them;
5. once a task's due day is over, one notice to those who still have something to do;
and last tells each creator who could not be reached because they blocked the bot.

Rounds run at once after a task is made, edited or withdrawn (`send_tasks_soon`), every
`tasks.round_every_s`, and at start-up; one at a time. In quiet hours (`reminders.quiet_hours`)
only urgent tasks' messages go; the others wait for the first round after them.

Every message goes through the broadcaster, claimed in the dispatch log before it leaves and
marked after: a crash between two recipients leaves the first one's send 'pending' (it may
have arrived) and the next round sends to the second only, so nobody gets one twice. One that a
crash cut before Telegram took it is not lost for good: the acknowledgement reminder carries the
task again, and /tugassaya lists it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Message
from telegram.ext import Application

from bot.domain import Person, Task
from bot.rules.tasks import (
    LISTED,
    NO_HOUSEHOLDS,
    Holding,
    ack_reminder,
    edit_notice,
    kind,
    needs_overdue_notice,
    overdue_notice,
    task_message,
    withdrawal_notice,
)
from bot.schedule import QuietHours
from bot.services import Services
from bot.texts import t, t_plain
from handlers.plumbing.outbox import outbox_of
from handlers.plumbing.rate_limits import scheduled
from handlers.plumbing.replies import send_captioned, send_text
from handlers.scheduled.broadcast import Broadcaster, Outcome, broadcaster_for, stopping
from handlers.tasks.keyboards import ack_markup
from storage.tasks import TASK_JOB, Send

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Step = Callable[[int], Awaitable[Any]]
ROUND_LOCK = "task_round_lock"
HOUR_S = 3600

log = logging.getLogger(__name__)


def schedule_task_rounds(app: AnyApplication) -> None:
    """Look for task messages still to send every `tasks.round_every_s`."""
    assert app.job_queue is not None
    every = app.bot_data["services"].settings.tasks.round_every_s
    app.job_queue.run_repeating(_round_job, interval=every, first=every, name="tasks")


def send_tasks_soon(app: AnyApplication) -> None:
    """Run a round now, as a job: what it sends goes in the scheduled lane, not as a reply."""
    assert app.job_queue is not None
    app.job_queue.run_once(_round_job, 0, name="tasks-now")


async def _round_job(context: Any) -> None:
    with scheduled():
        await task_round(context.application)


async def task_round(app: AnyApplication) -> None:
    """Send every task message that is due (see above); one round at a time."""
    lock: asyncio.Lock = app.bot_data.setdefault(ROUND_LOCK, asyncio.Lock())
    async with lock:
        await _Round(app).run()


class _Round:
    def __init__(self, app: AnyApplication) -> None:
        self.app = app
        self.services: Services = app.bot_data["services"]
        self.broadcaster: Broadcaster = broadcaster_for(app)
        self.stopping = stopping(app)
        self.tz = self.services.settings.locale.tz
        self._tasks: dict[int, Task | None] = {}
        self._people: dict[int, Person | None] = {}
        self._holdings: dict[int, dict[int, tuple[int, int]]] = {}

    async def run(self) -> None:
        services, tasks = self.services, self.services.tasks
        urgent_only = self._quiet_now()
        if await tasks.add_holders():
            log.info("companions who took over task households added as recipients")
        for send in await tasks.deliveries_due(urgent_only):
            await self._deliver(send)
        for send in await tasks.edit_notices_due(urgent_only):
            await self._notify_edit(send)
        for send in await tasks.withdrawal_notices_due(urgent_only):
            await self._notify_withdrawal(send)
        sent_before = services.clock.now() - int(services.settings.tasks.ack_reminder_hours * HOUR_S)
        for send in await tasks.ack_reminders_due(sent_before, urgent_only):
            await self._remind(send)
        for task in await tasks.overdue_untold(services.clock.now(), urgent_only):
            await self._tell_overdue(task)
        await self._report_blocked()

    def _quiet_now(self) -> bool:
        hours = self.services.settings.reminders.quiet_hours
        now = datetime.fromtimestamp(self.services.clock.now(), self.tz)
        return hours is not None and QuietHours.parse(hours).contains(now)

    # ── Each kind of message ─────────────────────────────────────────────────

    async def _deliver(self, send: Send) -> None:
        """The task, its attachment, ✅ Siap; it counts as every edit so far told."""
        found = await self._recipient(send)
        if found is None:
            return
        task, person = found
        lang = person.language
        text = task_message(task, await self._creator(task, lang), await self._holding(task, person.id), lang, self.tz)
        periods = [str(task.id), *(f"{task.id}:v{version}" for version in range(2, task.version + 1))]
        steps = [self._text_step(text, lang, ack_markup(task.id, lang)), *self._attachment_steps(task, lang)]
        await self._send(task, person, periods, steps, needs=str(task.id))

    async def _notify_edit(self, send: Send) -> None:
        found = await self._recipient(send)
        if found is None:
            return
        task, person = found
        holding = await self._holding(task, person.id)
        text = edit_notice(task, await self._creator(task, person.language), holding, person.language, self.tz)
        markup = await self._ack_markup_if_due(task, person)
        await self._send(task, person, [f"{task.id}:v{task.version}"], [self._text_step(text, person.language, markup)])

    async def _notify_withdrawal(self, send: Send) -> None:
        found = await self._recipient(send)
        if found is None:
            return
        task, person = found
        text = withdrawal_notice(task, person.language)
        await self._send(task, person, [f"{task.id}:withdrawn"], [self._text_step(text, person.language, None)])

    async def _remind(self, send: Send) -> None:
        found = await self._recipient(send)
        if found is None:
            return
        task, person = found
        lang = person.language
        text = ack_reminder(task, await self._creator(task, lang), await self._holding(task, person.id), lang, self.tz)
        steps = [self._text_step(text, lang, ack_markup(task.id, lang)), *self._attachment_steps(task, lang)]
        await self._send(task, person, [f"{task.id}:ack"], steps)

    async def _tell_overdue(self, task: Task) -> None:
        """Tell each recipient who still has something to do, then mark the task told (not
        when the bot stops half-way: the next round goes on, the dispatch log skipping whoever
        was told)."""
        for recipient in await self.services.tasks.delivered_to(task.id):
            if self.stopping.is_set():
                return
            holding = await self._holding(task, recipient.person_id)
            if not needs_overdue_notice(holding, recipient.acknowledged_at is not None):
                continue
            person = await self._person(recipient.person_id)
            if person is None:
                continue
            text = overdue_notice(task, holding, person.language, self.tz)
            markup = await self._ack_markup_if_due(task, person)
            await self._send(task, person, [f"{task.id}:overdue"], [self._text_step(text, person.language, markup)])
        await self.services.tasks.mark_overdue_told(task.id)

    async def _report_blocked(self) -> None:
        """Tell each creator which recipients of their task blocked the bot, once: the notice
        goes through the outbox under a key naming them, and they are marked told after, so a
        crash in between repeats no notice and loses none."""
        for task_id, ids in (await self.services.tasks.blocked_untold()).items():
            task = await self._task(task_id)
            creator = await self._person(task.created_by) if task else None
            if task is not None and creator is not None and creator.active and creator.telegram_user_id is not None:
                lang = creator.language
                blocked = [person for person in [await self._person(pid) for pid in ids] if person is not None]
                lines = [t("task.blocked", lang, kind=kind(task, lang), id=task.id, count=len(blocked))]
                lines += [
                    t("delivery.blocked_line", lang, name=p.full_name, role=t(f"role.{p.role.value}", lang))
                    for p in blocked
                ]
                key = f"task-blocked:{task.id}:{','.join(map(str, ids))}"
                await outbox_of(self.app).confirm(key, creator.telegram_user_id, "\n".join(lines), lang=lang)
            await self.services.tasks.mark_blocked_told(task_id, ids)

    # ── Sending ──────────────────────────────────────────────────────────────

    async def _send(
        self, task: Task, person: Person, periods: list[str], steps: Sequence[Step], *, needs: str | None = None
    ) -> None:
        """Send `steps` once for the `periods` not sent before (all of them only when `needs`,
        the task itself, is among those: else the recipient had it already)."""
        if self.stopping.is_set():
            return

        def compose(claimed: list[str]) -> Sequence[Step]:
            return steps if needs is None or needs in claimed else []

        outcome = await self.broadcaster.deliver(TASK_JOB, periods, person, compose)
        if outcome is Outcome.FAILED:
            log.warning("task message not sent; the next round tries again", extra={"task_id": task.id})

    def _text_step(self, text: str, lang: str, markup: InlineKeyboardMarkup | None) -> Step:
        bot = self.app.bot
        return lambda chat_id: send_text(bot, chat_id, text, lang, reply_markup=markup)

    def _attachment_steps(self, task: Task, lang: str) -> list[Step]:
        attachment, bot = task.attachment, self.app.bot
        if attachment is None:
            return []
        caption = t("task.attachment", lang, kind=kind(task, lang), id=task.id)

        def send(chat_id: int) -> Awaitable[Message]:
            if attachment.kind == "photo":
                return send_captioned(
                    bot,
                    chat_id,
                    caption,
                    lang,
                    lambda shown: bot.send_photo(chat_id, attachment.file_id, caption=shown),
                )
            return send_captioned(
                bot, chat_id, caption, lang, lambda shown: bot.send_document(chat_id, attachment.file_id, caption=shown)
            )

        return [send]

    async def _ack_markup_if_due(self, task: Task, person: Person) -> InlineKeyboardMarkup | None:
        recipient = await self.services.tasks.recipient(task.id, person.id)
        acknowledged = recipient is not None and recipient.acknowledged_at is not None
        return None if acknowledged else ack_markup(task.id, person.language)

    # ── What a round reads once ──────────────────────────────────────────────

    async def _recipient(self, send: Send) -> tuple[Task, Person] | None:
        task, person = await self._task(send.task_id), await self._person(send.person_id)
        if task is None or person is None or not person.active or person.telegram_user_id is None:
            return None
        return task, person

    async def _task(self, task_id: int) -> Task | None:
        if task_id not in self._tasks:
            self._tasks[task_id] = await self.services.tasks.by_id(task_id)
        return self._tasks[task_id]

    async def _person(self, person_id: int) -> Person | None:
        if person_id not in self._people:
            self._people[person_id] = await self.services.people.by_id(person_id)
        return self._people[person_id]

    async def _creator(self, task: Task, lang: str) -> str:
        """Who gave the task, as its recipient reads it: "Bambang (Koordinator)"."""
        creator = await self._person(task.created_by)
        if creator is None:
            return "–"
        return f"{creator.full_name} ({t_plain(f'role.{creator.role.value}', lang)})"

    async def _holding(self, task: Task, person_id: int) -> Holding:
        """The recipient's share of the task's households (none for an announcement)."""
        if task.is_announcement:
            return NO_HOUSEHOLDS
        if task.id not in self._holdings:
            self._holdings[task.id] = await self.services.tasks.households_by_companion(task.id)
        held, left = self._holdings[task.id].get(person_id, (0, 0))
        first = (await self.services.tasks.households_left(task.id, LISTED, person_id))[1] if left else []
        return Holding(held, left, first)
