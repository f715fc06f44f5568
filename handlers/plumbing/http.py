"""The bot's HTTP client for the Bot API: aiohttp instead of PTB's default httpx.

Measured over HTTP (`bench/http_load.py`, py-spy on the bot), httpx with httpcore and anyio
took a third of the bot's CPU, most of it in httpcore's connection pool and anyio's stream
layers: 2.3 ms of CPU per `send_message` against 0.4 ms through aiohttp (`bench/http_calls.py`).
The bot makes one or two calls per update, so this was the largest single cost of an update.
Parameters go as one JSON body (multipart with files), and JSON is written and read with orjson:
the standard library's encoder and decoder were ~5 % of the bot's CPU (every update's answer,
every call's request and answer).
"""

from __future__ import annotations

from typing import Any

import aiohttp
import orjson
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

USER_AGENT = BaseRequest.USER_AGENT
_DEFAULT = type(BaseRequest.DEFAULT_NONE)  # PTB's mark of a timeout the call left unset
_JSON = {"Content-Type": "application/json"}
MIN_UPLOAD_RATE = 32_000  # bytes a second: a poor office or mobile line (256 kbit/s)


def read_json(payload: bytes) -> Any:
    """A Bot API answer as PTB's `parse_json_payload` reads it, through orjson."""
    try:
        return orjson.loads(payload)
    except orjson.JSONDecodeError:
        # Invalid UTF-8 or JSON: PTB's own reading replaces bad bytes, or says what is wrong.
        return BaseRequest.parse_json_payload(payload)


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on one aiohttp session (a pool of keep-alive connections)."""

    parse_json_payload = staticmethod(read_json)

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector, headers={"User-Agent": USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data is not None else None
        write = upload_budget(files, self._media_write_timeout) if files else self._write_timeout
        timeout = aiohttp.ClientTimeout(
            # aiohttp has no write timeout of its own: the whole request is bounded by both.
            total=_sum(_value(read_timeout, self._read_timeout), _value(write_timeout, write)),
            # aiohttp's `connect` covers the wait for a free connection and the making of a new one.
            connect=_sum(_value(pool_timeout, self._pool_timeout), _value(connect_timeout, self._connect_timeout)),
            sock_connect=_value(connect_timeout, self._connect_timeout),
            sock_read=_value(read_timeout, self._read_timeout),
        )
        # Parameters go as one JSON body (as the Bot API accepts them), not a URL-encoded form:
        # encoding a form, keyboards quoted character by character, cost more than the rest of a call.
        body: aiohttp.FormData | bytes | None = None
        headers = None
        if request_data is not None and files:
            body = _multipart(request_data, files)
        elif request_data is not None:
            body, headers = orjson.dumps(request_data.parameters), _JSON
        try:
            async with self._session.request(method, url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{exc.__class__.__name__}: {exc}") from exc


def upload_budget(files: dict[str, Any], media_write_timeout: float | None) -> float | None:
    """Seconds for sending `files`: aiohttp bounds the whole request, not each chunk as httpx did,
    so a fixed budget would cut a large upload (a 45 MB part of an import's invalid rows) on a slow
    office line. At least `media_write_timeout`, more for a file that needs it at MIN_UPLOAD_RATE."""
    if media_write_timeout is None:
        return None
    size = sum(len(content) for _, content, _ in files.values() if isinstance(content, bytes | bytearray))
    return max(media_write_timeout, size / MIN_UPLOAD_RATE)


def _multipart(request_data: RequestData, files: dict[str, Any]) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (file_name, content, mime_type) in files.items():
        form.add_field(name, content, filename=file_name, content_type=mime_type)
    return form


def _value(given: Any, default: float | None) -> float | None:
    """A timeout passed to the call, or the default when the call left it unset."""
    return default if isinstance(given, _DEFAULT) else given


def _sum(first: float | None, second: float | None) -> float | None:
    return None if first is None or second is None else first + second
