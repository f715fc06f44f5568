"""The demo's web page and the small JSON API behind it.

The page (`bot/app/demo/page/`, plain HTML and JavaScript, the map drawn with the Leaflet copy in
`bot/files/assets/leaflet`) shows one Telegram-like chat per demo person. Everything a person
does there becomes what Telegram would deliver to the bot, through the stand-in's user side
(`BotApiStandIn.send_text`, `send_location`, `press`, ...). The buttons for scheduled sends call
the same job functions the JobQueue runs.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from bot.app.demo.bot_api import BotApiStandIn, ChatUser
from bot.domain import Role
from bot.services import Services
from handlers.scheduled.broadcast import BroadcastReport
from handlers.scheduled.jobs import alert_soon, local_now, send_reminders, send_weekly_digests

if TYPE_CHECKING:
    from bot.app.application import BotApplication

PAGE_DIR = Path(__file__).resolve().parent / "page"
LEAFLET_DIR = Path(__file__).resolve().parents[2] / "files" / "assets" / "leaflet"
LONG_POLL_S = 20.0
ROLE_TITLES = {
    "admin": "Admin",
    "coordinator": "Koordinator",
    "companion": "Pendamping",
    "newcomer": "Pendamping baru (tautan /undang)",
}


@dataclass(frozen=True)
class DemoPerson:
    """Somebody the trainer can be in the demo: a chat user with a role in the province or the
    demo's district, or nobody yet (the newcomer, who registers through an invitation link)."""

    key: str
    user: ChatUser
    role: Role | None  # None: not registered yet (the newcomer)
    # The whole province (an admin), else the demo's district.
    province_wide: bool = False


