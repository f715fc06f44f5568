"""Role checks for handlers. A refused command gets the same answer as an unknown command,
so nobody learns that a command of another role exists."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Update

from bot.texts import t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply
from storage.models import Role

Callback = TypeVar("Callback", bound=Callable[..., Awaitable[Any]])


def for_roles(*roles: Role) -> Callable[[Callback], Callback]:
    """Let only active people with one of `roles` run the callback; returns None otherwise."""

    def decorate(callback: Callback) -> Callback:
        @functools.wraps(callback)
        async def guarded(update: Update, context: BotContext) -> Any:
            person = await context.person(update)
            if person is None or person.role not in roles:
                if update.callback_query is not None:
                    # A button (old, or forged): answer it so its spinner stops, and say no more.
                    await update.callback_query.answer(t_plain("button.not_available", await context.language(update)))
                else:
                    await reply(update, context, "unknown_command")
                return None
            return await callback(update, context)

        return guarded  # type: ignore[return-value]

    return decorate
