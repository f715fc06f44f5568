"""The buttons the running application answers, read from its handlers' patterns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from handlers.plumbing.buttons import ID
from tests.support.harness import BotHarness


def callback_patterns(handlers: list[BaseHandler[Any, Any, Any]]) -> Iterator[str]:
    """The pattern of every button handler, conversations' entry points, states and fallbacks included."""
    for handler in handlers:
        handler = getattr(handler, "_handler", handler)  # a journey's step, applied while drafting
        if isinstance(handler, ConversationHandler):
            for inner in (handler.entry_points, *handler.states.values(), handler.fallbacks):
                yield from callback_patterns(list(inner))
        elif isinstance(handler, CallbackQueryHandler) and isinstance(handler.pattern, re.Pattern):
            yield handler.pattern.pattern
        else:
            assert not isinstance(handler, CallbackQueryHandler) or handler.pattern is None, "a pattern to read"


def button_shapes(pattern: str) -> list[str]:
    """The data `pattern` accepts, its number as `{id}` (a prefix-only pattern: `{id}` after it)."""
    text = re.sub(r"\(:\[0-9\]\)\?", "", pattern.removeprefix("^"))  # an optional ":<digit>" tail
    group = re.search(r"\(([^()]+)\)", text)
    shapes = [text.replace(group.group(0), choice) for choice in group.group(1).split("|")] if group else [text]
    shapes = [
        shape.removesuffix("$").replace(ID, "{id}") if shape.endswith("$") else shape + "{id}" for shape in shapes
    ]
    assert not [shape for shape in shapes if re.search(r"[\\\[\]()*+?|^$]", shape)], f"cannot read {pattern}"
    return shapes


def registered_patterns(bot: BotHarness) -> list[str]:
    """Every button pattern the running application matches."""
    registered = [handler for group in bot.app.handlers.values() for handler in group]
    return sorted(set(callback_patterns(registered)))
