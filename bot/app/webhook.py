"""Webhook mode: an HTTP server (tornado) that takes the updates Telegram posts and hands them to
the Application, and answers `/healthz`.

A reverse proxy (deploy/Caddyfile) terminates TLS and passes `telegram.webhook_path` on. Every
update must carry the secret given to setWebhook in the header Telegram sends it in; a request
without it is refused (403) and logged with where it came from, never with its body (updates hold
households' data). PTB's own webhook server logs bodies at DEBUG and serves nothing else, hence
this one.
"""

from __future__ import annotations

import hmac
import json
import logging
import socket
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.app.health import HealthCheck

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

    def _refuse(self, status: int, reason: str) -> None:
        log.warning(
            "webhook request refused",
            extra={
                "reason": reason,
                "remote_ip": self.request.remote_ip,
                "forwarded_for": self.request.headers.get("X-Forwarded-For"),
                "path": self.request.path,
                "body_bytes": len(self.request.body),
            },
        )
        self.set_status(status)

    def log_exception(self, *args: Any) -> None:
        # tornado would log the request with its arguments; the JSON log has what matters.
        log.error("webhook request failed", extra={"path": self.request.path})


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
