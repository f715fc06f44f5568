"""A right-to-left override typed into a household's name, a note or a rejection reason never
turns the bot's own words around: not in messages, buttons, files or the map. A name written in
Arabic script keeps its letters and runs its own way, isolated from the bot's words."""

from __future__ import annotations

import csv
import io
import json
import re

from bot.bidi import contained
from bot.domain import Role
from handlers.review.alerts import send_alerts
from tests.support.harness import ApiCall, BotHarness
from tests.support.report import HOME, Reporter, add_household, north_of

RLO = "\u202e"
# Embeddings and overrides (and their end), isolates opened: what would leak past the value.
LEAKING = re.compile("[\u202a-\u202e\u2066\u2067]")


def assert_contained(text: str) -> None:
    """No override or embedding left, every isolate closed on its own line."""
    assert not LEAKING.search(text), f"a direction control leaks in {text!r}"
    for line in text.split("\n"):
        assert line.count("\u2068") == line.count("\u2069"), f"an isolate is left open in {line!r}"


def shown(calls: list[ApiCall]) -> list[str]:
    """Every text, caption and button label the bot showed."""
    texts = [call.text for call in calls if call.text]
    texts += [button["text"] for call in calls for button in call.buttons]
    texts += [label for call in calls for label in call.keyboard]
    return texts


async def test_an_override_in_a_name_note_and_reason_stays_inside_them(bot: BotHarness) -> None:
    companion = Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Bambang")
    await add_household(bot, companion.user, f"{RLO}Siti Ibu", HOME, desa=f"Suka{RLO}maju")

    listed = await companion.start()
    listed = await companion.share(north_of(HOME, 900))
    [label] = [button["text"] for button in listed.buttons if button["callback_data"].startswith("rep:h:")]
    assert label.startswith("Siti Ibu · Sukamaju · "), label  # read left to right, as the bot wrote it
    await companion.choose(listed, "Siti Ibu")
    await companion.user.press("rep:go")
    await companion.photo()
    await companion.user.press("rep:pd")
    await companion.conditions()
    await companion.user.send_text(f"Rumah {RLO}kosong, 11 m dari jalan")
    await companion.user.press("rep:send")

    await send_alerts(bot.app)
    [alert] = [call for call in bot.api.calls_to("sendMessage") if call.chat_id == coordinator.id]
    visit_id = int(re.search(r"#(\d+)", alert.text).group(1))  # type: ignore[union-attr]
    await coordinator.press(f"rev:r:{visit_id}")
    await coordinator.send_text(f"Foto {RLO}buram")
    await companion.user.command("riwayat")
    await companion.user.command("kpmsaya")
    await coordinator.command("kpm", "Siti")
    export = await coordinator.command("ekspor", "2025-11-01", "2025-11-30")
    map_files = await coordinator.command("peta")

    texts = shown(bot.api.calls)
    assert any("Siti Ibu" in text for text in texts) and any("buram" in text for text in texts)
    for text in texts:
        assert_contained(text)
    for name, content in export.documents() + map_files.documents():
        if name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
            assert any("Siti Ibu" in row for row in rows)
        assert RLO.encode() not in content, name
    [geojson] = [content for name, content in map_files.documents() if name.endswith(".geojson")]
    names = {feature["properties"].get("name") for feature in json.loads(geojson)["features"]}
    assert "Siti Ibu" in names


async def test_a_name_in_arabic_script_runs_its_own_way_inside_the_button(bot: BotHarness) -> None:
    companion = Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))
    await add_household(bot, companion.user, "محمد", HOME)

    await companion.start()
    listed = await companion.share(north_of(HOME, 5))

    [label] = [button["text"] for button in listed.buttons if button["callback_data"].startswith("rep:h:")]
    assert label.startswith("\u2068محمد\u2069 · Sukamaju · 5 m"), label


def test_latin_text_is_left_as_it_is_and_controls_go() -> None:
    assert contained("Siti Aminah (Cibadak)") == "Siti Aminah (Cibadak)"
    assert contained(f"a{RLO}b\u2066c\u200fd") == "abcd"
    assert contained("Ibu\nمحمد 11") == "Ibu\n\u2068محمد 11\u2069"
