"""Invitation links as the bot writes them, and the token each carries."""

from __future__ import annotations

import re

from tests.support.harness import BOT_USERNAME, BotResponse

LINK = re.compile(rf"https://t\.me/{BOT_USERNAME}\?start=([A-Za-z0-9_-]+)")


def token_of(answer: BotResponse) -> str:
    match = LINK.search(answer.text)
    assert match, answer.text
    return match[1]
