"""The one engine of every step-by-step conversation: the visit report, /kpmbaru, and the
journeys to come (tasks, field updates). A journey is declared as data, and its steps are
plain callbacks that get their typed draft and return the name of the next state:

    ENTRY = Journey(name="kpm_new", role=Role.ADMIN, draft_key="kpm_draft", load=HouseholdDraft.from_json,
                    texts=JourneyTexts(...), idle_minutes=lambda settings: settings.registry.entry_idle_minutes)

    @ENTRY.step
    async def got_name(update: Update, context: BotContext, draft: HouseholdDraft) -> Next:
        draft.head_name = ...
        return ADDRESS  # a state's name; STAY stays in this state, END ends the journey

    ENTRY.conversation(entry_points, {NAME: State(hint, [MessageHandler(TYPED, got_name)]), ...}, user_data)

The engine gives every journey the same behaviour:
- the draft lives in `user_data` as JSON text (PTB deep-copies user data after every update),
  so it is persisted with it and a restart resumes at the same step;
- states are names, so a saved conversation survives a reordering of the steps; states and
  drafts saved by the release that numbered them are converted when persistence loads them
  (`upgrade_state`, `upgrade_user_data`; see `handlers.plumbing.persistence`);
- in every state, /batal cancels first, then the state's own handlers, then its hint answers
  anything else (any kind of message, an unknown command, a stale button) and keeps the draft;
  another journey's command does not begin it meanwhile (its entry points stand aside while
  the sender is in another journey), so that too gets the hint;
- a step runs only while its sender still has the journey's role and draft: someone
  deactivated or moved to another role mid-way, or whose draft was ended (idle, or a crash
  that saved the state half-way), is told so and the journey ends;
- the time of the last step is kept in the draft: a step taken after the idle limit ends the
  journey, and a job (`schedule_idle_sweep`) ends drafts left idle, with a message, also
  across restarts. (Not PTB's `conversation_timeout`: its timer is lost on restart and it
  reschedules a job at every step, which cost more than the rest of a step.) A job cannot end
  a PTB conversation, so a state's handlers apply only while their sender has a draft: a
  journey whose draft was ended lets every update through to the other handlers, and its
  entry points (also its fallbacks) start it anew.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import warnings
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, Protocol, TypeVar

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.config import Settings
from bot.domain import Role
from bot.services import Services
from bot.texts import t, t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import ReplyMarkup, reply, send_text

END: Final = ConversationHandler.END
STAY: Final = None
# What a step returns: the next state's name, END, or STAY in its state.
Next = str | int | None
Callback = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]
Handler = BaseHandler[Update, BotContext, Any]
# How often drafts left idle past their limit are looked for: a journey ends at most this late.
SWEEP_EVERY_S = 60

log = logging.getLogger(__name__)
# The draft key of every journey declared: a journey's entry points stand aside while the
# sender is in another journey (its step answers them with its hint, as any other message).
_DRAFT_KEYS: set[str] = set()


class Draft(Protocol):
    """What a journey keeps between steps: a dataclass that knows when it was last used and
    writes itself as JSON text (read back by the journey's `load`)."""

    active_at: int

    def to_json(self) -> str: ...


D = TypeVar("D", bound=Draft)
StepCallback = Callable[[Update, BotContext, D], Coroutine[Any, Any, Next]]
# Says again what a state waits for, to anything it cannot use (the draft is only read).
Hint = Callable[[Update, BotContext, D], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class JourneyTexts:
    """Catalogue keys of what a journey says when it ends unfinished, or refuses a button."""

    cancelled: str  # /batal or a cancel button
    expired: str  # left idle past the limit; takes {minutes}
    refused: str  # the sender no longer has the journey's role (strangers are told how to join)
    ended: str  # the draft is gone (ended while idle, or lost in a crash)
    stale_button: str  # the toast of a button the current step does not take


@dataclass(frozen=True)
class State(Generic[D]):
    """One step: what it says to anything unexpected, and the handlers that take it forward."""

    hint: Hint[D]
    handlers: Sequence[Handler]


def say(key: str) -> Hint[Any]:
    """A hint that is one catalogue text."""

    async def hint(update: Update, context: BotContext, draft: Any) -> None:
        await reply(update, context, key)

    return hint


@dataclass(frozen=True)
class Journey(Generic[D]):
    name: str  # of its conversation handler: saved conversations are found by it
    role: Role | frozenset[Role]  # whom it belongs to: one role (most journeys), or several
    draft_key: str  # in `user_data`
    load: Callable[[str], D]  # the draft from its JSON text
    texts: JourneyTexts
    idle_minutes: Callable[[Settings], int]
    # The state names of the release that numbered its states, in the numbers' order.
    numbered_states: tuple[str, ...] = ()
    # A draft an earlier release saved as a dict, made typed; gets the time it is loaded.
    old_draft: Callable[[dict[str, Any], int], D] | None = None
    # Deletes what a draft saved outside `user_data` (files) when it ends unfinished.
    discard: Callable[[Services, D], Awaitable[None]] | None = None
    # The keyboard shown once the journey ended unfinished (e.g. the companion's main menu).
    menu: Callable[[str], ReplyMarkup] | None = None

    # ── The draft ─────────────────────────────────────────────────────────────

    def draft(self, context: BotContext) -> D | None:
        data = context.user_data.get(self.draft_key) if context.user_data is not None else None
        return None if data is None else self.load(data)

    def keep(self, context: BotContext, draft: D) -> None:
        if context.user_data is not None:
            context.user_data[self.draft_key] = draft.to_json()

    def forget(self, context: BotContext) -> None:
        """Forget the draft of a journey that finished (what it saved is now in use)."""
        if context.user_data is not None:
            context.user_data.pop(self.draft_key, None)

    async def begin(self, context: BotContext, draft: D) -> None:
        """Keep a new draft, abandoning one left over from a lost conversation."""
        await self.abandon(context)
        self.keep(context, draft)

    async def abandon(self, context: BotContext) -> None:
        """Forget the draft of a journey that will not finish, with what it saved."""
        if context.user_data is not None:
            await self._abandon(context.services, context.user_data)

    async def _abandon(self, services: Services, user_data: dict[str, Any]) -> None:
        data = user_data.pop(self.draft_key, None)
        if data is not None and self.discard is not None:
            await self.discard(services, self.load(data))

    def idle_s(self, settings: Settings) -> int:
        return self.idle_minutes(settings) * 60

    # ── Steps ─────────────────────────────────────────────────────────────────

    def guard(self, callback: Callback) -> Callback:
        """Run `callback` only while its sender has the journey's role and draft; else end the
        journey, saying why."""

        @functools.wraps(callback)
        async def guarded(update: Update, context: BotContext) -> Any:
            person = context.person
            drafting = context.user_data is not None and self.draft_key in context.user_data
            if person is not None and self.belongs_to(person.role) and drafting:
                return await callback(update, context)
            await self.abandon(context)
            await answer_query(update, context)
            if person is None:
                await reply(update, context, "stranger.start")
            else:
                await reply(update, context, self.texts.ended if self.belongs_to(person.role) else self.texts.refused)
            return END

        return guarded

    def __post_init__(self) -> None:
        _DRAFT_KEYS.add(self.draft_key)

    def belongs_to(self, role: Role) -> bool:
        return role is self.role if isinstance(self.role, Role) else role in self.role

    def step(self, callback: StepCallback[D]) -> Callback:
        """A step: `callback` gets the draft, typed; its changes are kept after it. A step taken
        after the idle limit (even across a restart) ends the journey instead."""

        @self.guard
        @functools.wraps(callback)
        async def step(update: Update, context: BotContext) -> Next:
            assert context.user_data is not None, "the guard found the draft there"
            draft = self.load(context.user_data[self.draft_key])
            now = context.services.clock.now()
            if step_time(update, now) - draft.active_at > self.idle_s(context.services.settings):
                return await self._expire(update, context)
            draft.active_at = now
            self.keep(context, draft)  # now, not after the step: the idle job must see a step under way
            state = await callback(update, context, draft)
            if state != END:
                self.keep(context, draft)
            return state

        return step

    async def cancel(self, update: Update, context: BotContext) -> int:
        """Cancel the journey at any step; nothing is stored."""
        await answer_query(update, context)
        await self.abandon(context)
        await reply(update, context, self.texts.cancelled, markup=self._menu(context.language))
        return END

    async def cancel_left_draft(self, update: Update, context: BotContext) -> bool:
        """/batal outside the conversation: cancel a draft its conversation no longer holds
        (a crash saved the draft but not its step); whether there was one."""
        if context.user_data is None or self.draft_key not in context.user_data:
            return False
        await self.cancel(update, context)
        return True

    async def _expire(self, update: Update, context: BotContext) -> int:
        await self.abandon(context)
        await answer_query(update, context)
        minutes = self.idle_minutes(context.services.settings)
        await reply(update, context, self.texts.expired, markup=self._menu(context.language), minutes=minutes)
        return END

    def _menu(self, lang: str) -> ReplyMarkup | None:
        return self.menu(lang) if self.menu is not None else None

    def _answer_with(self, hint: Hint[D]) -> Callback:
        async def answer_with_hint(update: Update, context: BotContext) -> None:
            """Explain what this step expects and stay in it; the draft stays as it was."""
            await answer_query(update, context, self.texts.stale_button)
            draft = self.draft(context)
            assert draft is not None, "the guard found the draft there"
            await hint(update, context, draft)

        return self.guard(answer_with_hint)

    # ── The conversation ──────────────────────────────────────────────────────

    def conversation(
        self,
        entry_points: Sequence[Handler],
        states: Mapping[str, State[D]],
        user_data: Mapping[int, dict[str, Any]],
    ) -> ConversationHandler[BotContext]:
        """The journey laid out as a persistent conversation: in each state /batal, the state's
        own handlers, then its hint for anything else (an edited message too: it is never an
        answer, but it is answered), all only while the sender has a draft."""
        cancel = CommandHandler("batal", self.guard(self.cancel))

        def drafting(data: dict[str, Any]) -> bool:
            return self.draft_key in data

        def elsewhere(data: dict[str, Any]) -> bool:
            return any(key in data for key in _DRAFT_KEYS if key != self.draft_key)

        entries = [_WhileDrafting(handler, user_data, lambda data: not elsewhere(data)) for handler in entry_points]
        laid_out: dict[object, list[Handler]] = {
            name: [
                _WhileDrafting(handler, user_data, drafting)
                for handler in (
                    cancel,
                    *state.handlers,
                    MessageHandler(filters.UpdateType.MESSAGES, answer),
                    CallbackQueryHandler(answer),
                )
            ]
            for name, state in states.items()
            for answer in (self._answer_with(state.hint),)
        }
        with warnings.catch_warnings():
            # Buttons belong to the person's one journey, not to one message: per_message=False is meant.
            warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
            return ConversationHandler(
                entry_points=list(entries),
                states=laid_out,
                # Reached only when the draft ended without its conversation: a new one may start.
                fallbacks=list(entries),
                name=self.name,
                persistent=True,
            )

    # ── Saved by earlier releases ─────────────────────────────────────────────

    def upgrade_state(self, state: object) -> object:
        """A saved state by its name (the release before named states saved numbers)."""
        if type(state) is int and 0 <= state < len(self.numbered_states):
            return self.numbered_states[state]
        return state

    def upgrade_user_data(self, data: dict[str, Any], now: int) -> None:
        """Make a draft an earlier release saved as a dict typed, as if last used `now`."""
        saved = data.get(self.draft_key)
        if isinstance(saved, dict) and self.old_draft is not None:
            data[self.draft_key] = self.old_draft(saved, now).to_json()

    # ── Idle drafts ───────────────────────────────────────────────────────────

    async def end_idle(self, context: BotContext) -> list[int]:
        """End the drafts left idle past the limit, telling their owners; return their user ids."""
        app, services = context.application, context.services
        limit = services.clock.now() - self.idle_s(services.settings)

        def idle(user_id: int) -> bool:
            data = app.user_data.get(user_id, {})
            return self.draft_key in data and self.load(data[self.draft_key]).active_at < limit

        ended = []
        for user_id in [user_id for user_id in app.user_data if idle(user_id)]:
            if idle(user_id):  # again: the person may have taken a step while earlier ones ended
                ended.append(user_id)
                await self._abandon(services, app.user_data[user_id])
                await self._tell_expired(context, user_id)
        return ended

    async def _tell_expired(self, context: BotContext, user_id: int) -> None:
        services = context.services
        person = await services.people.by_telegram_id(user_id)
        lang = person.language if person else services.settings.locale.language
        try:
            text = t(self.texts.expired, lang, minutes=self.idle_minutes(services.settings))
            await send_text(context.bot, user_id, text, lang, reply_markup=self._menu(lang))
        except TelegramError as error:
            log.warning("could not tell of an expired draft", extra={"user_id": user_id, "error": str(error)})


def schedule_idle_sweep(app: Application[Any, Any, Any, Any, Any, Any], journeys: Sequence[Journey[Any]]) -> None:
    """Look for drafts left idle every `SWEEP_EVERY_S`: their journeys end with a message, and
    what they saved is deleted (pictures of beneficiaries' homes are kept only for reports that
    were made)."""

    async def sweep_idle_drafts(context: BotContext) -> None:
        """Job: end every journey's drafts left idle past its limit."""
        ended = {user_id for journey in journeys for user_id in await journey.end_idle(context)}
        if ended:
            context.application.mark_data_for_update_persistence(user_ids=ended)
            await context.application.update_persistence()

    assert app.job_queue is not None
    app.job_queue.run_repeating(sweep_idle_drafts, interval=SWEEP_EVERY_S, first=SWEEP_EVERY_S, name="idle-drafts")


def step_time(update: Update, now: int) -> int:
    """When the person took this step: a message's Telegram date (handled late after downtime,
    it still counts at its date), or now for a pressed button, which carries no date."""
    message = update.message
    return min(now, int(message.date.timestamp())) if message is not None else now


async def answer_query(update: Update, context: BotContext, key: str | None = None, **values: Any) -> None:
    """Answer a pressed button (stop its spinner), with the catalogue text `key` if given."""
    if update.callback_query is None:
        return
    text = t_plain(key, context.language, **values) if key else None
    # An old query cannot be answered any more; nothing to tell
    with contextlib.suppress(TelegramError):
        await update.callback_query.answer(text)


class _WhileDrafting(BaseHandler[Update, BotContext, Any]):
    """`handler`, applied only while its sender's `user_data` is as `applies` wants it: a
    state's handlers while the sender has the journey's draft (after a job ended the draft, the
    conversation's state lets every update through to the other handlers); an entry point
    while the sender has no other journey's draft (that journey's step answers instead)."""

    __slots__ = ("_applies", "_handler", "_user_data")

    def __init__(
        self, handler: Handler, user_data: Mapping[int, dict[str, Any]], applies: Callable[[dict[str, Any]], bool]
    ) -> None:
        super().__init__(handler.callback, block=handler.block)
        self._handler = handler
        self._user_data = user_data
        self._applies = applies

    def check_update(self, update: object) -> Any:
        user = update.effective_user if isinstance(update, Update) else None
        if user is None or not self._applies(self._user_data.get(user.id, {})):
            return None
        return self._handler.check_update(update)

    async def handle_update(
        self,
        update: Update,
        application: Application[Any, Any, Any, Any, Any, Any],
        check_result: Any,
        context: BotContext,
    ) -> Any:
        return await self._handler.handle_update(update, application, check_result, context)
