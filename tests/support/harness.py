"""Drive the real Application end to end without a network.

`FakeBotApi` replaces the Bot's HTTP layer: it records every Bot API call (method and
parameters, uploaded files) and answers as Telegram would. `BotHarness` builds the real
Application on a SQLite file, feeds it update JSON as Telegram sends it, and can restart or
"crash" it. `FakeUser` scripts one person's side of a conversation.

    async with BotHarness(tmp_path) as bot:
        admin = await bot.register(Role.ADMIN)
        answer = await admin.command("bantuan")
        assert "/start" in answer.text
"""

from __future__ import annotations

import asyncio
import html
import inspect
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from telegram import Update
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from bot.app.application import BotApplication, build_application, running_application
from bot.config import Settings
from bot.domain import Person, Role
from bot.services import Services
from handlers.plumbing.persistence import SqlitePersistence
from handlers.plumbing.rate_limits import Limits
from handlers.registry.import_checks import import_checks

BOT_ID = 7000000001
BOT_USERNAME = "jamsosratu_test_bot"
TEST_TOKEN = f"{BOT_ID}:AAFakeTokenForTestsOnly0123456789abcdef"
# 2025-11-27 10:00 WIB (a Thursday), in Unix seconds.
DEFAULT_NOW = 1764212400
# A scripted user goes through a conversation far faster than a person can: Telegram's limits,
# which would pace that to a message a second, are lifted unless a test is about them.
NO_LIMITS = Limits(chat_per_s=1e6, chat_burst=10**6, group_per_minute=10**9, scheduled_per_s=1e6, overall_per_s=10**9)