class DemoPage:
    """Routes of the page; `attach` gives it the running bot (for households and scheduled sends)."""

    def __init__(self, api: BotApiStandIn, people: Sequence[DemoPerson]) -> None:
        self.api = api
        self.people = {person.user.id: person for person in people}
        self._app: BotApplication | None = None

    def attach(self, app: BotApplication) -> None:
        self._app = app

    @property
    def services(self) -> Services:
        if self._app is None:
            raise web.HTTPServiceUnavailable(text="the bot is still starting")
        services: Services = self._app.bot_data["services"]
        return services

    def install(self, app: web.Application) -> None:
        app.router.add_get("/", self._index)
        app.router.add_get("/static/{name}", _static(PAGE_DIR))
        app.router.add_get("/leaflet/{name}", _static(LEAFLET_DIR))
        app.router.add_get("/demo/people", self._people)
        app.router.add_get("/demo/chat/{user_id}", self._chat)
        app.router.add_get("/demo/households/{user_id}", self._households)
        app.router.add_get("/demo/files/{file_id}", self._file)
        app.router.add_post("/demo/chat/{user_id}/text", self._text)
        app.router.add_post("/demo/chat/{user_id}/location", self._location)
        app.router.add_post("/demo/chat/{user_id}/move", self._move)
        app.router.add_post("/demo/chat/{user_id}/press", self._press)
        app.router.add_post("/demo/chat/{user_id}/web-app", self._web_app)
        app.router.add_post("/demo/chat/{user_id}/upload", self._upload)
        app.router.add_post("/demo/run/{job}", self._run_job)

    async def _index(self, _: web.Request) -> web.FileResponse:
        return web.FileResponse(PAGE_DIR / "index.html")

    def _user(self, request: web.Request) -> ChatUser:
        person = self.people.get(int(request.match_info["user_id"]))
        if person is None:
            raise web.HTTPNotFound(text="no such demo person")
        return person.user

    async def _people(self, _: web.Request) -> web.Response:
        """The demo people, the bot, and the middle of the province (where a map opens)."""
        people = []
        for person in self.people.values():
            role = person.role.value if person.role is not None else "newcomer"
            people.append(
                {"id": person.user.id, "name": person.user.first_name, "role": role, "title": ROLE_TITLES[role]}
            )
        box = self.services.settings.province.box
        centre = [(box.min_lat + box.max_lat) / 2, (box.min_lon + box.max_lon) / 2]
        return web.json_response({"people": people, "bot": self.api.bot_user, "centre": centre})

    async def _chat(self, request: web.Request) -> web.Response:
        """The chat, once it changed after version `since` (a long poll of at most 20 s)."""
        user = self._user(request)
        since = int(request.query.get("since", "-1"))
        version = await self.api.wait_for_change(since, LONG_POLL_S)
        chat = self.api.open_chat(user)
        unread = {
            str(chat_id): sum(1 for m in other.messages if m.from_bot and not m.deleted)
            for chat_id, other in self.api.chats.items()
        }
        return web.json_response(
            {
                "version": version,
                "chat": chat.as_json(),
                "commands": self.api.commands_for(user.id, user.language_code),
                "bot_messages": unread,
            }
        )

    async def _households(self, request: web.Request) -> web.Response:
        """A companion's households, to show on the location map (the demo's stand-in for knowing the way)."""
        person = await self.services.people.by_telegram_id(self._user(request).id)
        households = await self.services.households.of_companion(person.id) if person else []
        return web.json_response(
            [
                {"name": h.head_name, "dtks_id": h.dtks_id, "lat": h.latitude, "lon": h.longitude}
                for h in households
                if h.latitude is not None and h.longitude is not None
            ]
        )

    async def _file(self, request: web.Request) -> web.Response:
        stored = self.api.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        disposition = "attachment" if request.query.get("download") else "inline"
        headers = {
            "Content-Disposition": f'{disposition}; filename="{stored.name}"',
            # A file opened here (the bot's HTML map) runs in its own origin, never the page's.
            "Content-Security-Policy": "sandbox allow-scripts",
        }
        return web.Response(body=stored.content, content_type=stored.mime_type, headers=headers)

    async def _text(self, request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response(self.api.send_text(self._user(request), str(body["text"])))

    async def _location(self, request: web.Request) -> web.Response:
        body = await request.json()
        live = int(body["live_period"]) if body.get("live_period") else None
        accuracy = float(body["accuracy"]) if body.get("accuracy") else None
        message = self.api.send_location(
            self._user(request), float(body["lat"]), float(body["lon"]), live_period=live, accuracy=accuracy
        )
        return web.json_response(message)

    async def _move(self, request: web.Request) -> web.Response:
        body = await request.json()
        accuracy = float(body["accuracy"]) if body.get("accuracy") else None
        message = self.api.move_live_location(
            self._user(request), int(body["message_id"]), float(body["lat"]), float(body["lon"]), accuracy=accuracy
        )
        return web.json_response(message)

    async def _press(self, request: web.Request) -> web.Response:
        body = await request.json()
        query_id = self.api.press(self._user(request), int(body["message_id"]), str(body["data"]))
        return web.json_response({"query_id": query_id})

    async def _web_app(self, request: web.Request) -> web.Response:
        """A `web_app` button pressed: the Mini App's address as Telegram opens it, with the
        person's signed launch data (the page opens it in a new tab)."""
        body = await request.json()
        url = str(body.get("url") or "")
        if not url.startswith(("http://", "https://")):
            raise web.HTTPBadRequest(text="not a web app address")
        return web.json_response({"url": self.api.launch_url(self._user(request), url)})

    async def _upload(self, request: web.Request) -> web.Response:
        """A file from disk: as a photo (compressed, EXIF lost on Telegram) or as a file (kept whole)."""
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            raise web.HTTPBadRequest(text="no file")
        content = upload.file.read()
        user = self._user(request)
        caption = str(form.get("caption") or "") or None
        if form.get("as") == "photo":
            return web.json_response(self.api.send_photo(user, content, caption=caption))
        mime_type = upload.content_type or mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
        return web.json_response(self.api.send_document(user, content, upload.filename, mime_type, caption=caption))

    async def _run_job(self, request: web.Request) -> web.Response:
        """Make a scheduled send happen now: the same functions the JobQueue calls."""
        if self._app is None:
            raise web.HTTPServiceUnavailable(text="the bot is still starting")
        app, services = self._app, self.services
        job = request.match_info["job"]
        if job == "alerts":
            alert_soon(app)
            return web.json_response({"job": job, "sent": None})
        runs: dict[str, Callable[[], Awaitable[BroadcastReport | None]]] = {
            "reminders": lambda: send_reminders(app, local_now(services)),
            "digest": lambda: send_weekly_digests(app, local_now(services)),
        }
        if job not in runs:
            raise web.HTTPNotFound(text="jobs: reminders, digest, alerts")
        report = await runs[job]()
        return web.json_response({"job": job, "sent": _sent(report)})


def _sent(report: BroadcastReport | None) -> int:
    """How many got the send now (a period already sent is not sent twice, as in production)."""
    return 0 if report is None else len(report.outcomes)


def _static(folder: Path) -> Callable[[web.Request], Awaitable[web.FileResponse]]:
    async def serve(request: web.Request) -> web.FileResponse:
        name = request.match_info["name"]
        path = folder / name
        if "/" in name or name.startswith(".") or not path.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    return serve
