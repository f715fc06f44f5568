"""Every dashboard endpoint × every office role × their own and another kabupaten/kota, through
the real server: a coordinator of one kabupaten/kota never sees another's household, visit,
photo, voice note, track or count, whatever the ids and filters ask for; NIK and KK show whole
to admins only; bad parameters are answered 400 with a reason.

Two kabupaten/kota (Serang, Pandeglang) hold households and visits whose names and ids are
markers: no answer to a viewer may carry a marker of a region they do not cover.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.domain import NewPhoto, Role, Verdict
from handlers.web import api
from tests.support.dashboard import DASHBOARD, Browser, served_dashboard
from tests.support.harness import BotHarness, FakeUser
from tests.support.office import add_household, add_visit

pytestmark = pytest.mark.both_backends

SERANG, PANDEGLANG = "3604", "3601"
PLACES = {SERANG: (-6.12, 106.15), PANDEGLANG: (-6.45, 105.95)}
PROVINCE_BOX = {"south": -7.2, "west": 105.0, "north": -5.7, "east": 106.9}
NIK = {SERANG: "3604011501800001", PANDEGLANG: "3601011501800002"}
KK = {SERANG: "3604010101000001", PANDEGLANG: "3601010101000002"}


@dataclass
class Region:
    code: str
    households: list[int] = field(default_factory=list)
    flagged_visit: int = 0
    plain_visit: int = 0
    photo_id: int = 0
    markers: list[str] = field(default_factory=list)  # texts that belong to this region alone


async def region(bot: BotHarness, code: str, tag: str) -> Region:
    companion = await bot.register(Role.COMPANION, regions=(code,), first_name=f"Pendamping{tag}")
    found = Region(code, markers=[f"Pendamping{tag}"])
    lat, lon = PLACES[code]
    for number in range(3):
        household = await add_household(
            bot,
            companion,
            f"Warga{tag}{number}",
            region=code,
            desa=f"Desa{tag}",
            latitude=lat + number * 0.001,
            longitude=lon,
            nik=NIK[code],
            kk=KK[code],
        )
        found.households.append(household.id)
        found.markers += [household.head_name, household.dtks_id]
    photo_dir = bot.settings.storage.photo_dir / "2025" / tag
    photo_dir.mkdir(parents=True, exist_ok=True)
    (photo_dir / "foto.jpg").write_bytes(f"JPEG-{tag}".encode())
    (photo_dir / "suara.ogg").write_bytes(f"OggS-{tag}".encode())
    photo = NewPhoto(f"f-{tag}", f"u-{tag}", f"2025/{tag}/foto.jpg", f"sha-{tag}", 10)
    household = await bot.services.households.by_id(found.households[0])
    assert household is not None
    now = bot.clock.now()
    found.flagged_visit = await add_visit(
        bot,
        household,
        companion,
        now - 3600,
        verdict=Verdict.OUTSIDE,
        flags=("outside",),
        distance_m=900,
        photos=(photo,),
        note=f"Catatan{tag}",
        voice_note_path=f"2025/{tag}/suara.ogg",
    )
    found.plain_visit = await add_visit(bot, household, companion, now - 1800)
    found.photo_id = int(await bot.services.db.fetch_value("SELECT id FROM photos WHERE file_id = ?", (f"f-{tag}",)))
    found.markers += [f"Catatan{tag}", f"JPEG-{tag}", f"OggS-{tag}", f"Desa{tag}"]
    return found


@dataclass
class World:
    regions: dict[str, Region]
    viewers: dict[str, tuple[FakeUser, tuple[str, ...]]]  # name -> (user, codes they cover)


async def world(bot: BotHarness) -> World:
    regions = {SERANG: await region(bot, SERANG, "Serang"), PANDEGLANG: await region(bot, PANDEGLANG, "Pandeglang")}
    viewers = {
        "coordinator_serang": (await bot.register(Role.COORDINATOR, regions=(SERANG,)), (SERANG,)),
        "coordinator_pandeglang": (await bot.register(Role.COORDINATOR, regions=(PANDEGLANG,)), (PANDEGLANG,)),
        "coordinator_province": (await bot.register(Role.COORDINATOR, regions=("36",)), (SERANG, PANDEGLANG)),
        "admin": (await bot.register(Role.ADMIN), (SERANG, PANDEGLANG)),
    }
    return World(regions, viewers)


def requests_about(target: Region) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, path, query) of every read the dashboard serves, aimed at `target`'s records."""
    box = {**PROVINCE_BOX}
    lat, lon = PLACES[target.code]
    street = {"south": lat - 0.01, "west": lon - 0.01, "north": lat + 0.01, "east": lon + 0.01}
    return [
        ("me", "/api/me", {}),
        ("places", "/api/places", {"region": target.code}),
        ("outline", "/api/outline", {}),
        ("map province", "/api/map", {**box, "zoom": 8, "period": "30d"}),
        ("map filtered", "/api/map", {**box, "zoom": 8, "region": target.code, "period": "30d"}),
        ("map street", "/api/map", {**street, "zoom": 17, "period": "30d"}),
        ("household", f"/api/household/{target.households[0]}", {}),
        ("visit", f"/api/visit/{target.flagged_visit}", {}),
        ("photo", f"/api/photo/{target.photo_id}", {}),
        ("voice", f"/api/voice/{target.flagged_visit}", {}),
        ("coverage", "/api/coverage", {"level": "desa"}),
        ("coverage filtered", "/api/coverage", {"level": "desa", "region": target.code}),
        ("coverage.csv", "/api/coverage.csv", {"level": "desa"}),
        ("coverage.xlsx", "/api/coverage.xlsx", {"level": "desa"}),
        ("companions", "/api/companions", {}),
        ("review", "/api/review", {}),
        ("review filtered", "/api/review", {"region": target.code}),
        ("today", "/api/today", {}),
    ]


