"""Telegram Mini App launch data (`initData`), checked as Telegram documents it
(core.telegram.org/bots/webapps, "Validating data received via the Mini App").

Telegram signs the launch data with a key derived from the bot's token:
`secret_key = HMAC_SHA256(key="WebAppData", msg=token)`, then
`hash = hex(HMAC_SHA256(key=secret_key, msg=data_check_string))`, where the data-check string
is every field but `hash`, as `key=value`, sorted by key and joined by newlines. Whoever does
not hold the token cannot make a `hash` that matches, so a valid one proves the user and the
time Telegram put in it.

Written here rather than taken from a package: the packages that do it (telegram-webapp-auth,
init-data-py, telegram-init-data) are one-person projects outside PyPI's 15,000 most
downloaded, and the maintained one pulls in `cryptography` for the third-party Ed25519 check
the bot does not need; aiogram has a helper, inside a second bot framework. The algorithm is the
dozen lines below, tested against data signed the same way (tests/test_dashboard_auth.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import parse_qsl

# Telegram's launch data is a few hundred bytes; anything far bigger is not from Telegram.
MAX_LENGTH = 4096
# A launch dated this far in the future is not believed either (clocks differ a little).
CLOCK_SKEW_S = 60


@dataclass(frozen=True)
class LaunchData:
    telegram_user_id: int
    auth_date: int
    signature: str  # the `hash`: one launch, whose second use is a replay


class InvalidLaunch(Exception):
    """Forged, altered, expired or malformed launch data; the reason is for the log."""


def secret_key(token: str) -> bytes:
    return hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()


def sign(fields: dict[str, str], token: str) -> str:
    """The `hash` Telegram puts in launch data with these fields."""
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    return hmac.new(secret_key(token), check.encode(), hashlib.sha256).hexdigest()


def validate(init_data: str, token: str, *, now: int, max_age_s: int) -> LaunchData:
    """The user and time of `init_data` if Telegram signed it with this bot's token within
    `max_age_s`; `InvalidLaunch` otherwise."""
    if not init_data or len(init_data) > MAX_LENGTH:
        raise InvalidLaunch("missing or too long")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise InvalidLaunch("not a query string") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InvalidLaunch("a field repeats")
    given = fields.pop("hash", "")
    if not hmac.compare_digest(given.encode(), sign(fields, token).encode()):
        raise InvalidLaunch("signature does not match")
    try:
        auth_date = int(fields["auth_date"])
        user = json.loads(fields["user"])
        user_id = int(user["id"])
    except (KeyError, ValueError, TypeError):
        raise InvalidLaunch("no user or date") from None
    if auth_date > now + CLOCK_SKEW_S:
        raise InvalidLaunch("dated in the future")
    if now - auth_date > max_age_s:
        raise InvalidLaunch("expired")
    return LaunchData(user_id, auth_date, given)
