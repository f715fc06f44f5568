"""The dashboard as an aiohttp application: its routes, its static files and the headers every
answer carries.

Every page, script and style sheet is served from this package (`static/`) and Leaflet from
`bot/files/assets/leaflet`: nothing comes from a CDN, so the dashboard works offline (the map
tiles excepted, from `dashboard.tile_url`). The Content-Security-Policy allows scripts and
styles from the dashboard alone (no inline script), images also from the tile server, and
framing only by Telegram's web client (which opens Mini Apps in a frame).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from telegram.ext import Application

from bot.monitoring.register import Monitor
from bot.monitoring.views import Moments
from bot.services import Services
from handlers.web import api, auth, review, tables
from handlers.web.context import BOT, MONITOR, SERVICES
from handlers.web.params import BadParameter

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "static"
LEAFLET_DIR = Path(__file__).resolve().parents[2] / "bot" / "files" / "assets" / "leaflet"
# Sign-in bodies and review reasons are small; nothing else is posted.
MAX_REQUEST_BYTES = 64 * 1024
TELEGRAM_WEB = "https://web.telegram.org"
TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png"}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class StaticFile:
    content: bytes
    gzipped: bytes
    content_type: str
    etag: str


def _load_static() -> dict[str, StaticFile]:
    """The pages and their scripts, styles and Leaflet, compressed once at start."""
    files = {}
    sources = [(f"/{path.name}", path) for path in STATIC_DIR.iterdir() if path.suffix in TYPES]
    sources += [(f"/leaflet/{path.name}", path) for path in LEAFLET_DIR.iterdir() if path.suffix in TYPES]
    for route, path in sources:
        content = path.read_bytes()
        files[route] = StaticFile(
            content,
            gzip.compress(content, compresslevel=9, mtime=0),
            f"{TYPES[path.suffix]}; charset=utf-8" if path.suffix != ".png" else TYPES[path.suffix],
            f'"{hashlib.sha256(content).hexdigest()[:16]}"',
        )
    return files


def content_security_policy(tile_url: str | None) -> str:
    tiles = ""
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "x"))
        host = parts.netloc if "{s}" not in tile_url else "*." + parts.netloc.split(".", 1)[1]
        tiles = f" {parts.scheme}://{host}"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
        f" img-src 'self' data:{tiles}; media-src 'self'; font-src 'self';"
        f" base-uri 'none'; form-action 'self'; frame-ancestors 'self' {TELEGRAM_WEB}"
    )


def build_dashboard(services: Services, bot: Application[Any, Any, Any, Any, Any, Any]) -> web.Application:
    """The dashboard of the running bot `bot` (its services, its chat for review notices), as an
    application of its own."""
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    install_dashboard(app, services, bot)
    return app


def install_dashboard(app: web.Application, services: Services, bot: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the dashboard's routes to `app` (the webhook server's, in webhook mode). Its handlers
    read bodies of a few kilobytes at most, whatever `app` allows."""
    app.middlewares.extend([_headers(services), _bad_parameters])
    settings = services.settings
    app[SERVICES] = services
    app[BOT] = bot
    app[MONITOR] = Monitor(
        services.monitoring,
        lambda: [regency.code for regency in settings.province.data.regencies],
        lambda: Moments.at(services.clock.now(), settings.locale.tz, settings.reminders.overdue_days).window,
    )
    files = _load_static()

    async def page(request: web.Request) -> web.StreamResponse:
        name = {"/": "/index.html", "/login": "/login.html"}.get(request.path, request.path.removeprefix("/static"))
        found = files.get(name)
        if found is None:
            raise web.HTTPNotFound()
        return _static(request, found)

    app.router.add_get("/", page)
    app.router.add_get("/login", page)
    app.router.add_get("/static/{name:.+}", page)
    app.router.add_post("/api/session/telegram", auth.sign_in_with_telegram)
    app.router.add_post("/api/session/link", auth.sign_in_with_link)
    app.router.add_post("/api/session/end", auth.sign_out)
    app.router.add_get("/api/public-texts", api.public_texts)
    app.router.add_get("/api/me", api.me)
    app.router.add_get("/api/places", api.places)
    app.router.add_get("/api/outline", api.outline)
    app.router.add_get("/api/map", api.map_view)
    app.router.add_get("/api/household/{id}", api.household)
    app.router.add_get("/api/visit/{id}", api.visit)
    app.router.add_get("/api/photo/{id}", api.photo)
    app.router.add_get("/api/voice/{id}", api.voice)
    app.router.add_get("/api/coverage", api.coverage)
    app.router.add_get("/api/coverage.{kind}", tables.coverage_file)
    app.router.add_get("/api/companions", api.companions)
    app.router.add_get("/api/review", api.review_queue)
    app.router.add_post("/api/review/{id}", review.decide)
    app.router.add_get("/api/today", api.today)
    app.on_startup.append(_start_monitor)
    app.on_cleanup.append(_stop_monitor)


async def _start_monitor(app: web.Application) -> None:
    app[MONITOR].start()


async def _stop_monitor(app: web.Application) -> None:
    await app[MONITOR].stop()


def _static(request: web.Request, found: StaticFile) -> web.StreamResponse:
    headers = {"ETag": found.etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
    if request.headers.get("If-None-Match") == found.etag:
        return web.Response(status=304, headers=headers)
    body = found.content
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        body, headers["Content-Encoding"] = found.gzipped, "gzip"
    return web.Response(body=body, headers={**headers, "Content-Type": found.content_type})


def _headers(services: Services) -> Any:
    policy = content_security_policy(services.settings.dashboard.tile_url)

    @web.middleware
    async def headers(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            _secure(exc, policy)
            raise
        _secure(response, policy)
        return response

    return headers


def _secure(response: web.StreamResponse, policy: str) -> None:
    response.headers["Content-Security-Policy"] = policy
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if response.headers.get("Content-Type", "").startswith("application/json"):
        response.headers["Cache-Control"] = "no-store"


@web.middleware
async def _bad_parameters(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except BadParameter as exc:
        return api.json_response({"error": str(exc)}, 400)
