"""Callback data can be forged: a button's id out of range, another person's report or import,
a review button pressed by someone who may not review. Each gets a short answer and changes
nothing; none ends in the generic error."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from bot.domain import Role, Verdict
from handlers.plumbing.buttons import ID
from tests.support.buttons import button_shapes, registered_patterns
from tests.support.harness import BotHarness, BotResponse, FakeUser
from tests.support.office import add_household, add_visit, wib

HUGE = "99999999999999999999999"
NOT_AVAILABLE = "Tombol ini tidak tersedia untuk Anda."


@dataclass
class Scene:
    bot: BotHarness
    admin: FakeUser
    serang: FakeUser
    lebak: FakeUser
    companion: FakeUser
    visit_id: int


@pytest.fixture
async def scene(bot: BotHarness) -> Scene:
    companion = await bot.register(Role.COMPANION, regions=("3604",))
    household = await add_household(bot, companion, "Siti")
    visit_id = await add_visit(
        bot, household, companion, wib(2026, 11, 20, 10), verdict=Verdict.OUTSIDE, flags=("outside",)
    )
    return Scene(
        bot,
        await bot.register(Role.ADMIN),
        await bot.register(Role.COORDINATOR, regions=("3604",)),
        await bot.register(Role.COORDINATOR, regions=("3602",)),
        companion,
        visit_id,
    )


def assert_quietly_refused(answer: BotResponse) -> None:
    assert not any("kesalahan" in text for text in answer.texts), "no generic error"
    assert answer.calls, "the press is answered"


async def review_status(bot: BotHarness, visit_id: int) -> object:
    return await bot.services.db.fetch_value("SELECT review_status FROM visits WHERE id = ?", (visit_id,))


@pytest.mark.parametrize(
    "data",
    [
        f"rev:a:{HUGE}",
        f"rev:p:{HUGE}",
        f"rev:r:{HUGE}",
        f"prop:a:{HUGE}",
        f"reg:imp:ok:{HUGE}",
        f"reg:imp:no:{HUGE}",
        f"rep:h:{HUGE}",
        f"rep:c:{HUGE}",
        "rev:a:-1",
        "something-else",
        "",
    ],
)
async def test_out_of_range_and_unknown_buttons_get_the_not_available_answer(scene: Scene, data: str) -> None:
    answer = await scene.admin.press(data)
    assert_quietly_refused(answer)
    assert answer.toast in (NOT_AVAILABLE, "Tombol ini sudah tidak berlaku.")
    assert await review_status(scene.bot, scene.visit_id) is None


async def test_review_buttons_of_people_who_may_not_review_change_nothing(scene: Scene) -> None:
    for presser in (scene.companion, scene.lebak):
        for action in "apvlr":
            answer = await presser.press(f"rev:{action}:{scene.visit_id}")
            assert_quietly_refused(answer)
            assert not answer.documents() and not [c for c in answer.calls if c.method in ("sendPhoto", "sendLocation")]
    assert await review_status(scene.bot, scene.visit_id) is None
    stranger = scene.bot.user(first_name="Asing")
    assert (await stranger.press(f"rev:a:{scene.visit_id}")).toast == NOT_AVAILABLE
    accepted = await scene.serang.press(f"rev:a:{scene.visit_id}")
    assert await review_status(scene.bot, scene.visit_id) == "accepted", accepted.texts


async def test_an_import_can_be_applied_or_discarded_only_by_the_admin_who_sent_it(scene: Scene) -> None:
    other = await scene.bot.register(Role.ADMIN, first_name="Admin Lain")
    content = b"id_dtks,nama_kepala,kode_wilayah\n3604000000000777,Budi,3604\n"
    dry_run = await scene.admin.send_document(content, "kpm.csv", "text/csv")
    apply = dry_run.button("Terapkan")["callback_data"]
    for data in (apply, apply.replace(":ok:", ":no:")):
        forged = await other.press(data)
        assert "sudah diterapkan, dibuang, atau kedaluwarsa" in forged.text
    count = "SELECT COUNT(*) FROM households WHERE dtks_id = '3604000000000777'"
    assert await scene.bot.services.db.fetch_value(count) == 0
    assert "1 KPM baru" in (await scene.admin.press(apply)).text
    assert await scene.bot.services.db.fetch_value(count) == 1


async def test_a_companion_cannot_pick_another_companions_household(scene: Scene) -> None:
    other = await scene.bot.register(Role.COMPANION, regions=("3604",), first_name="Lain")
    theirs = await add_household(scene.bot, other, "Rumah Orang Lain")
    await scene.companion.command("lapor")
    await scene.companion.send_location(-6.1, 106.15, live_period=900, accuracy=10)
    answer = await scene.companion.press(f"rep:h:{theirs.id}")
    assert_quietly_refused(answer)
    assert "Rumah Orang Lain" not in " ".join(answer.texts)
    assert await scene.bot.services.db.fetch_value("SELECT COUNT(*) FROM visits") == 1


@pytest.mark.parametrize(
    "command",
    [("cabut", HUGE), ("nonaktifkan", HUGE), ("aktifkan", HUGE), ("alihkan", HUGE, HUGE), ("pindahkpm", "1", HUGE)],
)
async def test_a_number_too_large_for_the_database_in_a_command_gets_the_usage(
    scene: Scene, command: tuple[str, ...]
) -> None:
    answer = await scene.admin.command(*command)
    assert not any("kesalahan" in text for text in answer.texts), "no generic error"
    assert f"/{command[0]} " in answer.text, "the command's usage"


def forgeries(pattern: str) -> list[str]:
    """Data a forger would try against `pattern`: each of its numbers far too large, and the
    largest it accepts (a prefix-only pattern gets the huge number after its prefix)."""
    numbered = [shape for shape in button_shapes(pattern) if "{id}" in shape]
    return [shape.format(id=number) for shape in numbered for number in (HUGE, "9" * 18)]


async def test_every_button_pattern_bounds_its_numbers_and_forged_ids_change_nothing(scene: Scene) -> None:
    """Derived from the handlers the application has, so a button added later is covered too."""
    patterns = registered_patterns(scene.bot)
    numbered = [pattern for pattern in patterns if ID in pattern]
    assert len(numbered) >= 12, patterns
    unbounded = [p for p in patterns if re.search(r"\\d|\[0-9\][+*]|\.[+*]", p)]
    assert not unbounded, f"numbers in button data must use buttons.ID: {unbounded}"
    for pattern in numbered:
        assert not re.search(pattern, forgeries(pattern)[0]), f"{pattern} accepts a number SQLite cannot hold"

    # Pressed by a companion in the middle of a report (at the household list) and by an admin.
    await scene.companion.command("lapor")
    await scene.companion.send_location(-6.1, 106.15, live_period=900, accuracy=10)
    forged = sorted({data for pattern in patterns for data in forgeries(pattern)})
    for presser in (scene.companion, scene.admin):
        for data in forged:
            answer = await presser.press(data)
            assert answer.toast or answer.texts, f"{data} unanswered"
            assert not any("kesalahan" in text for text in answer.texts), f"{data}: generic error"
    assert await review_status(scene.bot, scene.visit_id) is None
    assert await scene.bot.services.db.fetch_value("SELECT COUNT(*) FROM visits") == 1
    assert await scene.bot.services.db.fetch_value("SELECT COUNT(*) FROM coordinate_proposals") == 0
