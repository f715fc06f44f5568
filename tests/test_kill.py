"""kill -9 after every step of a report: `python -m bot` as its own process against the local Bot
API stand-in, killed with SIGKILL once a step is answered (and its state written behind, 0.2 s),
then started again; the companion goes on with the next step. At the end one report is stored,
its receipt reached the companion once, and a last kill right after the receipt doubles
nothing. On SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.http_load import keyboard_with
from bot.app.demo.bot_api import BotApiStandIn, Chat, ChatUser, serve
from bot.domain import NewHousehold, Role
from storage.clock import SystemClock
from storage.engines import database_at
from storage.households import HouseholdRepository
from storage.people import PeopleRepository
from tests.support import backends
from tests.support.report import HOME, picture

pytestmark = pytest.mark.both_backends

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "7000000021:AAKillTestTokenForTheLocalStandIn0000"
RINA = ChatUser(4100001, "Rina")
# The write-behind of the conversation's state (handlers/plumbing/persistence.py) and then some.
STATE_WRITTEN_S = 0.6
ANSWER_S = 60


async def register(url: str) -> int:
    """Rina, a companion of Kabupaten Serang, and her household; returns its id."""
    db = database_at(url)
    await db.open()
    try:
        clock = SystemClock()
        rina = await PeopleRepository(db, clock).create(
            telegram_user_id=RINA.id, full_name="Rina", role=Role.COMPANION, region_codes=("3604",)
        )
        household = NewHousehold(
            dtks_id="3604000000000001",
            head_name="Siti Aminah",
            region_code="3604",
            desa="Sukamaju",
            latitude=HOME[0],
            longitude=HOME[1],
            coordinates_source="import",
            companion_id=rina.id,
        )
        return (await HouseholdRepository(db, clock).add(household, actor_id=None)).id
    finally:
        await db.close()


async def start(folder: Path, url: str, root: str) -> asyncio.subprocess.Process:
    base_url, base_file_url = BotApiStandIn.urls(root)
    env = {key: value for key, value in os.environ.items() if not key.startswith("JAMSOSRATU__")}
    env |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "JAMSOSRATU__DATABASE__URL": url,
        "JAMSOSRATU__STORAGE__PHOTO_DIR": str(folder / "photos"),
        "JAMSOSRATU__TELEGRAM__BASE_URL": base_url,
        "JAMSOSRATU__TELEGRAM__BASE_FILE_URL": base_file_url,
        "JAMSOSRATU__TELEGRAM__POLL_TIMEOUT_S": "1",
        "JAMSOSRATU__LOGGING__LEVEL": "WARNING",
    }
    with (folder / "bot.log").open("a") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=ROOT, env=env, stdout=log, stderr=log
        )


async def answered(api: BotApiStandIn, since: int, done: Callable[[list[Any]], bool]) -> None:
    """Wait until the bot's calls to Rina's chat since `since` satisfy `done`."""

    async def poll() -> None:
        while not done([call for call in api.calls[since:] if call.chat_id == RINA.id]):
            await asyncio.sleep(0.05)

    await asyncio.wait_for(poll(), ANSWER_S)


def receipts(api: BotApiStandIn) -> int:
    return sum(
        1
        for call in api.calls
        if call.method == "sendMessage" and call.chat_id == RINA.id and "Nomor laporan" in str(call.params.get("text"))
    )


async def test_kill_9_after_every_report_step_stores_one_report_and_one_receipt(tmp_path: Path) -> None:
    url = backends.database_url(tmp_path)
    household_id = await register(url)
    api = BotApiStandIn(TOKEN)
    chat: Chat = api.open_chat(RINA)

    def sent(calls: list[Any]) -> bool:
        return any(call.method.startswith("send") for call in calls)

    def keyboard(prefix: str) -> Callable[[list[Any]], bool]:
        return lambda calls: bool(calls) and keyboard_with(chat, prefix) is not None

    def press(prefix: str, data: str) -> Callable[[], object]:
        return lambda: api.press(RINA, keyboard_with(chat, prefix) or 0, data)

    steps: list[tuple[Callable[[], object], Callable[[list[Any]], bool]]] = [
        (lambda: api.send_text(RINA, "/lapor"), sent),
        (lambda: api.send_location(RINA, HOME[0], HOME[1], live_period=3600, accuracy=8), keyboard("rep:h:")),
        (press("rep:h:", f"rep:h:{household_id}"), sent),
        (lambda: api.send_photo(RINA, picture(7)), keyboard("rep:pd")),
        (press("rep:pd", "rep:pd"), keyboard("rep:c:")),
        *[(press("rep:c:", f"rep:c:{index}"), lambda calls: bool(calls)) for index in range(5)],
        (press("rep:cd", "rep:cd"), keyboard("rep:skip")),
        (press("rep:skip", "rep:skip"), keyboard("rep:send")),
        (press("rep:send", "rep:send"), lambda calls: receipts(api) > 0),
    ]
    async with serve(api) as root:
        process = await start(tmp_path, url, root)
        try:
            for number, (act, done) in enumerate(steps):
                since = len(api.calls)
                act()
                try:
                    await answered(api, since, done)
                except TimeoutError:
                    seen = [(call.method, str(call.params.get("text", ""))[:60]) for call in api.calls[since:]]
                    raise AssertionError(f"step {number} unanswered: {seen}") from None
                await asyncio.sleep(STATE_WRITTEN_S)
                process.send_signal(signal.SIGKILL)
                await process.wait()
                process = await start(tmp_path, url, root)
            # Started again after the kill that followed the receipt: it answers, and sends nothing twice.
            since = len(api.calls)
            api.send_text(RINA, "/bantuan")
            await answered(api, since, sent)
        finally:
            if process.returncode is None:
                process.terminate()
                await process.wait()

    db = database_at(url)
    await db.open()
    try:
        assert await db.fetch_value("SELECT COUNT(*) FROM visits") == 1, (tmp_path / "bot.log").read_text()
        assert await db.fetch_value("SELECT COUNT(*) FROM photos") == 1
        assert await db.fetch_value("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 1
    finally:
        await db.close()
    assert receipts(api) == 1
