"""The bot's own HTTP server (aiohttp): the office's dashboard (handlers/web) while the bot runs.

Started by the composition root after the Application (the dashboard tells the chat of its
review decisions through it) and stopped before it. Listens on `dashboard.host`:`dashboard.port`
behind the HTTPS reverse proxy (README "Dashboard").
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from telegram.ext import Application

from bot.services import Services

log = logging.getLogger(__name__)


@asynccontextmanager
async def serving(app: web.Application, host: str, port: int) -> AsyncIterator[int]:
    """Serve `app` on host:port (0: any free port) while the block runs; yields the port."""
    # No access log: the JSON log says what matters, and a URL may carry a household's id.
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=2.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        bound = int(runner.addresses[0][1])
        log.info("web server listening", extra={"listen": host, "port": bound})
        yield bound
    finally:
        await runner.cleanup()


@asynccontextmanager
async def serving_dashboard(
    bot: Application[Any, Any, Any, Any, Any, Any], services: Services
) -> AsyncIterator[int | None]:
    """Serve the dashboard while the block runs, when `dashboard.enabled`; yields its port (None:
    not served)."""
    settings = services.settings
    if not settings.dashboard.enabled:
        yield None
        return
    # Imported here: the dashboard counts with NumPy, which a bot without it never loads.
    from handlers.web.app import build_dashboard

    host, port = settings.dashboard_address
    async with serving(build_dashboard(services, bot), host, port) as bound:
        yield bound
