"""Logs are one JSON object per line and never contain the bot token."""

from __future__ import annotations

import json
import logging

from bot.logs import JsonFormatter

TOKEN = "123456789:AAExampleTokenValue0123456789abcdefgh"


def format_record(message: str, *args: object, exc: BaseException | None = None) -> dict[str, object]:
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, message, args, (type(exc), exc, exc.__traceback__) if exc else None
    )
    record.update_id = 77
    line = JsonFormatter([TOKEN]).format(record)
    assert "\n" not in line
    return json.loads(line)


def test_token_in_a_url_is_redacted() -> None:
    entry = format_record("HTTP Request: POST https://api.telegram.org/bot%s/getUpdates", TOKEN)
    assert TOKEN not in json.dumps(entry)
    assert "[REDACTED]" in str(entry["event"])
    assert entry["update_id"] == 77


def test_token_in_a_traceback_is_redacted() -> None:
    try:
        raise RuntimeError(f"failed calling bot{TOKEN}/sendMessage")
    except RuntimeError as error:
        entry = format_record("handler failed", exc=error)
    assert TOKEN not in json.dumps(entry)
    assert "RuntimeError" in str(entry["exception"])


def test_any_token_shaped_string_is_redacted_even_if_not_configured() -> None:
    other = "987654321:AAOtherTokenValue0123456789abcdefghij"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, other, (), None)
    assert other not in JsonFormatter().format(record)
