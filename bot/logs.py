"""Structured logging: one JSON object per line on stderr, with the bot token redacted
everywhere (HTTP libraries write request URLs, which contain the token, and tracebacks may too), and
every NIK or KK number masked: at DEBUG, PTB logs the updates it receives and the messages it
sends (an admin's /kpm card has the full numbers) and aiosqlite the parameters of every
statement. The formatter's redaction is the one place both happen, on the whole line."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime

from bot.rules.households import mask_number

# A Bot API token: bot id, colon, 35 characters.
_TOKEN_PATTERN = re.compile(r"\d{6,12}:[A-Za-z0-9_-]{30,}")
# A NIK or KK number: 16 digits standing alone, perhaps typed in groups ("3604 0145 …");
# Telegram ids and Unix times are shorter. DTKS ids have 16 digits too and are masked alike.
_PERSONAL_NUMBER = re.compile(r"(?<!\d)\d(?:[ .-]?\d){15}(?!\d)")
_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if secret]

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _STANDARD_ATTRS})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return self.redact(json.dumps(entry, ensure_ascii=False, default=str))

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[REDACTED]")
        text = _TOKEN_PATTERN.sub("[REDACTED]", text)
        return mask_personal_numbers(text)


def mask_personal_numbers(text: str) -> str:
    """Every 16-digit number in `text` (a NIK, a KK, or a DTKS id) as 3604********0012."""
    return _PERSONAL_NUMBER.sub(lambda match: mask_number(re.sub(r"\D", "", match.group())) or "", text)


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
