"""What the dashboard's request handlers find in their aiohttp application."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from telegram.ext import Application

from bot.monitoring.register import Monitor
from bot.services import Services

SERVICES = web.AppKey("services", Services)
MONITOR = web.AppKey("monitor", Monitor)
# The running bot: a decision taken on the dashboard is told in the chat through it.
BOT = web.AppKey("bot", Application[Any, Any, Any, Any, Any, Any])
