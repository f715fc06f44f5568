"""The bot's HTTP client (aiohttp) against the local Bot API stand-in over real HTTP: JSON bodies,
uploads, downloads, and Telegram's refusals and silences become PTB's errors."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, RetryAfter, TelegramError, TimedOut

from bot.app.demo.bot_api import ApiCall, BotApiStandIn, ChatUser, Refusal, serve
from handlers.plumbing.http import MIN_UPLOAD_RATE, AiohttpRequest, read_json, upload_budget
from handlers.plumbing.rate_limits import retry_after_s
from tests.support.harness import TEST_TOKEN

USER = ChatUser(5001, "Siti")


@dataclass
class Served:
    api: BotApiStandIn
    bot: Bot


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    api = BotApiStandIn(TEST_TOKEN)
    api.open_chat(USER)
    async with serve(api) as root:
        base_url, base_file_url = api.urls(root)
        bot = Bot(TEST_TOKEN, base_url=base_url, base_file_url=base_file_url, request=AiohttpRequest(read_timeout=2))
        async with bot:
            yield Served(api, bot)


async def test_a_message_with_a_keyboard_arrives_as_sent(served: Served) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Kirim", callback_data="rep:send")]])
    sent = await served.bot.send_message(USER.id, "<b>Ringkasan</b> & catatan “ok”", reply_markup=markup)

    [message] = [m for m in served.api.chat(USER.id).messages if m.from_bot]
    assert message.message_id == sent.message_id
    assert message.payload["text"] == "<b>Ringkasan</b> & catatan “ok”"
    assert message.inline_keyboard == [[{"text": "Kirim", "callback_data": "rep:send"}]]


async def test_an_upload_and_a_download_keep_every_byte(served: Served) -> None:
    content = bytes(range(256)) * 300
    sent = await served.bot.send_document(USER.id, content, filename="laporan.xlsx", caption="Rekap")
    assert sent.document is not None and sent.caption == "Rekap"

    file = await served.bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == content


async def test_a_429_is_retry_after_with_its_wait(served: Served) -> None:
    async def flood(call: ApiCall) -> Refusal | None:
        return Refusal.too_many_requests(7)

    served.api.gate = flood
    with pytest.raises(RetryAfter) as refused:
        await served.bot.send_message(USER.id, "halo")
    assert retry_after_s(refused.value) == 7.0


async def test_a_silent_server_is_a_timeout(served: Served) -> None:
    async def silent(call: ApiCall) -> Refusal | None:
        await asyncio.sleep(5)
        return None

    served.api.gate = silent
    with pytest.raises(TimedOut):
        await served.bot.send_message(USER.id, "halo", read_timeout=0.2)


async def test_an_unreachable_server_is_a_network_error() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    request = AiohttpRequest(connect_timeout=1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{port}/bot{TEST_TOKEN}/getMe")
    finally:
        await request.shutdown()


async def test_a_slow_new_connection_has_the_connect_timeout_not_only_the_pool_timeout() -> None:
    # PTB's pool timeout is the wait for a free connection and its connect timeout the making of a
    # new one; aiohttp's `connect` bounds both together, so it is their sum.
    api = BotApiStandIn(TEST_TOKEN)
    async with serve(api) as root:
        request = AiohttpRequest(pool_timeout=0.1, connect_timeout=5)
        await request.initialize()
        try:
            assert request._session is not None and isinstance(request._session.connector, aiohttp.TCPConnector)
            resolver = request._session.connector._resolver
            resolve = resolver.resolve

            async def slow_resolve(host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> Any:
                await asyncio.sleep(0.3)  # a new connection on a weak network
                return await resolve(host, port, family)

            resolver.resolve = slow_resolve  # type: ignore[method-assign]
            url = root.replace("127.0.0.1", "localhost")
            status, _ = await request.do_request(f"{url}/bot{TEST_TOKEN}/getMe", "POST")
            assert status == 200
        finally:
            await request.shutdown()


def test_a_large_upload_gets_time_in_proportion_to_its_size() -> None:
    part = {"document": ("kpm-salah-bagian-1.csv", bytes(45_000_000), "text/csv")}
    photo = {"photo": ("foto.jpg", bytes(200_000), "image/jpeg")}

    assert upload_budget(part, 20.0) == pytest.approx(45_000_000 / MIN_UPLOAD_RATE)  # ~23 minutes
    assert upload_budget(photo, 20.0) == 20.0, "a small file keeps the media write timeout"
    assert upload_budget(part, None) is None, "no timeout stays no timeout"


def test_answers_are_read_as_ptb_reads_them() -> None:
    answer = {"ok": True, "result": {"text": "Siti 🏠"}}
    assert read_json(json.dumps(answer).encode()) == answer
    bad_bytes = read_json(b'{"ok": true, "result": "Siti \xff"}')
    assert bad_bytes == {"ok": True, "result": "Siti \ufffd"}, "replaced, as PTB does"
    with pytest.raises(TelegramError, match="Invalid server response"):
        read_json(b"<html>502 Bad Gateway</html>")