def text_of(body: Any) -> str:
    if isinstance(body, bytes):
        if body.startswith(b"PK"):  # an XLSX: its shared strings are in the zip
            import io
            import zipfile

            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
        return body.decode("utf-8", "replace")
    return json.dumps(body, ensure_ascii=False)


@pytest.fixture
async def bot(tmp_path: Path):  # type: ignore[no-untyped-def]
    async with BotHarness(tmp_path, config=DASHBOARD) as harness:
        yield harness


@pytest.mark.parametrize("shared_s", [0.0, 3600.0], ids=["answers-fresh", "answers-shared"])
async def test_every_endpoint_for_every_role_and_region_leaks_nothing(bot: BotHarness, shared_s: float) -> None:
    """Also with answers shared among askers (as in production): only among the same regions."""
    scene = await world(bot)
    leaks: list[str] = []
    served: list[str] = []
    async with served_dashboard(bot, refresh_s=shared_s) as dashboard:
        for viewer, (user, covered) in scene.viewers.items():
            browser = await dashboard.signed_in(user)
            for code, target in scene.regions.items():
                own = code in covered
                foreign = [marker for other, r in scene.regions.items() if other not in covered for marker in r.markers]
                for name, path, query in requests_about(target):
                    status, body = await browser.get(path, **query)
                    text = text_of(body)
                    leaks += [f"{viewer} {name} ({code}): {marker}" for marker in foreign if marker in text]
                    if name == "map street" and status == 200:
                        mine = {h for c in covered for h in scene.regions[c].households}
                        shown = {point["household_id"] for point in body["households"]}
                        visits = {point["visit_id"] for point in body["visits"]}
                        allowed = {
                            v for c in covered for v in (scene.regions[c].flagged_visit, scene.regions[c].plain_visit)
                        }
                        if not shown <= mine or not visits <= allowed or (own and not shown):
                            leaks.append(f"{viewer} {name} ({code}): households {shown}, visits {visits}")
                    by_id = name in ("household", "visit", "photo", "voice")
                    if not own and (by_id or "filtered" in name or name == "places"):
                        if status != 404:
                            leaks.append(f"{viewer} {name} ({code}): {status}, not 404")
                    elif status != 200:
                        leaks.append(f"{viewer} {name} ({code}): answered {status}")
                    served.append(f"{viewer} {name} {code} {status}")
                await _counts_are_own(browser, scene, covered, leaks)
                await _review_of_other_region_changes_nothing(bot, browser, scene, covered, leaks)
    print(f"{len(served)} requests, {len(leaks)} leaks")
    assert leaks == []
    assert len(served) == 4 * 2 * 18


async def _counts_are_own(browser: Browser, scene: World, covered: tuple[str, ...], leaks: list[str]) -> None:
    own_households = sum(len(scene.regions[code].households) for code in covered)
    _, province = await browser.get("/api/map", **PROVINCE_BOX, zoom=8, period="30d")
    shown = sum(hexagon["households"] for hexagon in province["hexagons"])
    visits = sum(sum(hexagon["visits"]) for hexagon in province["hexagons"])
    if (shown, visits) != (own_households, 2 * len(covered)):
        leaks.append(f"map counts {shown} households, {visits} visits for {covered}")
    _, coverage = await browser.get("/api/coverage")
    if sorted(row["code"] for row in coverage["rows"]) != sorted(covered):
        leaks.append(f"coverage rows {[row['code'] for row in coverage['rows']]} for {covered}")
    _, queue = await browser.get("/api/review")
    expected = sorted(scene.regions[code].flagged_visit for code in covered)
    if queue["total"] != len(covered) or sorted(item["id"] for item in queue["items"]) != expected:
        leaks.append(f"review queue {queue} for {covered}")
    _, today = await browser.get("/api/today")
    if len(today["items"]) != 2 * len(covered):
        leaks.append(f"today lists {len(today['items'])} reports for {covered}")


