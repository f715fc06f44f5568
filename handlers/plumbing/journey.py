"""What the step-by-step conversations (the visit report, /kpmbaru) share: each belongs to one
role and keeps a draft in `user_data`. A step runs only while its sender still has the role and
the draft: someone deactivated or moved to another role mid-way, or whose draft was ended
(idle, or a crash that saved the state half-way), is told so and the conversation ends."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler, ConversationHandler

from bot.domain import Role
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply

Step = Callable[[Update, BotContext], Coroutine[Any, Any, int]]


@dataclass(frozen=True)
class Journey:
    role: Role
    draft_key: str
    # Forgets the draft (and what it saved) when the journey ends without finishing.
    abandon: Callable[[BotContext], Awaitable[None]]
    # What someone who no longer has the role is told (strangers are told how to join).
    refusal_key: str
    # What the person is told when their draft is gone (ended while idle, or lost in a crash).
    ended_key: str

    def step(self, callback: Step) -> Step:
        """Run `callback` only while its sender has the journey's role and draft."""

        @functools.wraps(callback)
        async def guarded(update: Update, context: BotContext) -> int:
            person = context.person
            drafting = context.user_data is not None and self.draft_key in context.user_data
            if person is not None and person.role is self.role and drafting:
                return await callback(update, context)
            await self.abandon(context)
            if update.callback_query is not None:
                await update.callback_query.answer()
            if person is None:
                await reply(update, context, "stranger.start")
            else:
                await reply(update, context, self.ended_key if person.role is self.role else self.refusal_key)
            return ConversationHandler.END

        return guarded

    def while_drafting(
        self, handler: BaseHandler[Update, BotContext, Any], user_data: Mapping[int, dict[str, Any]]
    ) -> BaseHandler[Update, BotContext, Any]:
        """`handler`, applied only while its sender has a draft: after a job ended the draft,
        the conversation's state lets every update through to the other handlers."""
        return _WhileDrafting(handler, user_data, self.draft_key)


class _WhileDrafting(BaseHandler[Update, BotContext, Any]):
    __slots__ = ("_draft_key", "_handler", "_user_data")

    def __init__(
        self, handler: BaseHandler[Update, BotContext, Any], user_data: Mapping[int, dict[str, Any]], draft_key: str
    ) -> None:
        super().__init__(handler.callback, block=handler.block)
        self._handler = handler
        self._user_data = user_data
        self._draft_key = draft_key

    def check_update(self, update: object) -> Any:
        user = update.effective_user if isinstance(update, Update) else None
        if user is None or self._draft_key not in self._user_data.get(user.id, {}):
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
