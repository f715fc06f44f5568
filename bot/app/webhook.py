"""Webhook mode: the bot's HTTP server (aiohttp, as its Bot API client and the dashboard) takes
the updates Telegram posts and hands them to the Application, answers `/healthz`, and serves
the office's dashboard when it is enabled: one server, one port.

A reverse proxy (deploy/Caddyfile) terminates TLS and passes `telegram.webhook_path` on. Every
update must carry the secret given to setWebhook in the header Telegram sends it in; a request
without it is refused (403) and logged with where it came from, never with its body (updates hold
households' data). PTB's own webhook server logs bodies at DEBUG and serves nothing else, hence
this one. `serve_webhook` runs it for `python -m bot` in webhook mode.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import logging
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.app.health import HealthCheck
from bot.app.web_server import serving
from bot.services import Services
from handlers.routes import SERVED_UPDATES

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
# Telegram's updates are small; a file travels as an id. Anything bigger is not Telegram.
MAX_BODY_BYTES = 1024 * 1024

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
APPLICATION = web.AppKey("application", Application[Any, Any, Any, Any, Any, Any])
SECRET = web.AppKey("secret", bytes)
HEALTH = web.AppKey("health", HealthCheck)


def remote_ip(request: web.Request) -> str | None:
    """Who sent the request: the address the reverse proxy on this machine passed on
    (X-Real-Ip, else the last of X-Forwarded-For), or the peer's own."""
    peer = request.remote
    try:
        behind_proxy = peer is not None and ipaddress.ip_address(peer).is_loopback
    except ValueError:
        behind_proxy = False
    if behind_proxy:
        forwarded = request.headers.get("X-Real-Ip") or request.headers.get("X-Forwarded-For", "").split(",")[-1]
        if forwarded.strip():
            return forwarded.strip()
    return peer


async def _take_update(request: web.Request) -> web.Response:
    body = await request.read()
    given = request.headers.get(SECRET_HEADER)
    if given is None or not hmac.compare_digest(given.encode(), request.app[SECRET]):
        return _refuse(request, 403, "missing secret token" if given is None else "wrong secret token", len(body))
    try:
        data = json.loads(body)
    except ValueError:
        return _refuse(request, 400, "not an update", len(body))
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        return _refuse(request, 400, "not an update", len(body))
    app = request.app[APPLICATION]
    try:
        update = Update.de_json(data, app.bot)
    except Exception:  # noqa: BLE001 - whatever PTB raises, the update is unreadable
        # Acknowledged, or Telegram would post it again and again, ahead of everyone's updates.
        log.error("update skipped: it cannot be read", extra={"update_id": data["update_id"], "size_bytes": len(body)})
        return web.Response(status=200)
    await app.update_queue.put(update)
    return web.Response(status=200)


async def _wrong_method(request: web.Request) -> web.Response:
    # Another method than POST (a scanner's or a browser's GET): no one need be woken for it.
    return _refuse(request, 405, f"method {request.method} not allowed", 0, level=logging.INFO)


def _refuse(request: web.Request, status: int, reason: str, size: int, *, level: int = logging.WARNING) -> web.Response:
    log.log(
        level,
        "webhook request refused",
        extra={
            "reason": reason,
            "status": status,
            "remote_ip": remote_ip(request),
            "forwarded_for": request.headers.get("X-Forwarded-For"),
            "path": request.path,
            "body_bytes": size,
        },
    )
    return web.Response(status=status)


async def _health(request: web.Request) -> web.Response:
    report = await request.app[HEALTH].report()
    return web.json_response(report.as_dict(), status=200 if report.ok else 503)


def webhook_app(app: AnyApplication, *, secret: str, path: str, health: HealthCheck) -> web.Application:
    """The server's routes: updates on `path`, and /healthz."""
    web_app = web.Application(client_max_size=MAX_BODY_BYTES)
    web_app[APPLICATION], web_app[SECRET], web_app[HEALTH] = app, secret.encode(), health
    web_app.router.add_post(path, _take_update)
    web_app.router.add_route("*", path, _wrong_method)
    web_app.router.add_get(HEALTH_PATH, _health)
    return web_app


class WebhookServer:
    """Serves `path` (updates) and /healthz on `listen`:`port` (0 = any free port, for tests)."""

    def __init__(
        self,
        app: AnyApplication,
        *,
        secret: str,
        path: str,
        health: HealthCheck,
        services: Services | None = None,
    ) -> None:
        self.web_app = webhook_app(app, secret=secret, path=path, health=health)
        if services is not None and services.settings.dashboard.enabled:
            # Imported here: the dashboard counts with NumPy, which a bot without it never loads.
            from handlers.web.app import install_dashboard

            install_dashboard(self.web_app, services, app)
        self._serving: Any = None
        self.port = 0

    async def start(self, listen: str, port: int) -> int:
        """Listen and return the port."""
        self._serving = serving(self.web_app, listen, port)
        self.port = await self._serving.__aenter__()
        return self.port

    async def stop(self) -> None:
        if self._serving is not None:
            serving_now, self._serving = self._serving, None
            await serving_now.__aexit__(None, None, None)


async def serve_webhook(app: AnyApplication, services: Services, stop: asyncio.Event) -> None:
    """Listen (the dashboard on the same port, when enabled), then tell Telegram where to post
    (with the secret, for the kinds of update the bot serves); on stop, stop listening. The
    webhook stays set, so Telegram keeps the updates of a restart and delivers them after."""
    settings = services.settings
    telegram = settings.telegram
    assert telegram.webhook_url is not None and settings.webhook_secret is not None, "checked by load_settings"
    secret = settings.webhook_secret.get_secret_value()
    health = HealthCheck(services.health, app.bot)
    server = WebhookServer(app, secret=secret, path=telegram.webhook_path, health=health, services=services)
    await server.start(telegram.listen, telegram.port)
    try:
        await app.bot.set_webhook(
            telegram.webhook_url,
            secret_token=secret,
            allowed_updates=list(SERVED_UPDATES),
            max_connections=telegram.max_connections,
        )
        await stop.wait()
    finally:
        await server.stop()
