"""The composition root: assembles the PTB Application from settings and services."""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot.config import Settings
from bot.files.photo_analysis import warm_up
from bot.rules.verdict import wgs84
from bot.services import Services
from bot.texts import LANGUAGES, t_plain
from handlers.commands import commands_for
from handlers.plumbing.context import BotContext
from handlers.plumbing.http import AiohttpRequest
from handlers.plumbing.outbox import schedule_outbox
from handlers.plumbing.persistence import SqlitePersistence
from handlers.plumbing.processor import PerUserUpdateProcessor, tell_dropped
from handlers.plumbing.rate_limits import Limits, TelegramRateLimiter
from handlers.plumbing.updates import ScreeningBot
from handlers.registry.import_checks import import_checks
from handlers.registry.spreadsheet_import import tell_interrupted_applies, tell_interrupted_reads
from handlers.report.recovery import schedule_orphan_sweep, settle_stored_drafts
from handlers.routes import JOURNEYS, SERVED_UPDATES, register_handlers
from handlers.scheduled.activity import schedule_activity_log
from handlers.scheduled.broadcast import stopping as broadcasts_stopping
from handlers.scheduled.jobs import catch_up_safely, schedule_jobs, start_catching_up

# PTB 22 gives durations (a 429's retry_after, a live period) as timedelta when this is set, as
# its next major version always will, and warns on every read otherwise; the bot reads both forms.
os.environ.setdefault("PTB_TIMEDELTA", "true")

log = logging.getLogger(__name__)
# The photo libraries load this long after start: not while the first replies go out, nor on the first photo.
WARM_UP_AFTER_S = 5

BotApplication = Application[Any, BotContext, Any, Any, Any, Any]
# bot_data key of the HTTP clients the application was built with (closed by running_application).
HTTP_CLIENTS = "http_clients"


def build_application(
    services: Services,
    *,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    limits: Limits | None = None,
    polling_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> BotApplication:
    """Build the Application; `request` replaces the HTTP layer (tests use a fake Bot API),
    `limits` Telegram's send limits (tests that do not look at them lift them), `polling_sleep`
    the wait after a failed poll (tests record it)."""
    settings = services.settings
    assert settings.token is not None, "the token is checked when settings are loaded"
    clients: tuple[AiohttpRequest, ...] = ()
    if request is None:
        request, updates_request = clients = (http_client(settings, pool=256), http_client(settings, pool=1))
    telegram = settings.telegram
    urls = {"base_url": telegram.base_url, "base_file_url": telegram.base_file_url}
    bot = ScreeningBot(
        settings.token.get_secret_value(),
        request=request,
        get_updates_request=updates_request or request,
        defaults=Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.locale.tz),
        rate_limiter=TelegramRateLimiter(limits),
        polling_sleep=polling_sleep,
        **{name: url for name, url in urls.items() if url},
    )
    processor = PerUserUpdateProcessor(queued_per_user=telegram.queued_per_user)
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=BotContext))
        .persistence(persistence := SqlitePersistence(services.bot_state, services.clock, JOURNEYS))
        .concurrent_updates(processor)
    )
    app: BotApplication = builder.build()
    processor.on_overflow = functools.partial(tell_dropped, app)
    app.bot_data[HTTP_CLIENTS] = clients
    persistence.collect_from(app)
    app.bot_data["services"] = services
    register_handlers(app)
    return app


def http_client(settings: Settings, *, pool: int) -> AiohttpRequest:
    """The bot's HTTP client for the Bot API (aiohttp), with the configured timeouts."""
    timeouts = settings.telegram
    return AiohttpRequest(
        connection_pool_size=pool,
        read_timeout=timeouts.read_timeout_s,
        write_timeout=timeouts.read_timeout_s,
        connect_timeout=timeouts.connect_timeout_s,
        pool_timeout=timeouts.read_timeout_s,
    )


async def on_startup(app: BotApplication) -> None:
    """Prepare what the bot needs before it takes updates."""
    services: Services = app.bot_data["services"]
    settings = services.settings
    await services.install_province()
    await services.people.ensure_bootstrap_admins(
        settings.admins.bootstrap_user_ids, settings.locale.language, settings.province.code
    )
    if isinstance(app.persistence, SqlitePersistence):
        await app.persistence.load_handled_updates()
    await settle_stored_drafts(app)
    await tell_interrupted_applies(app)
    await tell_interrupted_reads(app)
    await schedule_jobs(app)
    schedule_outbox(app)
    schedule_orphan_sweep(app)
    assert app.job_queue is not None
    app.job_queue.run_once(_warm_up, when=WARM_UP_AFTER_S, name="warm-up")
    schedule_activity_log(app)
    log.info("bot ready", extra={"bot_username": app.bot.username})


async def set_default_menus(app: BotApplication) -> None:
    """The command menu of whoever has no menu of their own yet, in each language. Sent while
    the bot already takes updates (two round trips less before its first reply): Telegram shows
    the menu of the previous start meanwhile, and still does when this fails."""
    services: Services = app.bot_data["services"]
    try:
        for lang in LANGUAGES:
            commands = [BotCommand(spec.name, t_plain(spec.description_key, lang)) for spec in commands_for(None)]
            language_code = None if lang == services.settings.locale.language else lang
            await app.bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=language_code)
    except TelegramError:
        log.warning("default command menu not set (the next start sets it)", exc_info=True)


async def _warm_up(_: BotContext) -> None:
    """Load the libraries the bot starts without, long before a report needs them."""
    await asyncio.to_thread(warm_up)
    await asyncio.to_thread(wgs84)


@asynccontextmanager
async def running_application(app: BotApplication, *, in_order: bool = False) -> AsyncIterator[BotApplication]:
    """Initialize, prepare and start the Application (job queue included); stop it after.

    The default command menus and the sends missed while the bot was down go out in the
    background once it runs, so that the first replies wait for neither; `in_order` sends them
    before it returns instead (tests, whose clock the job queue does not follow and which read
    the calls in order).
    The database must be open before: the persistence reads it while initializing."""
    try:
        async with app:
            await on_startup(app)
            if in_order:
                await set_default_menus(app)
                await catch_up_safely(app)
            await app.start()
            if not in_order:
                app.create_task(set_default_menus(app), name="default-menus")
                start_catching_up(app)
            try:
                yield app
            finally:
                # Within the unit's 30 s stop timeout: a broadcast ends at its next recipient, a
                # check of a big file at its next chunk, an apply rolls back (the next start
                # catches up and tells the admin).
                broadcasts_stopping(app).set()
                await import_checks(app).stop_all()
                services: Services = app.bot_data["services"]
                await services.imports.interrupt_apply()
                await app.stop()
    finally:
        # Also when start-up failed (e.g. a rejected token): PTB then shuts down nothing it opened.
        for request in app.bot_data.get(HTTP_CLIENTS, ()):
            await request.shutdown()


async def start_polling(app: BotApplication) -> None:
    """Take updates by long polling (the default mode, and the demo's); `app.updater.stop()` ends it."""
    assert app.updater is not None
    timeout = app.bot_data["services"].settings.telegram.poll_timeout_s
    await app.updater.start_polling(allowed_updates=list(SERVED_UPDATES), timeout=timeout)
