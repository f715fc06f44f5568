"""The callback context every handler receives: PTB's, plus the services and the person
behind the update (looked up once per update)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.domain import Person
from bot.services import Services

_UNSET: Any = object()


class BotContext(CallbackContext[ExtBot[None], dict[str, Any], dict[str, Any], dict[str, Any]]):
    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self._person: Person | None = _UNSET

    @property
    def services(self) -> Services:
        services: Services = self.application.bot_data["services"]
        return services

    async def identify(self, update: object) -> None:
        """Look up who sent `update`, once per update (the middleware does it before any handler)."""
        if self._person is _UNSET:
            user = update.effective_user if isinstance(update, Update) else None
            found = await self.services.people.by_telegram_id(user.id) if user else None
            self._person = found if found and found.active else None

    @property
    def person(self) -> Person | None:
        """The active registered person who sent the update; None for strangers and deactivated people."""
        assert self._person is not _UNSET, "identify() runs before any handler"
        return self._person

    @property
    def member(self) -> Person:
        """The person behind an update that a role guard let through."""
        person = self.person
        assert person is not None, "only reached through a role guard"
        return person

    @property
    def language(self) -> str:
        person = self.person
        return person.language if person else self.services.settings.locale.language
