"""A local stand-in for the Telegram Bot API server, spoken to over real HTTP.

The real, unmodified bot talks to it through `telegram.base_url` / `telegram.base_file_url`
(see `BotApiStandIn.urls`). It keeps every chat as Telegram would: the messages of both sides,
inline keyboards and their edits, the reply keyboard a user currently sees, uploaded files,
button answers and command menus. Clients play the users' side in Python (`send_text`,
`send_location`, `move_live_location`, `press`, `send_photo`, ...): each call queues the update
Telegram would deliver through `getUpdates`.

    api = BotApiStandIn(token)
    async with serve(api, port=0) as root:      # aiohttp server on 127.0.0.1
        base_url, base_file_url = api.urls(root)  # give these to the bot
        user = ChatUser(1001, "Siti")
        api.send_text(user, "/start")
        version = await api.wait_for_change(api.version, wait_s=5)
        print(api.chat(user.id).messages[-1].payload["text"])

Webhook mode: `setWebhook` makes the stand-in post each update to the webhook (with the
`X-Telegram-Bot-Api-Secret-Token` header), one at a time, dropping it once answered 200 and
retrying it every `webhook_retry_s` otherwise, the error kept for `getWebhookInfo` as Telegram
keeps it; `getUpdates` is refused with 409 meanwhile, and `deleteWebhook` ends it. Telegram only
posts to https://; `webhook_proxy` (e.g. "http://127.0.0.1:8443") stands in for the reverse proxy
of deploy/Caddyfile: the webhook's path is posted there instead, so the bot's own webhook server
is rehearsed offline.

Fault injection and rate limits: `gate` (a `CallGate`) sees every call the bot makes, except
`getUpdates` and file downloads, before it is carried out, and may refuse it with a `Refusal`
(`Refusal.too_many_requests(retry_after)` answers 429 with `retry_after`, as Telegram does).
A refused call changes nothing and is kept in `calls` with its status. `updates_gate` does the
same for `getUpdates` (Telegram failing to hand out updates); a refused poll hands out none.

Parameters are read as Telegram reads them: a form (URL-encoded or multipart, the way PTB sends
them, objects as JSON text), a JSON body or the query string. HTML formatting is checked as
Telegram checks it (an unsupported or unclosed tag is a 400), so a formatting bug shows here.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp
from aiohttp import web
from PIL import Image, UnidentifiedImageError

from handlers.web.init_data import sign

JsonDict = dict[str, Any]

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
# Parameters that are always text, even when they look like JSON (a message "123" stays a string).
_TEXT_PARAMETERS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "file_id",
        "action",
        "language_code",
        "url",
        "title",
        "address",
        "inline_message_id",
        "description",
        "short_description",
        "name",
        "photo",
        "document",
        "voice",
        "audio",
        "video",
        "animation",
        "sticker",
        "thumbnail",
    }
)
WEBHOOK_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# What Telegram accepts as a webhook's secret_token.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
# How long Telegram waits for the webhook's answer to one update.
WEBHOOK_TIMEOUT_S = 10.0
# Tags Telegram accepts with parse_mode=HTML (https://core.telegram.org/bots/api#html-style).
_HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre"}
    | {"blockquote", "tg-emoji"}
)


@dataclass(frozen=True)
class ChatUser:
    """A Telegram user played by a client, in a private chat with the bot (chat id = user id)."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str = "id"

    def as_json(self) -> JsonDict:
        user: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if (value := getattr(self, key)) is not None:
                user[key] = value
        return user