# Kinds of message no step asks for (each as Telegram sends it).
OTHER_KINDS: list[dict[str, Any]] = [
    {"video": {"file_id": "v", "file_unique_id": "uv", "width": 640, "height": 480, "duration": 3}},
    {"dice": {"emoji": "🎲", "value": 4}},
    {
        "poll": {
            "id": "p1",
            "question": "Kapan?",
            "options": [
                {"persistent_id": "o1", "text": "Besok", "voter_count": 0},
                {"persistent_id": "o2", "text": "Lusa", "voter_count": 0},
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }
    },
]


class FakeClock:
    """A clock that moves only when a test says so."""

    def __init__(self, now: int = DEFAULT_NOW) -> None:
        self._now = now

    def now(self) -> int:
        return self._now

    def set(self, now: int) -> None:
        self._now = now

    def advance(self, seconds: int) -> None:
        self._now += seconds


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    # False when the fake answered with an injected error (Telegram did not take the call).
    ok: bool = True

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline buttons of this call's keyboard, row after row."""
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    @property
    def keyboard(self) -> list[str]:
        """Labels of this call's reply-keyboard buttons."""
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        return [
            button["text"] if isinstance(button, dict) else button
            for row in markup.get("keyboard", [])
            for button in row
        ]


class SimulatedCrash(BaseException):
    """The process dying mid-way (see `FakeBotApi.crash_after`); no `except Exception` stops it."""


@dataclass
class _Latency:
    method: str
    seconds: float
    chat_id: int | None
    times: int


@dataclass
class _Failure:
    method: str
    status: int
    description: str
    retry_after: int | None
    chat_id: int | None
    times: int


Rule = TypeVar("Rule", _Latency, _Failure)


def _take_rule(rules: list[Rule], call: ApiCall) -> Rule | None:
    """The first rule for this call's method (or "*") and chat; it counts down and goes at zero."""
    for rule in rules:
        if rule.method not in (call.method, "*") or rule.chat_id not in (None, call.chat_id):
            continue
        rule.times -= 1
        if rule.times <= 0:
            rules.remove(rule)
        return rule
    return None


class FakeBotApi(BaseRequest):
    """A recording stand-in for the Bot API server, with faults on demand: errors (`fail`: 5xx,
    429 with `retry_after`, 403), slow answers (`slow`), updates waiting for getUpdates
    (`queue_update`, raw JSON: also what PTB cannot read).

    Latency is counted in Telegram seconds and slept scaled by `time_scale`, so a test of a 7 s
    answer takes 70 ms; a call slower than the bot's read timeout (`timeout_s`, from its
    settings) reaches Telegram but the bot gets `TimedOut`, as over real HTTP. With
    `duplicate_delivery`, getUpdates hands out every update twice."""

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self.files: dict[str, bytes] = {}
        self.sent: dict[int, list[int]] = {}  # chat id -> ids of the messages the bot sent there
        self._message_ids = itertools.count(5000)
        self._failures: list[_Failure] = []
        self._latencies: list[_Latency] = []
        self._crashes: list[tuple[str, int]] = []
        self.clock: Callable[[], int] = lambda: DEFAULT_NOW
        self.timeout_s = 5.0
        self.time_scale = 0.01
        self.updates: list[dict[str, Any]] = []  # waiting for getUpdates, oldest first
        # getUpdates hands out every update twice (as Telegram does after a lost acknowledgement).
        self.duplicate_delivery = False
        self.get_updates_offsets: list[int] = []

    @property
    def read_timeout(self) -> float | None:
        return self.timeout_s

    def slow(self, method: str, seconds: float, *, chat_id: int | None = None, times: int = 10**9) -> None:
        """Answer the next `times` calls of `method` (`*`: any) after `seconds` (Telegram seconds)."""
        self._latencies.append(_Latency(method, seconds, chat_id, times))

    def heal(self) -> None:
        """Telegram works again: no more injected errors or latency."""
        self._failures.clear()
        self._latencies.clear()

    def queue_update(self, update: dict[str, Any]) -> None:
        """An update Telegram holds for the bot until getUpdates acknowledges it."""
        self.updates.append(update)

    async def initialize(self) -> None:
        """Nothing to connect to."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def add_file(self, file_id: str, content: bytes) -> str:
        """Make `content` downloadable as `file_id`; returns the file path Telegram would give."""
        path = f"files/{file_id}"
        self.files[path] = content
        return path

    def fail(
        self,
        method: str,
        *,
        status: int = 500,
        description: str = "Internal Server Error",
        retry_after: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` (`*`: any; to `chat_id`, if given) with an
        error; a 429's `retry_after` (Telegram seconds) is sent scaled by `time_scale`."""
        self._failures.append(_Failure(method, status, description, retry_after, chat_id, times))

    def block(self, chat_id: int) -> None:
        """The user `chat_id` blocked the bot: every message to them fails with 403."""
        self.fail("*", status=403, description="Forbidden: bot was blocked by the user", chat_id=chat_id, times=10**9)

    def crash_after(self, method: str, *, chat_id: int) -> None:
        """Let the next `method` call to `chat_id` reach Telegram, then raise `SimulatedCrash`
        before the bot learns it succeeded, as if the process died right then."""
        self._crashes.append((method, chat_id))

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            path = url.split("/file/bot", 1)[1].split("/", 1)[1]
            if path not in self.files:
                return 404, b"Not Found"
            return 200, self.files[path]
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data and request_data.multipart_data:
            files = {name: (str(value[0]), bytes(value[1])) for name, value in request_data.multipart_data.items()}
        call = ApiCall(api_method, params, files)
        if api_method != "getUpdates":
            self.calls.append(call)
        failure = self._take_failure(call)
        latency = self._take_latency(call)
        if latency:
            timeout = _.get("read_timeout")
            timeout = float(timeout) if isinstance(timeout, int | float) else self.timeout_s
            if latency > timeout:
                await asyncio.sleep(timeout * self.time_scale)
                raise TimedOut(f"no answer within {timeout} s")  # Telegram got it all the same
            await asyncio.sleep(latency * self.time_scale)
        too_long = _over_limit(call)
        if too_long is not None:
            call.ok = False
            return 400, json.dumps({"ok": False, "error_code": 400, "description": too_long}).encode()
        if failure is not None:
            call.ok = False
            body: dict[str, Any] = {"ok": False, "error_code": failure.status, "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after * self.time_scale}
            return failure.status, json.dumps(body).encode()
        result = self._result(call)
        if call.method == "getUpdates" and not result:
            await asyncio.sleep(0.01)  # a long poll that found nothing
        answer = json.dumps({"ok": True, "result": result}).encode()
        if (call.method, call.chat_id) in self._crashes:
            self._crashes.remove((call.method, call.chat_id))
            raise SimulatedCrash(f"crashed after {call.method} to {call.chat_id}")
        return 200, answer

    def _take_latency(self, call: ApiCall) -> float:
        latency = _take_rule(self._latencies, call)
        return latency.seconds if latency else 0.0

    def _take_failure(self, call: ApiCall) -> _Failure | None:
        return _take_rule(self._failures, call)

    def _result(self, call: ApiCall) -> Any:
        params = call.params
        if call.method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Jamsosratu",
                "username": BOT_USERNAME,
                "can_join_groups": False,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if call.method == "getUpdates":
            offset = int(params.get("offset") or 0)
            self.get_updates_offsets.append(offset)
            self.updates = [update for update in self.updates if int(update.get("update_id", 0)) >= offset]
            batch = self.updates[: int(params.get("limit") or 100)]
            return [copy for update in batch for copy in ([update] * (2 if self.duplicate_delivery else 1))]
        if call.method == "getFile":
            file_id = str(params["file_id"])
            path = f"files/{file_id}"
            return {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(self.files.get(path, b"")),
                "file_path": path,
            }
        if call.method.startswith(("send", "edit", "copy", "forward")):
            if call.method == "sendMediaGroup":
                return [self._message(params) for _ in params.get("media", [])]
            return self._message(params)
        return True

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params.get("chat_id", 0))
        message: dict[str, Any] = {
            "message_id": int(params.get("message_id") or next(self._message_ids)),
            "date": self.clock(),
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Jamsosratu", "username": BOT_USERNAME},
        }
        if "text" in params:
            message["text"] = params["text"]
        self.sent.setdefault(chat_id, []).append(message["message_id"])
        return message


@dataclass
class BotResponse:
    """The Bot API calls the bot made while handling one update."""

    calls: list[ApiCall]
    # Time the Application took to handle the update (not building it), for bench/report_flow.py.
    processing_ms: float = 0.0

    @property
    def messages(self) -> list[ApiCall]:
        return [call for call in self.calls if call.method.startswith(("send", "edit"))]

    @property
    def texts(self) -> list[str]:
        return [call.text for call in self.messages if call.text]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [button for call in self.messages for button in call.buttons]

    @property
    def keyboard(self) -> list[str]:
        return [label for call in self.messages for label in call.keyboard]

    @property
    def toast(self) -> str:
        """The text of the button answer (answerCallbackQuery), if any."""
        answers = [call for call in self.calls if call.method == "answerCallbackQuery"]
        return str(answers[-1].params.get("text") or "") if answers else ""

    def documents(self) -> list[tuple[str, bytes]]:
        return [file for call in self.calls if call.method == "sendDocument" for file in call.files.values()]

    def button(self, label_part: str) -> dict[str, Any]:
        """The first inline button whose label contains `label_part`."""
        for button in self.buttons:
            if label_part in button["text"]:
                return button
        raise AssertionError(f"no button with {label_part!r} in {[b['text'] for b in self.buttons]}")


class BotHarness:
    """The real Application on a SQLite file in `folder`, fed with update JSON."""

    def __init__(
        self,
        folder: Path,
        config: dict[str, Any] | None = None,
        clock: FakeClock | None = None,
        extra_handlers: Callable[[BotApplication], None] | None = None,
        limits: Limits = NO_LIMITS,
        polling_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.folder = folder
        self.limits = limits
        self.polling_sleep = polling_sleep
        self._extra_handlers = extra_handlers
        self.clock = clock or FakeClock()
        self.api = FakeBotApi()
        self.api.clock = self.clock.now
        self.settings = make_settings(folder, config)
        self.api.timeout_s = self.settings.telegram.read_timeout_s
        self.services: Services
        self.app: BotApplication
        self._running: Any = None
        self._update_ids = itertools.count(100000)
        self._message_ids = itertools.count(1)
        self._user_ids = itertools.count(900001)
        # (user id, number of API calls before it) of every update processed, to find unanswered ones
        self.actions: list[tuple[int | None, int]] = []

    async def __aenter__(self) -> BotHarness:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        self.services = Services.create(self.settings, clock=self.clock)
        await self.services.db.open()
        self.app = build_application(
            self.services, request=self.api, limits=self.limits, polling_sleep=self.polling_sleep
        )
        if self._extra_handlers is not None:
            self._extra_handlers(self.app)
        self._running = running_application(self.app, in_order=True)
        await self._running.__aenter__()

    async def stop(self) -> None:
        """A clean shutdown, as on SIGTERM."""
        if self._running is not None:
            running, self._running = self._running, None
            try:
                await running.__aexit__(None, None, None)
            finally:
                # Open connections' threads would keep the test process alive after a failure.
                await self.services.db.close()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def crash_and_restart(self, *, state_written: bool = True) -> None:
        """Lose the running Application without any shutdown step, then start a new one. The
        crash comes between updates, once the state of the last one is written (see
        `handlers.plumbing.persistence`), or with `state_written=False` right after it, before that write."""
        if state_written:
            await self.state_written()
        elif (writer := self._persistence()._writing) is not None:
            writer.cancel()  # the writer dies with the process
        self._running = None
        if self.app.job_queue is not None and self.app.job_queue.scheduler.running:
            self.app.job_queue.scheduler.shutdown(wait=False)
        await self.services.db.close()
        await self.start()

    async def state_written(self) -> None:
        """Wait until the persistence has written the state of the updates handled so far."""
        await self._persistence().written()

    def _persistence(self) -> SqlitePersistence:
        assert isinstance(self.app.persistence, SqlitePersistence)
        return self.app.persistence

    async def process(self, update: dict[str, Any]) -> BotResponse:
        """Handle one update exactly as polling would; return the API calls it caused."""
        before = len(self.api.calls)
        self.actions.append((_sender_id(update), before))
        parsed = Update.de_json(update, self.app.bot)
        started = time.perf_counter()
        checks = import_checks(self.app)
        running = checks.tasks()
        await self.app.update_processor.process_update(parsed, self.app.process_update(parsed))
        if begun := checks.tasks() - running:
            await asyncio.wait(begun)  # an import file is checked in the background: its answer too
        return BotResponse(self.api.calls[before:], (time.perf_counter() - started) * 1000)

    async def wait_for(self, condition: Callable[[], bool | Awaitable[bool]], timeout_s: float = 5.0) -> None:
        """Let jobs the bot scheduled to run at once (on the real JobQueue) do so, until
        `condition` (plain or awaitable, e.g. a database look-up) holds; fail after `timeout_s`."""

        async def holds() -> bool:
            result = condition()
            return await result if inspect.isawaitable(result) else result

        async def poll() -> None:
            while not await holds():
                await asyncio.sleep(0.01)

        await asyncio.wait_for(poll(), timeout_s)

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def next_message_id(self) -> int:
        return next(self._message_ids)

    def user(self, telegram_id: int | None = None, first_name: str = "Tester", **profile: Any) -> FakeUser:
        return FakeUser(self, telegram_id or next(self._user_ids), first_name, **profile)

    async def register(
        self,
        role: Role,
        *,
        regions: tuple[str, ...] = (),
        first_name: str | None = None,
        telegram_id: int | None = None,
    ) -> FakeUser:
        """A person already registered with `role` (default regions: province for coordinators
        and admins, Kabupaten Serang for companions), and their Telegram side."""
        if not regions:
            regions = ("3604",) if role is Role.COMPANION else ("36",)
        user = self.user(telegram_id, first_name or role.value.title())
        user.person = await self.services.people.create(
            telegram_user_id=user.id,
            full_name=user.first_name,
            role=role,
            region_codes=regions,
        )
        return user


@dataclass
class FakeUser:
    """One Telegram user talking to the bot in a private chat."""

    harness: BotHarness
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str = "id"
    person: Person | None = None

    def sender(self) -> dict[str, Any]:
        user: dict[str, Any] = {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        return user

    def message(self, forwarded: bool = False, **content: Any) -> dict[str, Any]:
        message = {
            "message_id": self.harness.next_message_id(),
            "date": self.harness.clock.now(),
            "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
            "from": self.sender(),
            **content,
        }
        if forwarded:
            message["forward_origin"] = {
                "type": "user",
                "date": self.harness.clock.now() - 3600,
                "sender_user": {"id": 42, "is_bot": False, "first_name": "Lain"},
            }
        return message

    async def send_message(self, message: dict[str, Any], *, edited: bool = False) -> BotResponse:
        kind = "edited_message" if edited else "message"
        if edited:
            message = {**message, "edit_date": self.harness.clock.now()}
        return await self.harness.process({"update_id": self.harness.next_update_id(), kind: message})

    async def send_text(self, text: str, *, forwarded: bool = False) -> BotResponse:
        return await self.send_message(self.message(forwarded, text=text))

    def bot_message(self, message_id: int) -> dict[str, Any]:
        """A message the bot sent to this user, as Telegram quotes it in a reply."""
        return {
            "message_id": message_id,
            "date": self.harness.clock.now(),
            "text": "…",
            "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Jamsosratu", "username": BOT_USERNAME},
        }

    async def reply_text(self, to_message_id: int, text: str) -> BotResponse:
        """Answer the bot's message `to_message_id` (Telegram's reply, e.g. to a ForceReply prompt)."""
        return await self.send_message(self.message(text=text, reply_to_message=self.bot_message(to_message_id)))

    async def reply_sticker(self, to_message_id: int) -> BotResponse:
        sticker = {
            "file_id": "sticker-1",
            "file_unique_id": "u-sticker-1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return await self.send_message(self.message(sticker=sticker, reply_to_message=self.bot_message(to_message_id)))

    async def command(self, command: str, *args: str) -> BotResponse:
        text = " ".join(["/" + command, *args])
        entity = {"type": "bot_command", "offset": 0, "length": len(command) + 1}
        return await self.send_message(self.message(text=text, entities=[entity]))

    def location_message(
        self,
        latitude: float,
        longitude: float,
        *,
        live_period: int | None = None,
        accuracy: float | None = None,
        forwarded: bool = False,
        date: int | None = None,
    ) -> dict[str, Any]:
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if live_period is not None:
            location["live_period"] = live_period
        if accuracy is not None:
            location["horizontal_accuracy"] = accuracy
        message = self.message(forwarded, location=location)
        if date is not None:
            message["date"] = date
        return message

    async def send_location(self, latitude: float, longitude: float, **options: Any) -> BotResponse:
        return await self.send_message(self.location_message(latitude, longitude, **options))

    async def move_live_location(
        self, original: dict[str, Any], latitude: float, longitude: float, accuracy: float | None = None
    ) -> BotResponse:
        """Telegram's update of a running live location: an edited message."""
        location = {**original["location"], "latitude": latitude, "longitude": longitude}
        if accuracy is not None:
            location["horizontal_accuracy"] = accuracy
        return await self.send_message({**original, "location": location}, edited=True)

    async def send_venue(self, latitude: float, longitude: float, title: str = "Warung") -> BotResponse:
        location = {"latitude": latitude, "longitude": longitude}
        venue = {"location": location, "title": title, "address": "Jl. Raya"}
        return await self.send_message(self.message(location=location, venue=venue))

    async def send_photo(
        self, content: bytes, *, file_id: str | None = None, forwarded: bool = False, caption: str | None = None
    ) -> BotResponse:
        file_id = file_id or f"photo-{self.harness.next_message_id()}"
        self.harness.api.add_file(file_id, content)
        sizes = [
            {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "width": 640,
                "height": 480,
                "file_size": len(content),
            }
        ]
        extra = {"caption": caption} if caption else {}
        return await self.send_message(self.message(forwarded, photo=sizes, **extra))

    async def send_document(
        self, content: bytes, file_name: str, mime_type: str, *, file_id: str | None = None, forwarded: bool = False
    ) -> BotResponse:
        file_id = file_id or f"doc-{self.harness.next_message_id()}"
        self.harness.api.add_file(file_id, content)
        document = {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        return await self.send_message(self.message(forwarded, document=document))

    async def send_sticker(self) -> BotResponse:
        sticker = {
            "file_id": "sticker-1",
            "file_unique_id": "u-sticker-1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return await self.send_message(self.message(sticker=sticker))

    async def send_voice(self, content: bytes = b"OggS-voice", duration: int = 3) -> BotResponse:
        file_id = f"voice-{self.harness.next_message_id()}"
        self.harness.api.add_file(file_id, content)
        voice = {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(content),
        }
        return await self.send_message(self.message(voice=voice))

    async def send_contact(self) -> BotResponse:
        contact = {"phone_number": "+6281234567890", "first_name": "Budi"}
        return await self.send_message(self.message(contact=contact))

    async def press(self, button: dict[str, Any] | str, message_id: int = 1) -> BotResponse:
        """Press an inline button (a button dict from a response, or its callback data)."""
        data = button if isinstance(button, str) else button["callback_data"]
        query = {
            "id": str(self.harness.next_update_id()),
            "from": self.sender(),
            "chat_instance": f"ci-{self.id}",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": self.harness.clock.now(),
                "chat": {"id": self.id, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Jamsosratu"},
                "text": "…",
            },
        }
        return await self.harness.process({"update_id": self.harness.next_update_id(), "callback_query": query})


# Telegram's limits on what a bot sends, in UTF-16 code units of the text once its HTML is parsed.
TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024


def telegram_units(text: str, parse_mode: object = "HTML") -> int:
    """The length of a message text or caption as Telegram measures it against its limits."""
    if parse_mode == "HTML":
        text = html.unescape(re.sub(r"<[^>]*>", "", text))
    return len(text.encode("utf-16-le")) // 2


def _over_limit(call: ApiCall) -> str | None:
    """Telegram's refusal of a message text or caption over its limit (as the real one words it)."""
    if not call.method.startswith(("send", "edit")):
        return None
    for name, limit, refusal in (
        ("text", TEXT_LIMIT, "Bad Request: message is too long"),
        ("caption", CAPTION_LIMIT, "Bad Request: message caption is too long"),
    ):
        value = call.params.get(name)
        if isinstance(value, str) and telegram_units(value, call.params.get("parse_mode")) > limit:
            return refusal
    return None


def _sender_id(update: dict[str, Any]) -> int | None:
    for kind, content in update.items():
        if kind != "update_id" and isinstance(content, dict) and isinstance(content.get("from"), dict):
            return int(content["from"]["id"])
    return None


def make_settings(folder: Path, overrides: dict[str, Any] | None = None) -> Settings:
    """Settings for a test bot whose files all live in `folder`."""
    data: dict[str, Any] = {
        "database": {"path": str(folder / "bot.db")},
        "storage": {"photo_dir": str(folder / "photos")},
        "token": TEST_TOKEN,
    }
    for section, values in (overrides or {}).items():
        if isinstance(values, dict):
            data.setdefault(section, {}).update(values)
        else:
            data[section] = values
    return Settings.model_validate(data)
