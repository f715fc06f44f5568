"""Files the bot writes hold personal data. Started as `python -m bot` by someone whose umask
lets others read (022), the bot still stores a report's photo readable by its own user only:
files 0600, folders 0700 (the database and backups: tests/test_config.py)."""

from __future__ import annotations

import asyncio
import io
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PIL import Image

from bot.app.demo.bot_api import BotApiStandIn, ChatMessage, ChatUser, serve
from bot.domain import NewHousehold, Role
from bot.services import Services
from tests.support.harness import TEST_TOKEN, make_settings
from tests.support.process import bot_environment
from tests.support.report import HOME

ROOT = Path(__file__).resolve().parent.parent


async def until(api: BotApiStandIn, condition: Callable[[], bool], process: asyncio.subprocess.Process) -> None:
    version = api.version
    for _ in range(600):
        if condition():
            return
        assert process.returncode is None, "the bot stopped"
        version = await api.wait_for_change(version, 0.1)
    raise AssertionError(f"the bot did not answer: {[(c.method, c.params) for c in api.calls[-5:]]}")


def bot_messages(api: BotApiStandIn, user: ChatUser) -> list[ChatMessage]:
    return [message for message in api.chat(user.id).messages if message.from_bot]


async def test_the_bot_process_stores_photos_private_whatever_its_umask(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    services = Services.create(settings)
    await services.db.open()
    user = ChatUser(5151, "Pendamping")
    companion = await services.people.create(
        telegram_user_id=user.id, full_name="Pendamping", role=Role.COMPANION, region_codes=("3604",)
    )
    household = NewHousehold(
        dtks_id="3604000000000001", head_name="Siti", region_code="3604", latitude=HOME[0], longitude=HOME[1]
    )
    await services.households.add(replace(household, companion_id=companion.id), actor_id=None)
    await services.db.close()

    api = BotApiStandIn(TEST_TOKEN)
    async with serve(api) as root:
        base_url, base_file_url = api.urls(root)
        config = tmp_path / "config.yaml"
        config.write_text(
            f"database:\n  path: {settings.database.path}\nstorage:\n  photo_dir: {settings.storage.photo_dir}\n"
            f"telegram:\n  base_url: {base_url}\n  base_file_url: {base_file_url}\n  poll_timeout_s: 1\n",
            encoding="utf-8",
        )
        with (tmp_path / "bot.log").open("w") as log:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "--config",
                str(config),
                cwd=ROOT,
                env=bot_environment(TELEGRAM_BOT_TOKEN=TEST_TOKEN),
                stdout=subprocess.DEVNULL,
                stderr=log,
                umask=0o022,
            )
        try:
            api.send_text(user, "/lapor")
            await until(api, lambda: len(bot_messages(api, user)) >= 1, process)
            api.send_location(user, *HOME, live_period=900, accuracy=12)
            await until(api, lambda: any(m.inline_keyboard for m in bot_messages(api, user)), process)
            listed = next(m for m in bot_messages(api, user) if m.inline_keyboard)
            assert listed.inline_keyboard is not None
            choice = next(b for row in listed.inline_keyboard for b in row if "Siti" in b["text"])
            api.press(user, listed.message_id, choice["callback_data"])
            await until(api, lambda: "foto" in str(bot_messages(api, user)[-1].payload.get("text")).lower(), process)
            picture = io.BytesIO()
            Image.new("RGB", (32, 24), "green").save(picture, "JPEG")
            api.send_photo(user, picture.getvalue())
            await until(api, lambda: "Foto 1 diterima" in str(bot_messages(api, user)[-1].payload.get("text")), process)
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 30)

    photo_dir = settings.storage.photo_dir
    stored = [path for path in photo_dir.rglob("*") if path.is_file()]
    assert stored, (tmp_path / "bot.log").read_text()
    for path in [photo_dir, *photo_dir.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, (path, oct(path.stat().st_mode))
