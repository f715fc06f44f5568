"""/batal outside a conversation asks whatever the sender has in progress to cancel itself.

A conversation under way takes /batal itself (its states come first, see `handlers.routes`);
what is left is registered here in `handlers.routes`: a rejection waiting for its reason, a
spreadsheet check running in the background, a draft a crash separated from its conversation.
Each cancellable says what it cancelled and returns whether it had anything to cancel."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from telegram import Update

from handlers.plumbing.access import Callback
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply

Cancellable = Callable[[Update, BotContext], Awaitable[bool]]


def cancel_command(cancellables: Sequence[Cancellable]) -> Callback:
    """/batal's callback: every cancellable, in order; "nothing to cancel" when none had anything."""

    async def cancel(update: Update, context: BotContext) -> None:
        """Cancel whatever the sender has in progress."""
        cancelled = [await cancellable(update, context) for cancellable in cancellables]
        if not any(cancelled):
            await reply(update, context, "cancel.nothing")

    return cancel
