"""PTB persistence kept in the bot's own SQLite database, so conversations survive restarts.

Data is stored as JSON: whatever a handler keeps in `user_data` must be JSON-friendly
(dicts, lists, strings, numbers). Bot and chat data are not persisted: bot data holds the
services, and nothing is kept per chat.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from storage.bot_state import BotStateRepository

STORED = PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False)


class SqlitePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    def __init__(self, state: BotStateRepository, update_interval: float = 60) -> None:
        super().__init__(store_data=STORED, update_interval=update_interval)
        self._state = state

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        return {key: json.loads(data) for key, data in (await self._state.all_data("user")).items()}

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        return {
            tuple(json.loads(key)): json.loads(state)
            for key, state in await self._state.conversations(name)
        }

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        encoded = None if new_state is None else json.dumps(new_state)
        await self._state.save_conversation(name, json.dumps(list(key)), encoded)

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        await self._state.save_data("user", user_id, json.dumps(data, ensure_ascii=False))

    async def drop_user_data(self, user_id: int) -> None:
        await self._state.drop_data("user", user_id)

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        """Chat data is not stored."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not stored."""

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        """Bot data is not stored."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Callback data is not stored."""

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """The in-memory copy is authoritative while the bot runs."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        """Chat data is not stored."""

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        """Bot data is not stored."""

    async def flush(self) -> None:
        """Every write is committed when made."""
