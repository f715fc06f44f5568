"""Webhook mode: an HTTP server (tornado) that takes the updates Telegram posts and hands them to
the Application, and answers `/healthz`.

A reverse proxy (deploy/Caddyfile) terminates TLS and passes `telegram.webhook_path` on. Every
update must carry the secret given to setWebhook in the header Telegram sends it in; a request
without it is refused (403) and logged with where it came from, never with its body (updates hold
households' data). PTB's own webhook server logs bodies at DEBUG and serves nothing else, hence
this one. `serve_webhook` runs it for `python -m bot` in webhook mode.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import socket
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.app.health import HealthCheck
from bot.services import Services
from handlers.routes import SERVED_UPDATES

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
# Telegram's updates are small; a file travels as an id. Anything bigger is not Telegram.
MAX_BODY_BYTES = 1024 * 1024

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class _UpdateHandler(tornado.web.RequestHandler):
    def initialize(self, app: AnyApplication, secret: str) -> None:
        self._app = app
        self._secret = secret.encode()

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER)
        if given is None or not hmac.compare_digest(given.encode(), self._secret):
            self._refuse(403, "missing secret token" if given is None else "wrong secret token")
            return
        try:
            data = json.loads(self.request.body)
        except ValueError:
            self._refuse(400, "not an update")
            return
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            self._refuse(400, "not an update")
            return
        try:
            update = Update.de_json(data, self._app.bot)
        except Exception:  # noqa: BLE001 - whatever PTB raises, the update is unreadable
            # Acknowledged, or Telegram would post it again and again, ahead of everyone's updates.
            log.error(
                "update skipped: it cannot be read",
                extra={"update_id": data["update_id"], "size_bytes": len(self.request.body)},
            )
            self.set_status(200)
            return
        await self._app.update_queue.put(update)
        self.set_status(200)

    def _refuse(self, status: int, reason: str, *, level: int = logging.WARNING) -> None:
        log.log(
            level,
            "webhook request refused",
            extra={
                "reason": reason,
                "status": status,
                "remote_ip": self.request.remote_ip,
                "forwarded_for": self.request.headers.get("X-Forwarded-For"),
                "path": self.request.path,
                "body_bytes": len(self.request.body),
            },
        )
        self.set_status(status)

    def log_exception(self, typ: Any, value: BaseException | None, tb: Any) -> None:
        # tornado would log the request with its arguments; the JSON log has what matters.
        if isinstance(value, tornado.web.HTTPError):
            # Another method than POST (a scanner's or a browser's GET): no one need be woken for it.
            wrong_method = value.status_code == HTTPStatus.METHOD_NOT_ALLOWED
            reason = f"method {self.request.method} not allowed" if wrong_method else value.log_message or "refused"
            self._refuse(value.status_code, reason, level=logging.INFO)
            return
        log.error(
            "webhook request failed",
            extra={"path": self.request.path, "remote_ip": self.request.remote_ip, "error": type(value).__name__},
        )


class _HealthHandler(tornado.web.RequestHandler):
    def initialize(self, health: HealthCheck) -> None:
        self._health = health

    async def get(self) -> None:
        report = await self._health.report()
        self.set_status(200 if report.ok else 503)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(report.as_dict()))


class WebhookServer:
    """Serves `path` (updates) and /healthz on `listen`:`port` (0 = any free port, for tests)."""

    def __init__(self, app: AnyApplication, *, secret: str, path: str, health: HealthCheck) -> None:
        web = tornado.web.Application(
            [
                (path, _UpdateHandler, {"app": app, "secret": secret}),
                (HEALTH_PATH, _HealthHandler, {"health": health}),
            ],
            log_function=lambda _handler: None,  # no access log: our JSON log says what matters
        )
        self._server = HTTPServer(web, max_body_size=MAX_BODY_BYTES, xheaders=True)
        self.port = 0

    def start(self, listen: str, port: int) -> int:
        """Listen and return the port."""
        sockets = bind_sockets(port, listen, family=socket.AF_UNSPEC)
        self._server.add_sockets(sockets)
        self.port = int(sockets[0].getsockname()[1])
        log.info("webhook server listening", extra={"listen": listen, "port": self.port})
        return self.port

    async def stop(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()


async def serve_webhook(app: AnyApplication, services: Services, stop: asyncio.Event) -> None:
    """Listen, then tell Telegram where to post (with the secret, for the kinds of update the bot
    serves); on stop, stop listening. The webhook stays set, so Telegram keeps the updates of a
    restart and delivers them after."""
    settings = services.settings
    telegram = settings.telegram
    assert telegram.webhook_url is not None and settings.webhook_secret is not None, "checked by load_settings"
    secret = settings.webhook_secret.get_secret_value()
    server = WebhookServer(app, secret=secret, path=telegram.webhook_path, health=HealthCheck(services.health, app.bot))
    server.start(telegram.listen, telegram.port)
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
