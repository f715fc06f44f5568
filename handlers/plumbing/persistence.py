"""PTB persistence kept in the bot's own SQLite database, so conversations survive restarts,
and the record of handled updates, so a redelivered update is handled once.

After every update (see `handlers.plumbing.middleware.save_state`) a task collects the states PTB
tracks as changed and writes them with the ids of the updates handled so far in one
transaction; states and user data that did not change are not written again. The write
comes `WRITE_AFTER_S` after the update, not inside it ("write-behind"): an update's answer
does not wait for the disk, and the updates of that moment share one collection and one
transaction (writing after every update cost the other users' updates more than their own
work). The state written is what the bot holds at that moment: an update of the same user
still running then may be partly in it (the report copes: see `handlers.report.session`).
PTB's shutdown writes the rest. A crash can lose the steps of the last `WRITE_AFTER_S`
(updates that polling has acknowledged to Telegram by then anyway); while the database
refuses writes (e.g. a full disk), the writes are kept in memory and retried.
Data is stored as JSON: whatever a handler keeps in `user_data` must be JSON-friendly (dicts,
lists, strings, numbers). Bot and chat data are not persisted: bot data holds the services,
and nothing is kept per chat.
Conversation states and drafts saved by an earlier release are converted as they are loaded
(each journey says how: `SavedJourney`) and written in the new form with their next change.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from telegram.ext import Application, BasePersistence, PersistenceInput

from storage.bot_state import BotStateRepository, StateChanges
from storage.clock import Clock

# PTB's own aliases live in a private module (telegram.ext._utils.types); these say the same.
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]

STORED = PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False)
# Telegram keeps an undelivered update for 24 hours; remember handled ids a while longer.
UPDATE_ID_RETENTION_S = 3 * 24 * 3600
# How long the writer waits for more updates before collecting and writing them: 0.05 s wrote a
# transaction for every ~4 updates of 250 companions reporting (~7 % more CPU than 0.2 s), and a
# crash loses at most this much of the last steps.
WRITE_AFTER_S = 0.2
# A write that failed (e.g. a full disk) is kept and tried again after a pause that doubles
# up to the longest.
RETRY_AFTER_S = 1.0
LONGEST_RETRY_AFTER_S = 60.0

log = logging.getLogger(__name__)


class SavedJourney(Protocol):
    """How a conversation's saved states and drafts of earlier releases read today (see
    `handlers.plumbing.journey.Journey`)."""

    @property
    def name(self) -> str: ...

    def upgrade_state(self, state: object) -> object: ...

    def upgrade_user_data(self, data: dict[str, Any], now: int) -> None: ...


class SqlitePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    def __init__(
        self,
        state: BotStateRepository,
        clock: Clock,
        journeys: Sequence[SavedJourney] = (),
        update_interval: float = 60,
    ) -> None:
        super().__init__(store_data=STORED, update_interval=update_interval)
        self._state = state
        self._clock = clock
        self._journeys = {journey.name: journey for journey in journeys}
        self._pending = StateChanges()
        self._stored_user_data: dict[int, str] = {}
        self._stored_conversations: dict[tuple[str, str], str | None] = {}
        self._handled_updates: dict[int, int] = {}
        self._collect: Callable[[], Awaitable[None]] | None = None
        self._writing: asyncio.Task[None] | None = None
        self._hurry = asyncio.Event()
        self._stopping = False

    def collect_from(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Collect changed states from `application` (PTB hands them to the `update_*` methods)."""
        self._collect = application.update_persistence

    # ── Handled updates ──────────────────────────────────────────────────────

    async def load_handled_updates(self) -> None:
        """Forget ids past the retention and keep the rest in memory, so checking costs nothing."""
        now = self._clock.now()
        since = now - UPDATE_ID_RETENTION_S
        await self._state.forget_updates_before(since)
        # Stamped with the load time, so the next pruning keeps them for a full retention period.
        self._handled_updates = dict.fromkeys(await self._state.update_ids_since(since), now)

    def claim_update(self, update_id: int) -> bool:
        """Whether `update_id` is new; from now on it counts as handled."""
        if update_id in self._handled_updates:
            return False
        now = self._clock.now()
        self._handled_updates[update_id] = now
        if len(self._handled_updates) % 10_000 == 0:
            cutoff = now - UPDATE_ID_RETENTION_S
            self._handled_updates = {key: at for key, at in self._handled_updates.items() if at >= cutoff}
        return True

    def save_update(self, update_id: int) -> None:
        """Write `update_id` as handled, with the states it changed, soon."""
        self._pending.update_ids.append(update_id)
        self._write_soon()

    async def written(self) -> None:
        """Write what is pending without waiting for more, and return once it is written."""
        while self._writing is not None and not self._writing.done():
            self._hurry.set()
            await asyncio.shield(self._writing)

    def _write_soon(self) -> None:
        if self._writing is None or self._writing.done():
            self._writing = asyncio.get_running_loop().create_task(self._write_while_pending())

    async def _write_while_pending(self) -> None:
        failures = 0
        while True:
            # Let the updates of the next moment share this write, unless someone waits for it.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._hurry.wait(), WRITE_AFTER_S)
            try:
                if self._collect is not None:
                    await self._collect()
                if self._pending:
                    await self._write_pending()
            except Exception:
                if self._stopping:
                    raise
                failures += 1
                pause = min(RETRY_AFTER_S * 2 ** (failures - 1), LONGEST_RETRY_AFTER_S)
                # The cause once, with its traceback; then one line per attempt.
                log.error(
                    "bot state not saved; trying again",
                    exc_info=failures == 1,
                    extra={"failures": failures, "retry_after_s": pause},
                )
                await asyncio.sleep(pause)
                continue
            if not self._pending:
                self._hurry.clear()
                return

    async def _write_pending(self) -> None:
        changes, self._pending = self._pending, StateChanges()
        try:
            await self._state.save(changes)
        except BaseException:
            self._restore(changes)
            raise
        for user_id, data in changes.user_data.items():
            if data is None:
                self._stored_user_data.pop(user_id, None)
            else:
                self._stored_user_data[user_id] = data
        self._stored_conversations.update(changes.conversations)

    def _restore(self, changes: StateChanges) -> None:
        """Put back writes that failed, unless newer ones arrived meanwhile."""
        for key, state in changes.conversations.items():
            self._pending.conversations.setdefault(key, state)
        for user_id, data in changes.user_data.items():
            self._pending.user_data.setdefault(user_id, data)
        self._pending.update_ids[:0] = changes.update_ids

    # ── BasePersistence ──────────────────────────────────────────────────────

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        self._stored_user_data = await self._state.all_user_data()
        loaded = {key: json.loads(data) for key, data in self._stored_user_data.items()}
        now = self._clock.now()
        for data in loaded.values():
            for journey in self._journeys.values():
                journey.upgrade_user_data(data, now)
        return loaded

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        stored = await self._state.conversations(name)
        self._stored_conversations.update({(name, key): state for key, state in stored})
        journey = self._journeys.get(name)
        states = {tuple(json.loads(key)): json.loads(state) for key, state in stored}
        return {key: journey.upgrade_state(state) for key, state in states.items()} if journey else states

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        # PTB hands over the state after every step, also when it stayed the same.
        slot = (name, json.dumps(list(key)))
        encoded = None if new_state is None else json.dumps(new_state)
        if slot not in self._pending.conversations and self._stored_conversations.get(slot, None) == encoded:
            return
        self._pending.conversations[slot] = encoded
        self._write_soon()

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        encoded = json.dumps(data, ensure_ascii=False, sort_keys=True)
        if self._stored_user_data.get(user_id) == encoded and user_id not in self._pending.user_data:
            return
        self._pending.user_data[user_id] = encoded
        self._write_soon()

    async def drop_user_data(self, user_id: int) -> None:
        self._pending.user_data[user_id] = None
        self._write_soon()

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        """Chat data is not stored."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not stored."""

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        """Bot data is not stored."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Callback data is not stored."""

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """The in-memory copy is authoritative while the bot runs."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        """Chat data is not stored."""

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        """Bot data is not stored."""

    async def flush(self) -> None:
        """Write what is still pending (PTB calls this at shutdown); a failure is raised."""
        self._stopping = True
        await self.written()
        if self._pending:
            await self._write_pending()
