"""Fetching updates: one update the library cannot read must not stop the bot for everyone,
nor a storm of failed polls keep it deaf, nor an unanswerable button press stop its work.

PTB reads a whole getUpdates answer at once; one update it cannot parse (e.g. a poll lacking a
field PTB requires, as an older self-hosted Bot API server sends) fails the whole batch, logs
the batch's content and fetches the same offset again, forever. Here, when PTB fails to read a
batch, the same batch is fetched once more and checked update by update before PTB reads it:
an unreadable update is logged once, by id and size (never its content: it may hold personal
data; PTB's own log of the batch is dropped), and replaced by a bare update of the same id,
which the bot acknowledges and skips like any other, so polling moves past it. A batch PTB
reads is read once (checking every batch read each update twice, ~7 % of the bot's CPU).

A failed getUpdates (a 429, a server error, no connection) is waited out here, at most
`POLL_RETRY_MAX_S`, and the poll repeated: PTB's polling loop (`network_retry_loop`, with no
parameter for it) waits 1.5 times longer after each failure up to 30 s, and after a 429 its
whole `retry_after` first, so once Telegram was back the bot could stay deaf for half a minute or
more (issue 20: ~3.3 minutes after a storm). A 429's wait is capped too: a poll repeated early
costs one more refused request, a late one leaves every companion unanswered. After a timeout
PTB polls again at once, as before.

Answering a button press only stops the button's spinner: a failure to answer it is logged and
the handler goes on. After downtime Telegram refuses the answer to an old press ("query is too
old", a 400), and a coordinator's review decision was then never recorded (issue 20).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from typing import Any

from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import ExtBot
from telegram.request import BaseRequest, RequestData

from handlers.plumbing.http import read_json
from handlers.plumbing.rate_limits import retry_after_s

log = logging.getLogger(__name__)
# PTB's message when it cannot read a batch; its argument is the batch, personal data included.
_PTB_BATCH_ERROR = "Error while parsing updates!"
# The wait after a failed getUpdates: the first, how much longer each next one, the longest.
POLL_RETRY_FIRST_S = 1.0
POLL_RETRY_GROWTH = 1.5
POLL_RETRY_MAX_S = 5.0


class ScreeningBot(ExtBot[Any]):
    """The bot, reading a batch with an unreadable update by screening it, waiting out a failed
    poll itself, and going on when a press cannot be answered (see the module)."""

    def __init__(
        self,
        token: str,
        *,
        get_updates_request: BaseRequest,
        polling_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        **kwargs: Any,
    ) -> None:
        self._screen = UpdateScreen(get_updates_request)
        self._polling_sleep = polling_sleep
        self._poll_retry_s = 0.0  # the last wait after a failed poll; 0 after a poll that worked
        super().__init__(token, get_updates_request=self._screen, **kwargs)
        if not any(isinstance(known, _DropBatchLog) for known in self._LOGGER.filters):
            self._LOGGER.addFilter(_DropBatchLog())

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        try:
            updates = await self._screened_updates(*args, **kwargs)
        except (TimedOut, BadRequest):
            raise  # polled again at once by PTB; a refusal is no outage
        except (RetryAfter, NetworkError) as exc:
            wait = self._next_poll_retry(exc)
            log.warning("getUpdates failed; polling again", extra={"retry_in_s": wait, "error": str(exc)})
            await self._polling_sleep(wait)
            return ()  # PTB polls again at once after a poll that brought nothing
        self._poll_retry_s = 0.0
        return updates

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        """Answer a button press; whether Telegram took the answer (a failure is logged only)."""
        try:
            return await super().answer_callback_query(*args, **kwargs)
        except TelegramError as exc:
            log.info("button press not answered", extra={"error": str(exc)})
            return False

    def _next_poll_retry(self, error: TelegramError) -> float:
        if isinstance(error, RetryAfter):
            wait = retry_after_s(error)
        elif self._poll_retry_s:
            wait = self._poll_retry_s * POLL_RETRY_GROWTH
        else:
            wait = POLL_RETRY_FIRST_S
        self._poll_retry_s = min(wait, POLL_RETRY_MAX_S)
        return self._poll_retry_s

    async def _screened_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        try:
            return await super().get_updates(*args, **kwargs)
        except TelegramError:
            raise
        except Exception:  # noqa: BLE001 - whatever PTB raised reading the batch
            # Not acknowledged yet: the same updates come again, screened this time.
            with self._screen.screening():
                return await super().get_updates(*args, **kwargs)


class _DropBatchLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_PTB_BATCH_ERROR)


class UpdateScreen(BaseRequest):
    """The HTTP layer of getUpdates: `inner` does the requests; while `screening()`, answers are
    checked update by update."""

    parse_json_payload = staticmethod(read_json)

    def __init__(self, inner: BaseRequest) -> None:
        self._inner = inner
        self._screening = False
        self._reported: set[int | None] = set()

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    @contextmanager
    def screening(self) -> Iterator[None]:
        self._screening = True
        try:
            yield
        finally:
            self._screening = False

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        code, payload = await self._inner.do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if not self._screening or code != HTTPStatus.OK:
            return code, payload
        data = self.parse_json_payload(payload)
        result = data.get("result")
        if not data.get("ok") or not isinstance(result, list):
            return code, payload
        readable = [update for item in result if (update := self._readable(item)) is not None]
        return code, json.dumps({**data, "result": readable}).encode()

    def _readable(self, item: Any) -> Any:
        """`item` if PTB can read it, else a bare update with its id (None without one)."""
        try:
            Update.de_json(item, None)
        except Exception:  # noqa: BLE001 - whatever PTB raises, the update is unreadable
            update_id = item.get("update_id") if isinstance(item, dict) else None
            if update_id not in self._reported:
                self._reported.add(update_id if isinstance(update_id, int) else None)
                size = len(json.dumps(item, ensure_ascii=False).encode())
                log.error("update skipped: it cannot be read", extra={"update_id": update_id, "size_bytes": size})
            return {"update_id": update_id} if isinstance(update_id, int) else None
        return item