@dataclass
class StoredFile:
    """A file uploaded by the bot or by a user; downloadable at `file_path`."""

    file_id: str
    name: str
    mime_type: str
    content: bytes

    @property
    def file_unique_id(self) -> str:
        return f"u{self.file_id}"

    @property
    def file_path(self) -> str:
        return f"{self.file_id}/{self.name}"

    def as_json(self) -> JsonDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded with a call (multipart), before the call is carried out."""

    name: str
    mime_type: str
    content: bytes


@dataclass
class ApiCall:
    """One Bot API call the bot made, decoded; `status` is what it was answered with."""

    method: str
    params: JsonDict
    files: dict[str, Upload] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)
    status: int = 200

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return value if isinstance(value, int) else None


@dataclass(frozen=True)
class Refusal:
    """An error answer a `CallGate` gives instead of carrying a call out."""

    status: int
    description: str
    retry_after: int | None = None

    @classmethod
    def too_many_requests(cls, retry_after: int) -> Refusal:
        return cls(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    def body(self) -> JsonDict:
        body: JsonDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class Webhook:
    """The webhook set with setWebhook, and its last delivery error (getWebhookInfo)."""

    url: str
    secret_token: str | None
    allowed_updates: list[str]
    max_connections: int
    last_error_date: int | None = None
    last_error_message: str | None = None

    def info(self, pending: int) -> JsonDict:
        info: JsonDict = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": pending,
            "max_connections": self.max_connections,
        }
        if self.allowed_updates:
            info["allowed_updates"] = self.allowed_updates
        if self.last_error_date is not None:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        return info


# Sees each call before it is carried out; returns a Refusal to refuse it (it may also wait).
CallGate = Callable[[ApiCall], Awaitable[Refusal | None]]


class ApiError(Exception):
    """A call Telegram would refuse (bad parameters, unknown chat or message)."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.refusal = Refusal(status, description)


@dataclass
class ChatMessage:
    """A message in a chat, as Telegram delivers it (`payload`), with what a client shows."""

    message_id: int
    from_bot: bool
    payload: JsonDict
    # The bot's text or caption as safe HTML (only Telegram's tags), for display.
    html: str | None = None
    inline_keyboard: list[list[JsonDict]] | None = None
    # Earlier versions of an edited message (payloads), oldest first.
    history: list[JsonDict] = field(default_factory=list)
    deleted: bool = False

    def as_json(self) -> JsonDict:
        return {
            "message_id": self.message_id,
            "from_bot": self.from_bot,
            "payload": self.payload,
            "html": self.html,
            "inline_keyboard": self.inline_keyboard,
            "edits": len(self.history),
            "deleted": self.deleted,
        }


@dataclass
class Chat:
    """A private chat between the bot and one user."""

    user: ChatUser
    messages: list[ChatMessage] = field(default_factory=list)
    # The reply keyboard (ReplyKeyboardMarkup) the user sees now, if any.
    reply_keyboard: JsonDict | None = None
    # A ForceReply prompt the user's next message answers (message id).
    force_reply_to: int | None = None
    # Texts of the bot's answers to button presses, in order.
    toasts: list[str] = field(default_factory=list)
    last_action: str | None = None
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_message_id(self) -> int:
        return next(self._message_ids)

    def message(self, message_id: int) -> ChatMessage:
        for message in self.messages:
            if message.message_id == message_id and not message.deleted:
                return message
        raise ApiError(400, "Bad Request: message to edit not found")

    def as_json(self) -> JsonDict:
        return {
            "user": self.user.as_json(),
            "messages": [message.as_json() for message in self.messages if not message.deleted],
            "reply_keyboard": self.reply_keyboard,
            "force_reply_to": self.force_reply_to,
            "toasts": self.toasts,
        }


