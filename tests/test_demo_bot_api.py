"""The local Bot API stand-in: the real bot, polling over real HTTP, talks to it as to Telegram."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from PIL import Image

from bot.app.demo.bot_api import ApiCall, BotApiStandIn, ChatUser, Refusal, serve
from bot.domain import NewHousehold, Role
from tests.support.harness import TEST_TOKEN
from tests.support.live_bot import LiveBot, live_bot
from tests.support.report import HOME


@pytest.fixture
async def live(tmp_path: Path) -> AsyncIterator[LiveBot]:
    async with live_bot(tmp_path) as bot:
        yield bot


async def test_a_stranger_gets_the_public_menu_and_an_answer(live: LiveBot) -> None:
    stranger = ChatUser(4242, "Asing")
    live.api.send_text(stranger, "/start")
    (answer,) = await live.answer(stranger)
    assert answer.payload["text"] and "<" not in answer.payload["text"]  # HTML parsed like Telegram does
    assert answer.html is not None
    assert any(command["command"] == "start" for command in live.api.commands_for(stranger.id, "id"))
    assert {call.method for call in live.api.calls} >= {"getMe", "setMyCommands", "sendMessage"}


async def test_a_companion_shares_a_live_location_presses_buttons_and_uploads_a_photo(live: LiveBot) -> None:
    user = ChatUser(5151, "Pendamping")
    companion = await live.services.people.create(
        telegram_user_id=user.id, full_name="Pendamping", role=Role.COMPANION, region_codes=("3604",)
    )
    household = NewHousehold(
        dtks_id="3604000000000001", head_name="Siti", region_code="3604", latitude=HOME[0], longitude=HOME[1]
    )
    await live.services.households.add(replace(household, companion_id=companion.id), actor_id=None)
    live.api.send_text(user, "/lapor")
    await live.answer(user)
    keyboard = live.api.chat(user.id).reply_keyboard
    assert keyboard is not None and keyboard["keyboard"]  # the reply keyboard the bot set is the one shown

    location = live.api.send_location(user, *HOME, live_period=900, accuracy=12)
    [households] = await live.answer(user)  # what was received and the households, one message
    assert "Lokasi langsung diterima" in households.payload["text"]
    live.api.move_live_location(user, location["message_id"], HOME[0] + 0.0001, HOME[1], accuracy=8)
    assert households.inline_keyboard is not None
    choice = next(b for row in households.inline_keyboard for b in row if "Siti" in b["text"])
    calls = len(live.api.calls)
    live.api.press(user, households.message_id, choice["callback_data"])
    await live.until(lambda: any(c.method == "answerCallbackQuery" for c in live.api.calls[calls:]))
    await live.until(lambda: any(c.method == "sendMessage" for c in live.api.calls[calls:]))

    picture = io.BytesIO()
    Image.new("RGB", (32, 24), "green").save(picture, "JPEG")
    sent = live.api.send_photo(user, picture.getvalue())
    file_id = sent["photo"][0]["file_id"]
    assert sent["photo"][0]["width"] == 32
    await live.answer(user)
    async with httpx.AsyncClient() as client:
        path = (await client.get(f"{live.root}/bot{TEST_TOKEN}/getFile", params={"file_id": file_id})).json()
        download = await client.get(f"{live.root}/file/bot{TEST_TOKEN}/{path['result']['file_path']}")
    assert download.content == picture.getvalue()


async def test_the_bot_asks_telegram_only_for_the_updates_it_serves(live: LiveBot) -> None:
    polls: list[ApiCall] = []

    async def record(call: ApiCall) -> Refusal | None:
        polls.append(call)
        return None

    live.api.updates_gate = record
    await live.until(lambda: bool(polls))
    assert polls[0].params["allowed_updates"] == ["message", "edited_message", "callback_query", "my_chat_member"]


async def test_a_gate_refuses_with_retry_after_and_the_bot_retries(live: LiveBot) -> None:
    refused: list[ApiCall] = []

    async def once_too_many(call: ApiCall) -> Refusal | None:
        if call.method == "sendMessage" and not refused:
            refused.append(call)
            return Refusal.too_many_requests(1)
        return None

    live.api.gate = once_too_many
    stranger = ChatUser(4343, "Asing")
    live.api.send_text(stranger, "/start")
    (answer,) = await live.answer(stranger)
    assert answer.payload["text"]
    assert [call.status for call in live.api.calls if call.method == "sendMessage"] == [429, 200]


async def test_telegram_refusals_are_reproduced() -> None:
    api = BotApiStandIn(TEST_TOKEN)
    user = ChatUser(77, "Siti")
    api.open_chat(user)
    async with serve(api) as root, httpx.AsyncClient() as client:
        url = f"{root}/bot{TEST_TOKEN}"
        bad_html = await client.post(
            f"{url}/sendMessage", data={"chat_id": "77", "text": "<x>a</x>", "parse_mode": "HTML"}
        )
        unknown_chat = await client.post(f"{url}/sendMessage", json={"chat_id": 78, "text": "halo"})
        sent = await client.post(f"{url}/sendMessage", json={"chat_id": 77, "text": "123"})
        same = await client.post(f"{url}/editMessageText", json={"chat_id": 77, "message_id": 1, "text": "123"})
        wrong_token = await client.post(f"{root}/bot1:other/getMe")
        document = await client.post(
            f"{url}/sendDocument", data={"chat_id": "77"}, files={"document": ("a.csv", b"x,y\n", "text/csv")}
        )
    assert bad_html.status_code == 400 and "unsupported start tag" in bad_html.json()["description"]
    assert unknown_chat.status_code == 400 and "chat not found" in unknown_chat.json()["description"]
    assert sent.json()["result"]["text"] == "123"
    assert same.status_code == 400 and "not modified" in same.json()["description"]
    assert wrong_token.status_code == 401
    stored = document.json()["result"]["document"]
    assert stored["file_name"] == "a.csv" and api.files[stored["file_id"]].content == b"x,y\n"