async def _review_of_other_region_changes_nothing(
    bot: BotHarness, browser: Browser, scene: World, covered: tuple[str, ...], leaks: list[str]
) -> None:
    for code, target in scene.regions.items():
        if code in covered:
            continue
        status, _ = await browser.post(f"/api/review/{target.flagged_visit}", {"action": "accept"})
        stored = await bot.services.db.fetch_value(
            "SELECT review_status FROM visits WHERE id = ?", (target.flagged_visit,)
        )
        if status != 404 or stored is not None:
            leaks.append(f"review of {code} by a viewer of {covered}: {status}, stored {stored}")


async def test_nik_and_kk_show_whole_to_admins_only(bot: BotHarness) -> None:
    scene = await world(bot)
    household = scene.regions[SERANG].households[0]
    async with served_dashboard(bot) as dashboard:
        for viewer, (user, _) in scene.viewers.items():
            if SERANG not in scene.viewers[viewer][1]:
                continue
            browser = await dashboard.signed_in(user)
            _, card = await browser.get(f"/api/household/{household}")
            if viewer == "admin":
                assert (card["nik"], card["kk"]) == (NIK[SERANG], KK[SERANG])
            else:
                assert (card["nik"], card["kk"]) == ("3604********0001", "3604********0001"), viewer
                assert NIK[SERANG] not in text_of(card) and KK[SERANG] not in text_of(card)


@pytest.mark.parametrize(
    ("path", "query", "reason"),
    [
        ("/api/map", {**PROVINCE_BOX, "zoom": 99}, "zoom"),
        ("/api/map", {**PROVINCE_BOX, "zoom": 8, "south": "1e309"}, "south"),
        ("/api/map", {**PROVINCE_BOX, "zoom": 8, "north": "-91"}, "north"),
        ("/api/map", {**PROVINCE_BOX, "zoom": 8, "west": "x" * 5000}, "west"),
        ("/api/map", {"zoom": 8}, "south"),
        ("/api/map", {**PROVINCE_BOX, "zoom": 8, "south": "-5", "north": "-6"}, "south/west"),
        ("/api/map", {**PROVINCE_BOX, "zoom": 8, "region": "36; DROP"}, "region"),
        ("/api/map", {**PROVINCE_BOX, "zoom": 8, "period": "year"}, "period"),
        ("/api/map", {**PROVINCE_BOX, "zoom": 8, "verdict": "great"}, "verdict"),
        ("/api/map", {**PROVINCE_BOX, "zoom": 8, "flag": "x"}, "flag"),
        ("/api/map", {**PROVINCE_BOX, "zoom": 8, "companion": "-1"}, "companion"),
        ("/api/coverage", {"kecamatan": "K" * 500}, "kecamatan"),
        ("/api/coverage", {"level": "rt"}, "level"),
        ("/api/review", {"offset": "9" * 30}, "offset"),
        ("/api/visit/12ab", {}, "id"),
        ("/api/household/" + "9" * 40, {}, "id"),
    ],
)
async def test_huge_or_malformed_parameters_get_400_with_the_reason(
    bot: BotHarness, path: str, query: dict[str, Any], reason: str
) -> None:
    coordinator = await bot.register(Role.COORDINATOR)
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.signed_in(coordinator)
        status, body = await browser.get(path, **query)
        assert status == 400
        assert body["error"].startswith(reason)


async def test_a_long_answer_comes_gzipped_to_a_browser_that_takes_it_and_plain_to_one_that_does_not(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "GZIP_FROM_BYTES", 100)  # the test's two desa make a short table
    scene = await world(bot)
    admin, _ = scene.viewers["admin"]
    async with served_dashboard(bot, refresh_s=3600.0) as dashboard:
        browser = await dashboard.signed_in(admin)
        query = {"level": "desa"}
        url = dashboard.base + "/api/coverage"
        async with browser.session.get(url, params=query, headers={"Accept-Encoding": "gzip"}) as response:
            assert response.headers["Content-Encoding"] == "gzip" and response.headers["Vary"] == "Accept-Encoding"
            zipped = await response.json()
        async with browser.session.get(url, params=query, headers={"Accept-Encoding": "identity"}) as response:
            assert "Content-Encoding" not in response.headers
            plain = await response.json()
        assert zipped == plain and {row["desa"] for row in plain["rows"]} == {"DesaSerang", "DesaPandeglang"}
