"""The command table (handlers/commands.py) is the one declaration of every command: the
bot answers exactly the commands it declares, each only for the roles it names, and the
menus list exactly those."""

from __future__ import annotations

from collections import Counter

import pytest
from telegram.ext import CommandHandler, ConversationHandler

from bot.domain import Role
from bot.texts import t
from handlers.commands import COMMANDS, Command, commands_for
from handlers.routes import CALLBACKS
from tests.support.harness import BotHarness

UNKNOWN = t("unknown_command")
WHO = [*Role, None]


def _registered_command_names(bot: BotHarness) -> list[str]:
    names = []
    for handlers in bot.app.handlers.values():
        for handler in handlers:
            inner = handler.entry_points if isinstance(handler, ConversationHandler) else [handler]
            inner = [getattr(h, "_handler", h) for h in inner]  # a journey's entry point, applied outside others
            names += [name for h in inner if isinstance(h, CommandHandler) for name in h.commands]
    return names


def test_every_declared_command_is_registered_and_nothing_else(bot: BotHarness) -> None:
    # Some are registered more than once on purpose: /start also opens invitation links, /batal
    # also ends a reviewer's reason prompt.
    assert set(_registered_command_names(bot)) == {command.name for command in COMMANDS}


def test_every_command_is_bound_to_exactly_one_callback_and_no_callback_to_another_name() -> None:
    bound = Counter(name for name, _ in CALLBACKS)
    assert bound == Counter(command.name for command in COMMANDS), "each command once, nothing else"


def test_every_command_has_a_description_in_both_languages() -> None:
    for command in COMMANDS:
        assert t(command.description_key, "id") != t(command.description_key, "en")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.name)
@pytest.mark.parametrize("role", WHO, ids=lambda role: role.value if role else "stranger")
async def test_a_command_answers_exactly_the_roles_it_declares(
    bot: BotHarness, command: Command, role: Role | None
) -> None:
    user = await bot.register(role) if role else bot.user()
    answer = await user.command(command.name)
    allowed = command in commands_for(role)
    assert (answer.texts == [UNKNOWN]) is not allowed, answer.texts
