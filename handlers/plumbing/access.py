"""Role checks for handlers. A refused command gets the same answer as an unknown command,
so nobody learns that a command of another role exists."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update

from bot.domain import Role
from bot.texts import t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]


def guard(callback: Callback, roles: frozenset[Role], *, strangers: bool = False) -> Callback:
    """Let only active people with one of `roles` (and strangers, if `strangers`) run the
    callback; the others get a refusal and the callback's result is None."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> Any:
        person = context.person
        if person is None and strangers:
            return await callback(update, context)
        if person is None or person.role not in roles:
            if update.callback_query is not None:
                # A button (old, or forged): answer it so its spinner stops, and say no more.
                await update.callback_query.answer(t_plain("button.not_available", context.language))
            else:
                await reply(update, context, "unknown_command")
            return None
        return await callback(update, context)

    return guarded


def for_roles(*roles: Role) -> Callable[[Callback], Callback]:
    """Decorate a button's callback with `guard` (commands are guarded by their declaration)."""
    return lambda callback: guard(callback, frozenset(roles))
