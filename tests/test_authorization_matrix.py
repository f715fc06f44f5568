"""Every command and every button prefix × every kind of sender: a stranger, a companion, a
coordinator of the report's region and of another, an admin, and a deactivated companion.
Each either works (an answer that is not the refusal) or gets exactly the refusal, and a
refused press changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from bot.domain import Role, Verdict
from bot.texts import t
from handlers.commands import COMMANDS
from tests.support.buttons import button_shapes, registered_patterns
from tests.support.harness import BotHarness, FakeUser
from tests.support.office import add_household, add_visit, wib

UNKNOWN = t("unknown_command")
NOT_AVAILABLE = t("button.not_available")
SENDERS = ("stranger", "companion", "coordinator_own", "coordinator_other", "admin", "deactivated")
ROLE_OF = {
    "stranger": None,
    "companion": Role.COMPANION,
    "coordinator_own": Role.COORDINATOR,
    "coordinator_other": Role.COORDINATOR,
    "admin": Role.ADMIN,
    "deactivated": None,  # treated as a stranger
}


@dataclass
class World:
    bot: BotHarness
    sender: FakeUser
    visit_id: int


async def world(bot: BotHarness, kind: str) -> World:
    owner = await bot.register(Role.COMPANION, first_name="Pemilik")
    household = await add_household(bot, owner, "Siti")
    visit_id = await add_visit(
        bot, household, owner, wib(2026, 11, 20, 10), verdict=Verdict.OUTSIDE, flags=("outside",)
    )
    # A proposed change with the report's number, for the reviewers' buttons (`chg:`).
    assert owner.person is not None
    await bot.services.field_updates.submit(
        household_id=household.id,
        proposed_by=owner.person.id,
        visit_id=visit_id,
        submission="matrix",
        changes=[("phone", "+6281234567890")],
        at=bot.clock.now(),
    )
    make: dict[str, Callable[[], Awaitable[FakeUser]]] = {
        "stranger": lambda: _stranger(bot),
        "companion": lambda: bot.register(Role.COMPANION, first_name="Lain"),
        "coordinator_own": lambda: bot.register(Role.COORDINATOR, regions=("3604",)),
        "coordinator_other": lambda: bot.register(Role.COORDINATOR, regions=("3602",)),
        "admin": lambda: bot.register(Role.ADMIN),
        "deactivated": lambda: _deactivated(bot),
    }
    return World(bot, await make[kind](), visit_id)


async def _stranger(bot: BotHarness) -> FakeUser:
    return bot.user(first_name="Asing")


async def _deactivated(bot: BotHarness) -> FakeUser:
    user = await bot.register(Role.COMPANION, first_name="Mantan")
    admin = await bot.register(Role.ADMIN, first_name="Pengelola")
    assert user.person is not None and admin.person is not None
    await bot.services.people.set_active(user.person, False, admin.person.id)
    return user


@pytest.mark.parametrize("kind", SENDERS)
async def test_every_command_works_or_gets_exactly_the_refusal(bot: BotHarness, kind: str) -> None:
    scene = await world(bot, kind)
    role = ROLE_OF[kind]
    for command in COMMANDS:
        allowed = command.strangers or (role is not None and role in command.roles)
        answer = await scene.sender.command(command.name)
        assert answer.texts, f"/{command.name} unanswered for {kind}"
        if allowed:
            assert UNKNOWN not in answer.texts, f"/{command.name} refused to {kind}"
        else:
            assert answer.texts == [UNKNOWN], f"/{command.name} for {kind}: {answer.texts}"
        assert not any("kesalahan" in text for text in answer.texts), f"/{command.name} failed for {kind}"
        if command.starts_conversation and allowed:
            await scene.sender.command("batal")
    if role is None:
        assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM visits") == 1


# Who each family of buttons is for; anyone else gets exactly a refusal, as a button answer.
BUTTON_ROLES = {
    "rep": (Role.COMPANION,),
    "rev": (Role.COORDINATOR, Role.ADMIN),
    "prop": (Role.ADMIN,),
    "reg": (Role.ADMIN,),
    "task": (Role.COORDINATOR, Role.ADMIN),
    "ack": (Role.COMPANION,),
    "upd": (Role.COMPANION,),
    "chg": (Role.COORDINATOR, Role.ADMIN),
}
REFUSALS = [(NOT_AVAILABLE, []), (t("report.stale_button"), [])]


@pytest.mark.parametrize("kind", SENDERS)
async def test_every_button_prefix_is_answered_and_refused_presses_change_nothing(bot: BotHarness, kind: str) -> None:
    scene = await world(bot, kind)
    role, may_review = ROLE_OF[kind], kind in ("coordinator_own", "admin")
    # Every button the application matches (read from its handlers), its number the report's id.
    buttons = sorted({shape for pattern in registered_patterns(bot) for shape in button_shapes(pattern)})
    assert {"rev:a:{id}", "prop:a:{id}", "reg:imp:ok:{id}", "reg:new:save", "rep:send", "rep:p:{id}"} <= set(buttons)
    assert {"ack:{id}", "task:d:{id}", "task:wy:{id}", "task:et:{id}", "task:new", "task:send"} <= set(buttons)
    assert {"upd:new:{id}", "upd:visit:{id}", "upd:none:{id}", "upd:send", "chg:a:{id}", "chg:r:{id}"} <= set(buttons)
    for shape in buttons:
        data = shape.format(id=scene.visit_id)
        if (data.startswith("rev:") and may_review) or (data.startswith("chg:") and kind == "admin"):
            continue  # a reviewer's own presses are the review tests' business
        answer = await scene.sender.press(data)
        assert [c for c in answer.calls if c.method == "answerCallbackQuery"], f"{data} unanswered for {kind}"
        assert not any("kesalahan" in text for text in answer.texts), f"{data} failed for {kind}"
        assert not [c for c in answer.calls if c.method in ("sendPhoto", "sendLocation", "sendVoice")], data
        if role not in BUTTON_ROLES[data.split(":", 1)[0]]:
            assert (answer.toast, answer.texts) in REFUSALS, f"{data} for {kind}: {answer.toast} {answer.texts}"
        if role is not None and bot.app.user_data.get(scene.sender.id):
            await scene.sender.command("batal")  # a journey the press began answers the next presses itself
    review = await bot.services.db.fetch_value("SELECT review_status FROM visits WHERE id = ?", (scene.visit_id,))
    assert review is None
    # Coordinators decide proposals only where updates.coordinators_approve says so (not here).
    assert await bot.services.db.fetch_value("SELECT status FROM field_updates") == "pending"
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM visits") == 1
