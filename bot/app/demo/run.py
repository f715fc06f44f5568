"""`python -m bot demo`: the Bot API stand-in, the real bot polling it, and the chat page, in one
process on 127.0.0.1, with no token and no network.

The bot is the production one (`bot.app.application`) with the installation's configuration
(`--config`, else `config.yaml` when there is one: its province, language, radius, conditions,
schedules, ...) except where its files go (`data/demo/`, emptied at every start, so each demo
begins the same way), the stand-in's address (always polling), and settings that suit a
demonstration: alerts are looked for every 5 s, reminders have no quiet hours, and nothing is
caught up at start (the page's buttons send the digest and the reminders when asked; as in
production, each period reaches a person once). A district of the configured province
(Kabupaten Serang in Banten, else its first kabupaten/kota) gets synthetic households with a
few weeks of past visits, and five people: an admin, a coordinator of the district and two
companions sharing its households, who have opened the bot, and a newcomer who has not: an
admin's `/undang` link, opened on the page as them, rehearses registration.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from bot.app.application import build_application, running_application, start_polling
from bot.app.demo.bot_api import BotApiStandIn, ChatUser, running
from bot.app.demo.page import DemoPage, DemoPerson
from bot.app.demo.synthetic import SyntheticProvince
from bot.app.web_server import serving_dashboard
from bot.config import Settings
from bot.domain import NewHousehold, NewVisit, Role, Verdict, VisitFlag
from bot.services import Services

log = logging.getLogger(__name__)

DEMO_FOLDER = Path("data/demo")
# Any well-formed token does: it only ever reaches the local stand-in.
DEMO_TOKEN = "100000001:DEMO-local-stand-in-never-sent-to-Telegram"
# The district the demo shows, by province; elsewhere the province's first kabupaten/kota.
DISTRICTS = {"36": "3604"}  # Kabupaten Serang
DAY_S = 24 * 3600
PAST_WEEKS = 6
# Households of the synthetic province: Banten's hand-drawn regions hold ~80 of 500 in the
# district; elsewhere each kabupaten/kota gets an equal share of this many each.
BANTEN_HOUSEHOLDS = 500
FLAGGED_VERDICTS = ("outside", "uncertain")
DISTRICT_HOUSEHOLDS = 80


DEMO_PEOPLE = (
    DemoPerson("admin", ChatUser(1001, "Rina", "(Admin Dinsos)"), Role.ADMIN, province_wide=True),
    DemoPerson("coordinator", ChatUser(1002, "Bambang", "(Koordinator)"), Role.COORDINATOR),
    DemoPerson("companion1", ChatUser(1003, "Siti", "(Pendamping)"), Role.COMPANION),
    DemoPerson("companion2", ChatUser(1004, "Asep", "(Pendamping)"), Role.COMPANION),
    DemoPerson("newcomer", ChatUser(1005, "Dewi", "(Calon pendamping)"), None),
)


def demo_district(settings: Settings) -> str:
    """The kabupaten/kota whose households and people the demo shows."""
    code = settings.province.code
    return DISTRICTS.get(code) or settings.province.data.regencies[0].code


def demo_settings(base: Settings, folder: Path, root: str, dashboard_port: int = 0) -> Settings:
    """The installation's settings, with the demo's files, the stand-in and a demo's schedules;
    the dashboard on 127.0.0.1:`dashboard_port` (0: none), without map tiles (offline)."""
    base_url, base_file_url = BotApiStandIn.urls(root)
    overrides: dict[str, dict[str, object]] = {
        "database": {"url": str(folder / "jamsosratu-demo.db")},  # its own SQLite file, whatever the bot uses
        "storage": {"photo_dir": str(folder / "photos")},
        "telegram": {
            "base_url": base_url,
            "base_file_url": base_file_url,
            "poll_timeout_s": 10,
            "mode": "polling",
            "webhook_url": None,
        },
        # Scheduled sends happen when the page's buttons ask, not as a catch-up at start.
        "schedules": {"alerts_every_s": 5, "catch_up_grace_days": 0},
        "reminders": {"quiet_hours": None},
        "admins": {"bootstrap_user_ids": []},
        "dashboard": {
            "enabled": bool(dashboard_port),
            "host": "127.0.0.1",
            "port": dashboard_port,
            "public_url": f"http://127.0.0.1:{dashboard_port}/" if dashboard_port else None,
            "tile_url": None,
        },
    }
    data = base.model_dump()
    for section, values in overrides.items():
        data[section] = {**data[section], **values}
    return Settings.model_validate({**data, "token": DEMO_TOKEN})


async def run_demo(
    port: int,
    stop: asyncio.Event,
    folder: Path = DEMO_FOLDER,
    ready: Callable[[str], None] = print,
    base: Settings | None = None,
) -> None:
    """Serve the demo on 127.0.0.1:`port` (0: any free port) until `stop` is set; `ready` gets a
    line with the page's address once everyone has started the bot. `base`: the installation's
    settings (default: the built-in ones)."""
    _empty(folder)
    api = BotApiStandIn(DEMO_TOKEN, username="jamsosratu_demo_bot")
    page = DemoPage(api, DEMO_PEOPLE)
    web_app = web.Application(client_max_size=50 * 1024 * 1024)
    api.install(web_app)
    page.install(web_app)
    async with running(web_app, "127.0.0.1", port) as root:
        services = Services.create(demo_settings(base or Settings(), folder, root, _free_port()))
        api.bot_user["first_name"] = services.settings.programme.short_name  # the page's title
        await services.db.open()
        try:
            await services.install_province()
            await load_demo_data(services)
            registered = [person for person in DEMO_PEOPLE if person.role is not None]
            for person in registered:
                api.open_chat(person.user)  # as if each had opened the bot before
            app = build_application(services)
            async with running_application(app), serving_dashboard(app, services) as dashboard:
                await start_polling(app)
                page.attach(app)
                for person in registered:
                    api.send_text(person.user, "/start")
                ready(
                    f"{services.settings.programme.short_name} demo: open {root} in a browser (Ctrl+C stops it);"
                    f" the dashboard (/pantau as Rina or Bambang) is at http://127.0.0.1:{dashboard}/"
                )
                await stop.wait()
                assert app.updater is not None
                await app.updater.stop()
        finally:
            await services.db.close()


def _free_port() -> int:
    """A port nobody listens on now, for the dashboard (its address goes into its settings
    before it listens)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _empty(folder: Path) -> None:
    """Start from nothing: the previous demo's database, photos and chats are gone."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


async def load_demo_data(services: Services) -> None:
    """The demo people, the district's synthetic households and some past visits."""
    province_code = services.settings.province.code
    district = demo_district(services.settings)
    people = {
        person.key: await services.people.create(
            telegram_user_id=person.user.id,
            full_name=f"{person.user.first_name} {person.user.last_name}",
            role=person.role,
            region_codes=(province_code,) if person.province_wide else (district,),
        )
        for person in DEMO_PEOPLE
        if person.role is not None
    }
    regions = len(services.settings.province.data.regencies)
    size = BANTEN_HOUSEHOLDS if province_code == "36" else DISTRICT_HOUSEHOLDS * regions
    province = SyntheticProvince(size, companion_count=max(20, 2 * regions), province_code=province_code)
    own = [c.index for c in province.companions if c.region_code == district]
    # The district's synthetic companions' villages go to Siti and Asep in turn.
    companions = {index: people[f"companion{number % 2 + 1}"].id for number, index in enumerate(own)}
    households: dict[int, tuple[int, str]] = {}
    for household in province.households():
        if household.region_code != district:
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
    seeded_flags: list[int] = []
    for index, companion, at, latitude, longitude, distance, verdict in province.visits(0.8, PAST_WEEKS, start):
        if index in households:
            household_id, region = households[index]
            # Far or uncertain ones are flagged, as the report would flag them: the dashboard's
            # review queue has something to show.
            flags = (VisitFlag(verdict),) if verdict in FLAGGED_VERDICTS else ()
            visit_id, _ = await services.visits.add(
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
                    flags=flags,
                )
            )
            if flags:
                seeded_flags.append(visit_id)
    # The past's alerts went out in the past: the coordinator's chat starts quiet.
    await services.reviews.mark_alerted(seeded_flags, services.clock.now())
    log.info("demo data loaded", extra={"households": len(households)})