class BotApiStandIn:
    """The Bot API for one bot (identified by its token), in memory."""

    def __init__(
        self,
        token: str,
        *,
        username: str = "jamsosratu_demo_bot",
        first_name: str = "Jamsosratu",
        clock: Callable[[], float] = time.time,
    ) -> None:
        bot_id, _, _ = token.partition(":")
        if not bot_id.isdigit():
            raise ValueError("a bot token starts with the bot's numeric id and a colon")
        self.token = token
        self.bot_user: JsonDict = {
            "id": int(bot_id),
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.clock = clock
        self.gate: CallGate | None = None
        self.updates_gate: CallGate | None = None
        self.webhook: Webhook | None = None
        # Root URL the webhook's path is posted to instead of its own address (the reverse proxy).
        self.webhook_proxy: str | None = None
        self.webhook_retry_s = 1.0
        self._delivery: asyncio.Task[None] | None = None
        self.calls: list[ApiCall] = []
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        # Command menus by (scope as JSON, language code).
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.menu_buttons: dict[int, Any] = {}  # chat id -> its menu button (setChatMenuButton)
        # Counts every change a client may want to show; see wait_for_change.
        self.version = 0
        self._changed = asyncio.Event()
        self._updates: list[JsonDict] = []
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._queries: dict[str, int] = {}  # callback query id -> chat id
        self._closing = False
        self._methods: dict[str, Callable[[ApiCall], Any]] = {
            "getMe": lambda _: self.bot_user,
            "logOut": lambda _: True,
            "close": lambda _: True,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_file,
            "sendDocument": self._send_file,
            "sendVoice": self._send_file,
            "sendAudio": self._send_file,
            "sendVideo": self._send_file,
            "sendLocation": self._send_location,
            "sendChatAction": self._send_chat_action,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "deleteMyCommands": self._delete_my_commands,
            "getMyCommands": lambda call: self.commands.get(_command_key(call.params), []),
            "getFile": self._get_file,
            "getChat": lambda call: {**self._chat(call).user.as_json(), "type": "private"},
            "leaveChat": lambda _: True,
        }

    # ── Serving ────────────────────────────────────────────────────────

    def install(self, app: web.Application) -> None:
        """Add the Bot API's routes (`/bot<token>/<method>`, `/file/bot<token>/<path>`) to `app`."""
        app.router.add_route("*", "/bot{token}/{method}", self._handle_call)
        app.router.add_get("/file/bot{token}/{file_id}/{name}", self._handle_download)
        app.on_shutdown.append(lambda _: self.close())

    @staticmethod
    def urls(root: str) -> tuple[str, str]:
        """`telegram.base_url` and `telegram.base_file_url` for a server at `root` (http://host:port)."""
        return f"{root}/bot", f"{root}/file/bot"

    async def close(self) -> None:
        """Answer waiting long polls now and stop posting to a webhook (the server is stopping)."""
        self._closing = True
        self._notify()
        await self._stop_delivery()

    async def _handle_call(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(Refusal(401, "Unauthorized").body(), status=401)
        call = ApiCall(request.match_info["method"], *await _read_parameters(request))
        if call.method == "getUpdates":
            refused = await self.updates_gate(call) if self.updates_gate is not None else None
            if refused is None and self.webhook is not None:
                refused = Refusal(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
                    "the webhook first",
                )
            if refused is not None:
                return web.json_response(refused.body(), status=refused.status)
            return web.json_response({"ok": True, "result": await self._get_updates(call)})
        self.calls.append(call)
        handler = self._methods.get(call.method)
        refusal = Refusal(404, "Not Found") if handler is None else None
        if refusal is None and self.gate is not None:
            refusal = await self.gate(call)
        if refusal is None and handler is not None:
            try:
                result = handler(call)
            except ApiError as error:
                refusal = error.refusal
            else:
                self._notify()
                return web.json_response({"ok": True, "result": result})
        assert refusal is not None
        call.status = refusal.status
        return web.json_response(refusal.body(), status=refusal.status)

    async def _handle_download(self, request: web.Request) -> web.Response:
        stored = self.files.get(request.match_info["file_id"])
        if request.match_info["token"] != self.token or stored is None:
            return web.json_response(Refusal(404, "Not Found").body(), status=404)
        return web.Response(body=stored.content, content_type=stored.mime_type)

    # ── Waiting for changes ───────────────────────────────────────────

    def _notify(self) -> None:
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for_change(self, since: int, wait_s: float) -> int:
        """Wait until `version` passes `since` (at most `wait_s` seconds); return the version."""
        deadline = time.monotonic() + wait_s
        while self.version <= since and not self._closing and (left := deadline - time.monotonic()) > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)
        return self.version

    async def _get_updates(self, call: ApiCall) -> list[JsonDict]:
        offset = int(call.params.get("offset") or 0)
        if offset > 0:
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
        allowed = call.params.get("allowed_updates") or []
        timeout = float(call.params.get("timeout") or 0)
        limit = int(call.params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        while True:
            ready = [update for update in self._updates if not allowed or set(update) & set(allowed)]
            if ready or self._closing or (left := deadline - time.monotonic()) <= 0:
                return ready[:limit]
            await self.wait_for_change(self.version, left)

    # ── The users' side ───────────────────────────────────────────────

    def chat(self, chat_id: int) -> Chat:
        return self.chats[chat_id]

    def open_chat(self, user: ChatUser) -> Chat:
        """The chat with `user`, created as if they had opened the bot (the bot may then write first)."""
        if user.id not in self.chats:
            self.chats[user.id] = Chat(user)
        return self.chats[user.id]

    def add_file(self, content: bytes, name: str, mime_type: str) -> StoredFile:
        stored = StoredFile(f"F{next(self._file_ids):06d}", _safe_name(name), mime_type, content)
        self.files[stored.file_id] = stored
        return stored

    def send_message(self, user: ChatUser, **content: Any) -> JsonDict:
        """`user` sends a message with `content` (Telegram's message fields); returns its payload."""
        chat = self.open_chat(user)
        payload: JsonDict = {
            "message_id": chat.next_message_id(),
            "date": int(self.clock()),
            "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": user.as_json(),
            **content,
        }
        if chat.force_reply_to is not None and "reply_to_message" not in payload:
            payload["reply_to_message"] = chat.message(chat.force_reply_to).payload
        chat.force_reply_to = None
        if chat.reply_keyboard is not None and chat.reply_keyboard.get("one_time_keyboard"):
            chat.reply_keyboard = None
        chat.messages.append(ChatMessage(payload["message_id"], False, payload))
        self._queue({"message": payload})
        return payload

    def send_text(self, user: ChatUser, text: str, *, reply_to: int | None = None) -> JsonDict:
        content: JsonDict = {"text": text}
        if command := re.match(r"/[A-Za-z0-9_]+(@\w+)?", text):
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
        if reply_to is not None:
            content["reply_to_message"] = self.chat(user.id).message(reply_to).payload
        return self.send_message(user, **content)

    def send_location(
        self,
        user: ChatUser,
        latitude: float,
        longitude: float,
        *,
        live_period: int | None = None,
        accuracy: float | None = None,
    ) -> JsonDict:
        """A static location, or a live one when `live_period` (seconds) is given."""
        location: JsonDict = {"latitude": latitude, "longitude": longitude}
        if live_period is not None:
            location["live_period"] = live_period
        if accuracy is not None:
            location["horizontal_accuracy"] = accuracy
        return self.send_message(user, location=location)

    def move_live_location(
        self, user: ChatUser, message_id: int, latitude: float, longitude: float, *, accuracy: float | None = None
    ) -> JsonDict:
        """A running live location moves: Telegram delivers the edited message."""
        message = self.chat(user.id).message(message_id)
        location = {**message.payload["location"], "latitude": latitude, "longitude": longitude}
        if accuracy is not None:
            location["horizontal_accuracy"] = accuracy
        message.history.append(message.payload)
        message.payload = {**message.payload, "location": location, "edit_date": int(self.clock())}
        self._queue({"edited_message": message.payload})
        return message.payload

    def send_photo(self, user: ChatUser, content: bytes, *, caption: str | None = None) -> JsonDict:
        """A photo sent normally (Telegram would have re-encoded it; here the bytes stay as sent)."""
        stored = self.add_file(content, "photo.jpg", "image/jpeg")
        width, height = _image_size(content)
        size = {**stored.as_json(), "width": width, "height": height}
        return self.send_message(user, photo=[size], **({"caption": caption} if caption else {}))

    def send_document(
        self, user: ChatUser, content: bytes, file_name: str, mime_type: str, *, caption: str | None = None
    ) -> JsonDict:
        """A file (also a photo "sent as file", which keeps its EXIF)."""
        stored = self.add_file(content, file_name, mime_type)
        document = {**stored.as_json(), "file_name": stored.name, "mime_type": mime_type}
        return self.send_message(user, document=document, **({"caption": caption} if caption else {}))

    def send_voice(self, user: ChatUser, content: bytes, *, duration: int) -> JsonDict:
        stored = self.add_file(content, "voice.ogg", "audio/ogg")
        return self.send_message(user, voice={**stored.as_json(), "duration": duration, "mime_type": "audio/ogg"})

    def press(self, user: ChatUser, message_id: int, data: str) -> str:
        """`user` presses the inline button with callback `data` under the bot's message; returns the query id."""
        message = self.chat(user.id).message(message_id)
        query_id = f"{user.id}-{next(self._query_ids)}"
        self._queries[query_id] = user.id
        query = {
            "id": query_id,
            "from": user.as_json(),
            "chat_instance": f"ci{user.id}",
            "data": data,
            "message": message.payload,
        }
        self._queue({"callback_query": query})
        return query_id

    def _queue(self, update: JsonDict) -> None:
        self._updates.append({"update_id": next(self._update_ids), **update})
        self._notify()

    # ── The bot's side (one method per Bot API method) ─────────────────

    def _chat(self, call: ApiCall) -> Chat:
        chat_id = call.params.get("chat_id")
        if not isinstance(chat_id, int) or chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        return self.chats[chat_id]

    def _set_webhook(self, call: ApiCall) -> bool:
        url = str(call.params.get("url") or "")
        if not url:
            return self._delete_webhook(call)
        if not url.startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = call.params.get("secret_token")
        if secret is not None and not _WEBHOOK_SECRET.fullmatch(str(secret)):
            raise ApiError(400, "Bad Request: bad webhook: secret token contains unallowed characters")
        if call.params.get("drop_pending_updates"):
            self._updates.clear()
        allowed = call.params.get("allowed_updates")
        self.webhook = Webhook(
            url,
            None if secret is None else str(secret),
            # Telegram keeps the previous list when the call gives none.
            [str(kind) for kind in allowed] if isinstance(allowed, list) else self._allowed_updates(),
            int(call.params.get("max_connections") or 40),
        )
        if self._delivery is None or self._delivery.done():
            self._delivery = asyncio.create_task(self._deliver(), name="stand-in-webhook")
        return True

    def _allowed_updates(self) -> list[str]:
        return self.webhook.allowed_updates if self.webhook is not None else []

    def _delete_webhook(self, call: ApiCall) -> bool:
        if call.params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = None  # the delivery task sees it and ends
        self._notify()
        return True

    def _get_webhook_info(self, _: ApiCall) -> JsonDict:
        if self.webhook is None:
            return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._updates)}
        return self.webhook.info(len(self._updates))

    async def _stop_delivery(self) -> None:
        if self._delivery is not None:
            self._delivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery
            self._delivery = None

    async def _deliver(self) -> None:
        """Post the waiting updates to the webhook in order while one is set, as Telegram does."""
        async with aiohttp.ClientSession() as session:
            while (hook := self.webhook) is not None and not self._closing:
                allowed = set(hook.allowed_updates)
                # Updates of kinds the webhook did not ask for are never delivered.
                self._updates = [u for u in self._updates if not allowed or set(u) & allowed]
                if not self._updates:
                    await self.wait_for_change(self.version, 1.0)
                    continue
                update = self._updates[0]
                error = await self._post(session, hook, update)
                if error is None:
                    if self._updates and self._updates[0] is update:
                        self._updates.pop(0)
                    self._notify()
                else:
                    hook.last_error_date, hook.last_error_message = int(self.clock()), error
                    await asyncio.sleep(self.webhook_retry_s)

    async def _post(self, session: aiohttp.ClientSession, hook: Webhook, update: JsonDict) -> str | None:
        """Post one update; None when the webhook took it, else the error as getWebhookInfo words it."""
        target = hook.url
        if self.webhook_proxy is not None:
            parts = urlsplit(hook.url)
            target = f"{self.webhook_proxy.rstrip('/')}{parts.path or '/'}"
        headers = {WEBHOOK_SECRET_HEADER: hook.secret_token} if hook.secret_token else {}
        try:
            async with session.post(
                target, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT_S)
            ) as response:
                if response.status == 200:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except TimeoutError:
            return "Read timeout expired"
        except aiohttp.ClientError as exc:
            return f"Connection failed: {type(exc).__name__}"

    def _bot_message(self, call: ApiCall, content: JsonDict, formatted: str | None) -> JsonDict:
        chat = self._chat(call)
        payload: JsonDict = {
            "message_id": chat.next_message_id(),
            "date": int(self.clock()),
            "chat": {"id": chat.user.id, "type": "private", "first_name": chat.user.first_name},
            "from": {key: self.bot_user[key] for key in ("id", "is_bot", "first_name", "username")},
            **content,
        }
        message = ChatMessage(payload["message_id"], True, payload, formatted)
        self._apply_markup(chat, message, call.params.get("reply_markup"))
        chat.messages.append(message)
        return payload

    def _apply_markup(self, chat: Chat, message: ChatMessage, markup: Any) -> None:
        if not isinstance(markup, dict):
            return
        if "inline_keyboard" in markup:
            message.inline_keyboard = markup["inline_keyboard"]
            message.payload["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        elif "keyboard" in markup:
            chat.reply_keyboard = markup
        elif markup.get("remove_keyboard"):
            chat.reply_keyboard = None
        elif markup.get("force_reply"):
            chat.force_reply_to = message.message_id

    def _send_message(self, call: ApiCall) -> JsonDict:
        text, formatted = _formatted(call.params.get("text"), call.params.get("parse_mode"), MESSAGE_LIMIT)
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        return self._bot_message(call, {"text": text}, formatted)

    def _send_file(self, call: ApiCall) -> JsonDict:
        kind = call.method.removeprefix("send").lower()
        stored = self._file_parameter(call, kind)
        content: JsonDict = {}
        if kind == "photo":
            width, height = _image_size(stored.content)
            content["photo"] = [{**stored.as_json(), "width": width, "height": height}]
        else:
            content[kind] = {**stored.as_json(), "file_name": stored.name, "mime_type": stored.mime_type}
        formatted = None
        if call.params.get("caption"):
            content["caption"], formatted = _formatted(
                call.params["caption"], call.params.get("parse_mode"), CAPTION_LIMIT
            )
        return self._bot_message(call, content, formatted)

    def _file_parameter(self, call: ApiCall, kind: str) -> StoredFile:
        """The file a send method names: uploaded with the call, attached (attach://), or a known file id."""
        value = call.params.get(kind)
        if value is None or str(value).startswith("attach://"):
            upload = call.files.get(kind if value is None else str(value).removeprefix("attach://"))
            if upload is not None:
                return self.add_file(upload.content, upload.name, upload.mime_type)
        elif (known := self.files.get(str(value))) is not None:
            return known
        raise ApiError(400, f"Bad Request: wrong file identifier/HTTP URL specified ({kind})")

    def _send_location(self, call: ApiCall) -> JsonDict:
        location = {"latitude": float(call.params["latitude"]), "longitude": float(call.params["longitude"])}
        return self._bot_message(call, {"location": location}, None)

    def _send_chat_action(self, call: ApiCall) -> bool:
        self._chat(call).last_action = str(call.params.get("action"))
        return True

    def _edited(self, call: ApiCall, content: JsonDict, formatted: str | None) -> JsonDict:
        """Telegram's edit: the new content, and the keyboard the call gives (none given: none kept)."""
        chat = self._chat(call)
        message = chat.message(int(call.params["message_id"]))
        if not message.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        before = (message.payload, message.inline_keyboard)
        payload = {key: value for key, value in message.payload.items() if key != "reply_markup"}
        payload.update(content, edit_date=int(self.clock()))
        edited = ChatMessage(message.message_id, True, payload, formatted or message.html)
        self._apply_markup(chat, edited, call.params.get("reply_markup"))
        unchanged = {k: v for k, v in before[0].items() if k not in ("edit_date", "reply_markup")} == {
            k: v for k, v in payload.items() if k not in ("edit_date", "reply_markup")
        }
        if unchanged and before[1] == edited.inline_keyboard:
            raise ApiError(400, "Bad Request: message is not modified")
        message.history.append(message.payload)
        message.payload, message.html, message.inline_keyboard = edited.payload, edited.html, edited.inline_keyboard
        return message.payload

    def _edit_message_text(self, call: ApiCall) -> JsonDict:
        text, formatted = _formatted(call.params.get("text"), call.params.get("parse_mode"), MESSAGE_LIMIT)
        return self._edited(call, {"text": text}, formatted)

    def _edit_message_caption(self, call: ApiCall) -> JsonDict:
        caption, formatted = _formatted(call.params.get("caption"), call.params.get("parse_mode"), CAPTION_LIMIT)
        return self._edited(call, {"caption": caption}, formatted)

    def _edit_message_reply_markup(self, call: ApiCall) -> JsonDict:
        return self._edited(call, {}, None)

    def _delete_message(self, call: ApiCall) -> bool:
        self._chat(call).message(int(call.params["message_id"])).deleted = True
        return True

    def _answer_callback_query(self, call: ApiCall) -> bool:
        chat_id = self._queries.pop(str(call.params.get("callback_query_id")), None)
        if chat_id is None:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if text := call.params.get("text"):
            self.chats[chat_id].toasts.append(str(text))
        return True

    def _set_my_commands(self, call: ApiCall) -> bool:
        self.commands[_command_key(call.params)] = list(call.params.get("commands") or [])
        return True

    def _set_chat_menu_button(self, call: ApiCall) -> bool:
        self.menu_buttons[int(call.params.get("chat_id") or 0)] = call.params.get("menu_button")
        return True

    def launch_url(self, user: ChatUser, url: str) -> str:
        """`url` as Telegram opens a Mini App for `user`: its launch data in the fragment, signed
        with the bot's token (handlers/web/init_data.py checks it)."""
        fields = {
            "auth_date": str(int(time.time())),
            "query_id": f"demo-{next(self._query_ids)}",
            "user": json.dumps(user.as_json(), separators=(",", ":")),
        }
        launch = urlencode({**fields, "hash": sign(fields, self.token)})
        return f"{url}#{urlencode({'tgWebAppData': launch, 'tgWebAppVersion': '8.0', 'tgWebAppPlatform': 'web'})}"

    def _delete_my_commands(self, call: ApiCall) -> bool:
        self.commands.pop(_command_key(call.params), None)
        return True

    def _get_file(self, call: ApiCall) -> JsonDict:
        stored = self.files.get(str(call.params.get("file_id")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {**stored.as_json(), "file_path": stored.file_path}

    def commands_for(self, chat_id: int, language_code: str) -> list[JsonDict]:
        """The command menu `chat_id` sees: its own, else the default for its language, else the default."""
        chat_scope = {"type": "chat", "chat_id": chat_id}
        for scope, lang in ((chat_scope, language_code), (chat_scope, ""), ({"type": "default"}, language_code)):
            if (key := (json.dumps(scope, sort_keys=True), lang)) in self.commands:
                return self.commands[key]
        return self.commands.get((json.dumps({"type": "default"}, sort_keys=True), ""), [])


@contextlib.asynccontextmanager
async def serve(api: BotApiStandIn, *, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Serve `api` alone over HTTP; yields the root URL (port 0: a free port)."""
    app = web.Application(client_max_size=50 * 1024 * 1024)
    api.install(app)
    async with running(app, host, port) as root:
        yield root


@contextlib.asynccontextmanager
async def running(app: web.Application, host: str, port: int) -> AsyncIterator[str]:
    """Run an aiohttp `app` on host:port until the block ends; yields its root URL."""
    runner = web.AppRunner(app, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound_port = runner.addresses[0][1]
    try:
        yield f"http://{host}:{bound_port}"
    finally:
        await runner.cleanup()


# ── Reading parameters and formatting ─────────────────────────────────


async def _read_parameters(request: web.Request) -> tuple[JsonDict, dict[str, Upload]]:
    params: JsonDict = dict(request.query)
    files: dict[str, Upload] = {}
    if request.content_type == "application/json":
        body = await request.json()
        params.update(body if isinstance(body, dict) else {})
        return params, files
    if request.method == "POST":
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[name] = Upload(value.filename, value.content_type, value.file.read())
            else:
                params[name] = value
    decoded = {name: _decode(name, value) for name, value in params.items()}
    return decoded, files


def _decode(name: str, value: Any) -> Any:
    """Form values arrive as text; objects, numbers and booleans as JSON text."""
    if not isinstance(value, str) or name in _TEXT_PARAMETERS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _command_key(params: JsonDict) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


def _formatted(text: Any, parse_mode: Any, limit: int) -> tuple[str, str]:
    """Plain text (as Telegram returns it) and safe HTML for display; refuses what Telegram refuses."""
    if not isinstance(text, str):
        raise ApiError(400, "Bad Request: message text is empty")
    if parse_mode is None:
        plain, formatted = text, html.escape(text)
    elif str(parse_mode).upper() == "HTML":
        parser = _TelegramHtml()
        parser.feed(text)
        parser.close()
        if parser.open_tags:
            unclosed = parser.open_tags[-1]
            raise ApiError(400, f"Bad Request: can't parse entities: can't find end tag corresponding to {unclosed}")
        plain, formatted = "".join(parser.plain), "".join(parser.safe)
    else:
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode!r} in the stand-in")
    if len(plain) > limit:
        raise ApiError(400, "Bad Request: message is too long")
    return plain, formatted


class _TelegramHtml(HTMLParser):
    """Telegram's HTML subset: collects the plain text and a re-built, escaped copy."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.plain: list[str] = []
        self.safe: list[str] = []
        self.open_tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_TAGS:
            raise ApiError(400, f'Bad Request: can\'t parse entities: unsupported start tag "{tag}"')
        self.open_tags.append(tag)
        href = dict(attrs).get("href") or ""
        if tag == "a" and re.match(r"(https?|tg)://", href):
            self.safe.append(f'<a href="{html.escape(href)}" target="_blank" rel="noopener">')
        else:
            self.safe.append(f"<{tag}>" if tag != "a" else "<a>")

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags or self.open_tags[-1] != tag:
            raise ApiError(400, f'Bad Request: can\'t parse entities: unexpected end tag "{tag}"')
        self.open_tags.pop()
        self.safe.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.plain.append(data)
        self.safe.append(html.escape(data))


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "file"


def _image_size(content: bytes) -> tuple[int, int]:
    """Width and height of an image, (0, 0) when it is not one."""
    try:
        with Image.open(BytesIO(content)) as image:
            return image.size
    except (UnidentifiedImageError, OSError):
        return 0, 0
