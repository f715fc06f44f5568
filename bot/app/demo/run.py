"""`python -m bot demo`: the Bot API stand-in, the real bot polling it, and the chat page, in one
process on 127.0.0.1, with no token and no network.

The bot is the production one (`bot.app.application`), with the default configuration except where
its files go (`data/demo/`, emptied at every start, so each demo begins the same way), the
stand-in's address, and settings that suit a demonstration: alerts are looked for every 5 s,
reminders have no quiet hours, and nothing is caught up at start (the page's buttons send the
digest and the reminders when asked; as in production, each period reaches a person once).
A district (Kabupaten Serang) of synthetic households is loaded through the storage
repositories with a few weeks of past visits, and four people are registered: an admin, a
coordinator of the district and two companions sharing its households.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from bot.app.application import build_application, running_application, start_polling
from bot.app.demo.bot_api import BotApiStandIn, ChatUser, running
from bot.app.demo.page import DemoPage, DemoPerson
from bot.app.demo.synthetic import SyntheticProvince
from bot.config import Settings
from bot.domain import NewHousehold, NewVisit, Role, Verdict
from bot.services import Services

log = logging.getLogger(__name__)

DEMO_FOLDER = Path("data/demo")
# Any well-formed token does: it only ever reaches the local stand-in.
DEMO_TOKEN = "100000001:DEMO-local-stand-in-never-sent-to-Telegram"
DISTRICT = "3604"  # Kabupaten Serang
DAY_S = 24 * 3600
PAST_WEEKS = 6


DEMO_PEOPLE = (
    DemoPerson("admin", ChatUser(1001, "Rina", "(Admin Dinsos)"), Role.ADMIN, ("36",)),
    DemoPerson("coordinator", ChatUser(1002, "Bambang", "(Koordinator)"), Role.COORDINATOR, (DISTRICT,)),
    DemoPerson("companion1", ChatUser(1003, "Siti", "(Pendamping)"), Role.COMPANION, (DISTRICT,)),
    DemoPerson("companion2", ChatUser(1004, "Asep", "(Pendamping)"), Role.COMPANION, (DISTRICT,)),
)


def demo_settings(folder: Path, root: str) -> Settings:
    base_url, base_file_url = BotApiStandIn.urls(root)
    return Settings.model_validate(
        {
            "database": {"path": str(folder / "jamsosratu-demo.db")},
            "storage": {"photo_dir": str(folder / "photos")},
            "telegram": {"base_url": base_url, "base_file_url": base_file_url, "poll_timeout_s": 10},
            # Scheduled sends happen when the page's buttons ask, not as a catch-up at start.
            "schedules": {"alerts_every_s": 5, "catch_up_grace_days": 0},
            "reminders": {"quiet_hours": None},
            "token": DEMO_TOKEN,
        }
    )


async def run_demo(
    port: int, stop: asyncio.Event, folder: Path = DEMO_FOLDER, ready: Callable[[str], None] = print
) -> None:
    """Serve the demo on 127.0.0.1:`port` (0: any free port) until `stop` is set; `ready` gets a
    line with the page's address once everyone has started the bot."""
    _empty(folder)
    api = BotApiStandIn(DEMO_TOKEN, username="jamsosratu_demo_bot")
    page = DemoPage(api, DEMO_PEOPLE)
    web_app = web.Application(client_max_size=50 * 1024 * 1024)
    api.install(web_app)
    page.install(web_app)
    async with running(web_app, "127.0.0.1", port) as root:
        services = Services.create(demo_settings(folder, root))
        await services.db.open()
        try:
            await load_demo_data(services)
            for person in DEMO_PEOPLE:
                api.open_chat(person.user)  # as if each had opened the bot before
            app = build_application(services)
            async with running_application(app):
                await start_polling(app)
                page.attach(app)
                for person in DEMO_PEOPLE:
                    api.send_text(person.user, "/start")
                ready(f"Jamsosratu demo: open {root} in a browser (Ctrl+C stops it)")
                await stop.wait()
                assert app.updater is not None
                await app.updater.stop()
        finally:
            await services.db.close()


def _empty(folder: Path) -> None:
    """Start from nothing: the previous demo's database, photos and chats are gone."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


async def load_demo_data(services: Services) -> None:
    """The demo people, the district's synthetic households and some past visits."""
    people = {
        person.key: await services.people.create(
            telegram_user_id=person.user.id,
            full_name=f"{person.user.first_name} {person.user.last_name}",
            role=person.role,
            region_codes=person.regions,
        )
        for person in DEMO_PEOPLE
    }
    province = SyntheticProvince(500, companion_count=20)
    own = [c.index for c in province.companions if c.region_code == DISTRICT]
    companions = {index: people[f"companion{number + 1}"].id for number, index in enumerate(own)}
    households: dict[int, tuple[int, str]] = {}
    for household in province.households():
        if household.region_code != DISTRICT:
            continue
        added = await services.households.add(
            NewHousehold(
                dtks_id=household.dtks_id,
                head_name=household.head_name,
                region_code=household.region_code,
                kk_number=household.kk_number,
                head_nik=household.head_nik,
                address=household.address,
                kecamatan=household.kecamatan,
                desa=household.desa,
                latitude=household.latitude,
                longitude=household.longitude,
                coordinates_source="import",
                companion_id=companions[household.companion_index],
            ),
            actor_id=people["admin"].id,
        )
        households[household.index] = (added.id, household.region_code)
    start = services.clock.now() - PAST_WEEKS * 7 * DAY_S
    for index, companion, at, latitude, longitude, distance, verdict in province.visits(0.8, PAST_WEEKS, start):
        if index in households:
            household_id, region = households[index]
            await services.visits.add(
                NewVisit(
                    household_id=household_id,
                    companion_id=companions[companion],
                    region_code=region,
                    started_at=at - 600,
                    reported_at=at,
                    latitude=latitude,
                    longitude=longitude,
                    accuracy_m=10,
                    live=True,
                    verdict=Verdict(verdict),
                    distance_m=distance,
                )
            )
    log.info("demo data loaded", extra={"households": len(households)})
