"""The demo without a browser: the page's JSON API against the demo's real bot, in this process
(the browser test, tests/test_demo_browser.py, needs Chromium)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app.demo.run import DEMO_PEOPLE, run_demo

COORDINATOR, COMPANION = 1002, 1003


class Demo:
    def __init__(self, client: httpx.AsyncClient, folder: Path) -> None:
        self.client = client
        self.folder = folder

    async def chat(self, user_id: int) -> dict[str, Any]:
        return (await self.client.get(f"/demo/chat/{user_id}", params={"since": -1})).json()["chat"]

    async def until(self, user_id: int, condition: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        version = -1
        for _ in range(100):
            answer = (await self.client.get(f"/demo/chat/{user_id}", params={"since": version})).json()
            if condition(answer["chat"]):
                return answer["chat"]
            version = answer["version"]
        raise AssertionError(f"chat {user_id} never changed as expected")


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[Demo]:
    stop = asyncio.Event()
    lines: list[str] = []
    task = asyncio.create_task(run_demo(0, stop, tmp_path / "demo", ready=lines.append))
    while not lines:
        await asyncio.sleep(0.05)
        if task.done():
            task.result()
    root = lines[0].split("open ", 1)[1].split(" ", 1)[0]
    try:
        async with httpx.AsyncClient(base_url=root, timeout=30) as client:
            yield Demo(client, tmp_path / "demo")
    finally:
        stop.set()
        await task


async def test_everyone_started_the_bot_and_the_page_is_served(demo: Demo) -> None:
    page = await demo.client.get("/")
    assert "leaflet" in page.text and (await demo.client.get("/leaflet/leaflet.js")).status_code == 200
    assert (await demo.client.get("/static/../run.py")).status_code == 404
    people = (await demo.client.get("/demo/people")).json()["people"]
    assert [person["id"] for person in people] == [person.user.id for person in DEMO_PEOPLE]
    chat = await demo.until(COMPANION, lambda chat: any(m["from_bot"] for m in chat["messages"]))
    assert chat["reply_keyboard"] is not None  # the companion's main menu
    households = (await demo.client.get(f"/demo/households/{COMPANION}")).json()
    assert len(households) > 10
    with sqlite3.connect(demo.folder / "jamsosratu-demo.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM visits").fetchone()[0] > 0


async def test_the_digest_button_sends_the_coordinator_a_workbook_and_a_chart(demo: Demo) -> None:
    answer = (await demo.client.post("/demo/run/digest")).json()
    assert answer["sent"] == 1
    chat = await demo.until(COORDINATOR, lambda chat: any("photo" in m["payload"] for m in chat["messages"]))
    (document,) = [m["payload"]["document"] for m in chat["messages"] if "document" in m["payload"]]
    assert document["file_name"].endswith(".xlsx")
    download = await demo.client.get(f"/demo/files/{document['file_id']}", params={"download": 1})
    assert download.content.startswith(b"PK") and "attachment" in download.headers["content-disposition"]
    assert (await demo.client.post("/demo/run/digest")).json()["sent"] == 0  # once per period, as in production


async def test_a_typed_command_and_a_pressed_button_reach_the_bot(demo: Demo) -> None:
    await demo.until(COMPANION, lambda chat: any(m["from_bot"] for m in chat["messages"]))
    await demo.client.post(f"/demo/chat/{COMPANION}/text", json={"text": "/lapor"})
    await demo.until(COMPANION, lambda chat: "lokasi langsung" in str(chat["messages"][-1]["payload"].get("text")))
    location = (
        await demo.client.post(
            f"/demo/chat/{COMPANION}/location", json={"lat": -6.1, "lon": 106.1, "live_period": 900, "accuracy": 9}
        )
    ).json()
    chat = await demo.until(COMPANION, lambda chat: bool(chat["messages"][-1]["inline_keyboard"]))
    moved = await demo.client.post(
        f"/demo/chat/{COMPANION}/move", json={"message_id": location["message_id"], "lat": -6.1001, "lon": 106.1}
    )
    assert moved.json()["location"]["latitude"] == -6.1001
    listing = chat["messages"][-1]
    button = listing["inline_keyboard"][0][0]
    await demo.client.post(
        f"/demo/chat/{COMPANION}/press", json={"message_id": listing["message_id"], "data": button["callback_data"]}
    )
    await demo.until(COMPANION, lambda chat: chat["messages"][-1]["message_id"] > listing["message_id"])
