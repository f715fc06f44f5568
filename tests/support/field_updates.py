"""Helpers for the field update tests: a companion with households, walking the journey from the
household card, and the reviewers' batches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain import Household, Role
from handlers.updates.review import send_field_updates
from tests.support.harness import ApiCall, BotHarness, BotResponse, FakeUser
from tests.support.office import add_household

# The new home of a family that moved: 900 m north of the test households' point.
NEW_HOME = (-6.1 + 900 / 110_590, 106.15)


@dataclass
class FieldScene:
    """Kabupaten Serang: an admin, a coordinator, a companion with two households."""

    bot: BotHarness
    admin: FakeUser
    coordinator: FakeUser
    companion: FakeUser
    siti: Household
    ujang: Household

    async def open_menu(self, household: str = "Siti") -> BotResponse:
        """The companion opens the household's card and presses its button."""
        card = await self.companion.command("kpm", household)
        return await self.companion.press(card.button("Laporkan perubahan"))

    async def walk(self, steps: Sequence[str], answer: BotResponse | None = None) -> BotResponse:
        """From the menu, each step: `btn:<label>` presses a button of the last answer,
        `txt:<text>` types, `live` shares a live location at NEW_HOME, `static` a plain one,
        `contact` shares a contact card."""
        answer = answer or await self.open_menu()
        for step in steps:
            kind, _, value = step.partition(":")
            if kind == "btn":
                answer = await self.companion.press(answer.button(value))
            elif kind == "txt":
                answer = await self.companion.send_text(value)
            elif kind == "live":
                answer = await self.companion.send_location(*NEW_HOME, live_period=900, accuracy=8)
            elif kind == "static":
                answer = await self.companion.send_location(*NEW_HOME, accuracy=8)
            elif kind == "contact":
                answer = await self.companion.send_contact()
            else:
                raise AssertionError(f"unknown step {step}")
        return answer

    async def draft(self) -> Any:
        return self.bot.app.user_data[self.companion.id].get("update_draft")

    async def household(self, household: Household) -> Household:
        found = await self.bot.services.households.by_id(household.id)
        assert found is not None
        return found


async def field_scene(bot: BotHarness) -> FieldScene:
    admin = await bot.register(Role.ADMIN, first_name="Rina")
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Bambang")
    companion = await bot.register(Role.COMPANION, first_name="Asep")
    siti = await add_household(bot, companion, "Siti", kk="3604011203150012", nik="3604015505800012")
    ujang = await add_household(bot, companion, "Ujang", desa="Pejaten")
    return FieldScene(bot, admin, coordinator, companion, siti, ujang)


async def batches_to(bot: BotHarness, user: FakeUser) -> list[ApiCall]:
    """Run the reviewers' round (the alert job a proposal wakes may have run it already); the
    batches of proposals `user` got that no earlier call returned."""
    await send_field_updates(bot.app)
    await bot.wait_for(lambda: _all_notified(bot))
    seen: set[int] = bot.app.bot_data.setdefault("test_batches_seen", set())
    batches = [
        call
        for call in bot.api.calls
        if call.chat_id == user.id
        and call.method == "sendMessage"
        and any(button["callback_data"].startswith("chg:") for button in call.buttons)
        and id(call) not in seen
    ]
    seen.update(id(call) for call in batches)
    return batches


async def _all_notified(bot: BotHarness) -> bool:
    return not await bot.services.db.fetch_value(
        "SELECT COUNT(*) FROM field_updates WHERE status = 'pending' AND notified_at IS NULL"
    )


def sent_to(answer: BotResponse, user: FakeUser) -> list[str]:
    return [call.text for call in answer.messages if call.chat_id == user.id and call.text]
