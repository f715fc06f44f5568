"""The demo without a browser: the page's JSON API against the demo's real bot, in this process
(the browser test, tests/test_demo_browser.py, needs Chromium)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app.demo.run import DEMO_PEOPLE, run_demo
from bot.config import ProgrammeConfig, Settings, load_settings
from bot.regions import province

ROOT = Path(__file__).resolve().parent.parent
ADMIN, COORDINATOR, COMPANION, NEWCOMER = 1001, 1002, 1003, 1005


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


@contextlib.asynccontextmanager
async def running_demo(folder: Path, base: Settings | None = None) -> AsyncIterator[Demo]:
    stop = asyncio.Event()
    lines: list[str] = []
    task = asyncio.create_task(run_demo(0, stop, folder, ready=lines.append, base=base))
    while not lines:
        await asyncio.sleep(0.05)
        if task.done():
            task.result()
    root = lines[0].split("open ", 1)[1].split(" ", 1)[0]
    try:
        async with httpx.AsyncClient(base_url=root, timeout=30) as client:
            yield Demo(client, folder)
    finally:
        stop.set()
        await task


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[Demo]:
    async with running_demo(tmp_path / "demo") as started:
        yield started


def last_text(chat: dict[str, Any]) -> str:
    return str(chat["messages"][-1]["payload"].get("text")) if chat["messages"] else ""


async def test_everyone_started_the_bot_and_the_page_is_served(demo: Demo) -> None:
    page = await demo.client.get("/")
    assert "leaflet" in page.text and (await demo.client.get("/leaflet/leaflet.js")).status_code == 200
    assert (await demo.client.get("/static/../run.py")).status_code == 404
    answer = (await demo.client.get("/demo/people")).json()
    people, bot = answer["people"], answer["bot"]
    assert [person["id"] for person in people] == [person.user.id for person in DEMO_PEOPLE]
    script = (await demo.client.get("/static/app.js")).text
    assert "Jamsosratu" not in page.text + script, "the page names the programme from its settings"
    assert bot["first_name"] == ProgrammeConfig().short_name
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


async def test_the_demo_runs_the_installations_configuration_and_province(tmp_path: Path) -> None:
    """An NTB team tries its own configuration: the district, the households and the region
    codes are NTB's, and the configuration's own database is never touched."""
    config = tmp_path / "ntb.yaml"
    production = tmp_path / "production" / "jamsosratu-ntb.db"
    config.write_text(
        f'province:\n  code: "52"\nlocale:\n  timezone: Asia/Makassar\ndatabase:\n  path: {production}\n',
        encoding="utf-8",
    )
    async with running_demo(tmp_path / "demo", load_settings(config, environ={}, require_token=False)) as demo:
        households = (await demo.client.get(f"/demo/households/{COMPANION}")).json()
        box = province("52").box
        assert len(households) > 10
        assert all(h["dtks_id"].startswith("5201") and box.contains(h["lat"], h["lon"]) for h in households)
        await demo.client.post(f"/demo/chat/{ADMIN}/text", json={"text": "/undang"})
        usage = await demo.until(ADMIN, lambda chat: "/undang" in last_text(chat) and "Contoh" in last_text(chat))
        assert "5201" in last_text(usage) and "3604" not in last_text(usage)
    assert not production.exists()


async def test_a_newcomer_opens_the_admins_invitation_link_and_is_registered(demo: Demo) -> None:
    people = {person["id"]: person for person in (await demo.client.get("/demo/people")).json()["people"]}
    assert people[NEWCOMER]["role"] == "newcomer"
    await demo.until(ADMIN, lambda chat: any(m["from_bot"] for m in chat["messages"]))
    await demo.client.post(f"/demo/chat/{ADMIN}/text", json={"text": "/undang pendamping 3604 Dewi"})
    invited = await demo.until(ADMIN, lambda chat: "t.me/" in last_text(chat))
    payload = re.search(r"https://t\.me/jamsosratu_demo_bot\?start=(\S+)", last_text(invited))
    assert payload is not None

    await demo.client.post(f"/demo/chat/{NEWCOMER}/text", json={"text": f"/start {payload.group(1)}"})

    welcome = await demo.until(NEWCOMER, lambda chat: "terdaftar" in last_text(chat))
    assert "Anda kini terdaftar sebagai <b>Pendamping</b>" in welcome["messages"][-1]["html"]
    with sqlite3.connect(demo.folder / "jamsosratu-demo.db") as conn:
        assert conn.execute("SELECT role FROM people WHERE telegram_user_id = ?", (NEWCOMER,)).fetchone() == (
            "companion",
        )


def test_a_demo_of_a_configuration_that_cannot_be_read_stops_with_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--config", "tidak-ada.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "jamsosratu: config file tidak-ada.yaml: cannot be read (No such file or directory)"
    ]
