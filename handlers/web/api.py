"""The dashboard's JSON: who is looking, the map, a household, a visit and its files, coverage,
companions, the review queue and today's reports.

Every handler starts from `auth.viewer` (401/403 otherwise) and the kabupaten/kota the person
may see (`views.visible_codes`, the scope of their digests and exports); counts come from the
register index for those regions only, and a record asked for by id (household, visit, photo,
voice note) outside them is answered 404, as if it did not exist. Texts people typed travel as
JSON strings: the pages put them in the document as text, never as markup. NIK and KK numbers
are masked for everyone but admins.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import orjson
from aiohttp import web

from bot.decisions.access import covers
from bot.domain import Role
from bot.monitoring import views
from bot.monitoring.register import FINEST, FLAGS, VERDICTS, RegisterIndex
from bot.monitoring.views import Filters, Moments
from bot.rules.digest import dwell_text
from bot.rules.households import mask_number
from bot.rules.readable import chat_time, distance_text
from bot.rules.wording import conditions_text, flags_text, split_flags
from bot.services import Services
from bot.texts import LANGUAGES, catalogue, t_plain
from handlers.web import params
from handlers.web.auth import Viewer, viewer
from handlers.web.context import MONITOR, SERVICES
from storage.monitoring import VisitLine

T = TypeVar("T")

HOUSEHOLD_VISITS = 10
QUEUE_PAGE = 20
TODAY_LIMIT = 200
# Answers shorter than this go as they are (gzip's header and the work are not worth it).
GZIP_FROM_BYTES = 1024
# Texts of the catalogue the pages show, beside the dashboard's own (`web.*`).
PAGE_TEXTS = ("web.", "report.flag.", "report.verdict_name.", "office.review.", "role.")


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(data), status=status, content_type="application/json")


async def answered(request: web.Request, seen: Look, produce: Callable[[], Awaitable[Any]]) -> web.Response:
    """The JSON of `produce()`, shared by everyone who asks the same (path, parameters, regions,
    language) while the index is unchanged: twenty open dashboards cost one counting. Gzipped
    where the browser takes it (the province's desa table is 379 KB as text, 28 KB gzipped: phones on a weak
    signal), compressed in a worker thread, once per shared answer."""
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    key = (request.path, tuple(sorted(request.query.items())), seen.codes, seen.lang, gzipped)

    async def encoded() -> tuple[bytes, bool]:
        body = orjson.dumps(await produce())
        if gzipped and len(body) > GZIP_FROM_BYTES:
            return await asyncio.to_thread(gzip.compress, body, 6), True
        return body, False

    body, compressed = await request.app[MONITOR].answer(seen.index, key, encoded)
    response = web.Response(body=body, content_type="application/json", headers={"Vary": "Accept-Encoding"})
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
    return response


async def counted(request: web.Request, seen: Look, work: Callable[[RegisterIndex], T]) -> T:
    """`work` on the index in a worker thread (`Monitor.computed`)."""
    return await request.app[MONITOR].computed(seen.index, work)


@dataclass(frozen=True)
class Look:
    """One request's viewer, their regions, the index and the times to count from."""

    viewer: Viewer
    codes: tuple[str, ...]
    index: RegisterIndex
    moments: Moments

    @property
    def lang(self) -> str:
        return self.viewer.person.language


async def look(request: web.Request) -> Look:
    services = request.app[SERVICES]
    seen = await viewer(request)
    codes = views.visible_codes(seen.person, all_codes(services))
    index = await request.app[MONITOR].index()
    settings = services.settings
    moments = Moments.at(services.clock.now(), settings.locale.tz, settings.reminders.overdue_days)
    return Look(seen, codes, index, moments)


def all_codes(services: Services) -> list[str]:
    return [regency.code for regency in services.settings.province.data.regencies]


def region_names(services: Services) -> dict[str, str]:
    return {regency.code: regency.name for regency in services.settings.province.data.regencies}


def _filters(request: web.Request, seen: Look) -> Filters:
    found = params.filters(request.query)
    if found.region is not None and found.region not in seen.codes:
        raise web.HTTPNotFound(text='{"error": "no such region"}', content_type="application/json")
    return found


async def public_texts(_: web.Request) -> web.Response:
    """GET /api/public-texts: what a page says before anybody signed in, in both languages."""
    return json_response({lang: catalogue(("web.public.",), lang) for lang in LANGUAGES})


async def me(request: web.Request) -> web.Response:
    """GET /api/me: the person, their regions and what the pages need to draw."""
    services = request.app[SERVICES]
    seen = await viewer(request)
    person, lang = seen.person, seen.person.language
    names = region_names(services)
    settings = services.settings
    box = settings.province.box
    return json_response(
        {
            "name": person.full_name,
            "role": person.role.value,
            "language": lang,
            "texts": catalogue(PAGE_TEXTS, lang),
            "regions": [
                {"code": code, "name": names[code]} for code in views.visible_codes(person, all_codes(services))
            ],
            "province": {
                "name": settings.province.data.full_name,
                "box": [box.min_lat, box.min_lon, box.max_lat, box.max_lon],
            },
            "tiles": {"url": settings.dashboard.tile_url, "attribution": settings.dashboard.tile_attribution},
            "periods": list(views.PERIODS),
            "verdicts": list(VERDICTS),
            "flags": list(FLAGS),
            "point_zoom": views.POINT_ZOOM,
            "overdue_days": settings.reminders.overdue_days,
        }
    )


async def places(request: web.Request) -> web.Response:
    """GET /api/places?region=: the kecamatan and desa of the person's regions (for the filters)."""
    seen = await look(request)
    wanted = _filters(request, seen)
    allowed = {code for code in seen.codes if wanted.region in (None, code)}

    def work(index: RegisterIndex) -> dict[str, Any]:
        households = index.households
        present = set(households.desa[households.active].tolist())
        desa = sorted({index.desa.keys[number] for number in present if index.desa.keys[number][0] in allowed})
        return {
            "kecamatan": sorted({kecamatan for _, kecamatan, _ in desa if kecamatan}),
            "desa": [
                {"kecamatan": kecamatan, "desa": name}
                for _, kecamatan, name in desa
                if name and wanted.kecamatan in (None, kecamatan)
            ],
        }

    return await answered(request, seen, lambda: counted(request, seen, work))


async def outline(request: web.Request) -> web.Response:
    """GET /api/outline: the box of each of the person's kabupaten/kota (their households'
    extent), drawn when there are no map tiles (offline)."""
    seen = await look(request)
    names = region_names(request.app[SERVICES])

    def work(index: RegisterIndex) -> dict[str, Any]:
        return {
            "regions": [
                {"code": code, "name": names.get(code, code), "box": box}
                for code, box in views.region_boxes(index, seen.codes).items()
            ]
        }

    return await answered(request, seen, lambda: counted(request, seen, work))


async def map_view(request: web.Request) -> web.Response:
    """GET /api/map?south&west&north&east&zoom&…filters: hexagons, or households and visits one by one."""
    seen = await look(request)
    found = _filters(request, seen)
    box, zoom = params.box(request.query), params.zoom(request.query)
    resolution = views.zoom_resolution(zoom)

    def work(index: RegisterIndex) -> dict[str, Any]:
        area = views.household_mask(index, seen.codes, replace(found, companion=None))
        households = area if found.companion is None else views.household_mask(index, seen.codes, found)
        visits = views.visit_mask(index, area, found, seen.moments)
        points = None if resolution is not None else views.household_points(index, households, seen.moments, box)
        if points is None:
            hexagons = views.hexagons(index, households, visits, seen.moments, box, resolution or FINEST)
            return {"mode": "hexagons", "hexagons": hexagons}
        return {"mode": "points", "households": points, "visits": views.visit_points(index, visits, box)}

    return await answered(request, seen, lambda: counted(request, seen, work))


async def household(request: web.Request) -> web.Response:
    """GET /api/household/{id}: the household, its companion and its last visits."""
    seen = await viewer(request)
    services = request.app[SERVICES]
    found = await services.monitoring.household(params.path_id(request.match_info["id"]))
    if found is None or not covers(seen.person, found.region_code):
        raise _not_found()
    lang = seen.person.language
    reveal = seen.person.role is Role.ADMIN
    visits = await services.monitoring.visits_of_household(found.household_id, HOUSEHOLD_VISITS)
    return json_response(
        {
            "id": found.household_id,
            "dtks_id": found.dtks_id,
            "name": found.head_name,
            "kk": found.kk_number if reveal else mask_number(found.kk_number),
            "nik": found.head_nik if reveal else mask_number(found.head_nik),
            "address": found.address,
            "region": region_names(services).get(found.region_code, found.region_code),
            "kecamatan": found.kecamatan,
            "desa": found.desa,
            "latitude": found.latitude,
            "longitude": found.longitude,
            "active": found.active,
            "companion": found.companion_name,
            "visits": [_line(services, line, lang) for line in visits if covers(seen.person, line.region_code)],
        }
    )


async def visit(request: web.Request) -> web.Response:
    """GET /api/visit/{id}: a report with its photos, note, flags in words, track and dwell."""
    seen = await viewer(request)
    services = request.app[SERVICES]
    detail = await services.monitoring.visit(params.path_id(request.match_info["id"]))
    if detail is None or not covers(seen.person, detail.line.region_code):
        raise _not_found()
    lang = seen.person.language
    return json_response(
        {
            **_line(services, detail.line, lang),
            "accuracy_m": detail.accuracy_m,
            "dwell": None if detail.dwell_s is None else dwell_text(detail.dwell_s, lang),
            "farthest": None if detail.max_distance_m is None else distance_text(detail.max_distance_m, lang),
            "conditions": conditions_text(json.loads(detail.conditions), lang, services.settings.report.conditions),
            "note": detail.note,
            "voice": detail.has_voice,
            "review_reason": detail.review_reason,
            "reviewer": detail.reviewer_name,
            "reviewed_at": None if detail.reviewed_at is None else chat_time(detail.reviewed_at, _tz(services)),
            "track": [[round(lat, 6), round(lon, 6)] for _, lat, lon in detail.track],
        }
    )


async def photo(request: web.Request) -> web.StreamResponse:
    """GET /api/photo/{id}: a visit photo, for a person who may see the visit."""
    seen = await viewer(request)
    services = request.app[SERVICES]
    stored = await services.monitoring.photo(params.path_id(request.match_info["id"]))
    if stored is None or not covers(seen.person, stored.region_code):
        raise _not_found()
    return _file(services, stored.path)


async def voice(request: web.Request) -> web.StreamResponse:
    """GET /api/voice/{visit id}: the companion's voice note of a visit."""
    seen = await viewer(request)
    services = request.app[SERVICES]
    stored = await services.monitoring.voice_note(params.path_id(request.match_info["id"]))
    if stored is None or not covers(seen.person, stored.region_code):
        raise _not_found()
    return _file(services, stored.path, content_type="audio/ogg")


def _file(services: Services, relative: str, content_type: str = "image/jpeg") -> web.StreamResponse:
    root = Path(services.settings.storage.photo_dir).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise _not_found()
    return web.FileResponse(path, headers={"Content-Type": content_type, "Cache-Control": "private, max-age=3600"})


async def coverage(request: web.Request) -> web.Response:
    """GET /api/coverage?level=region|kecamatan|desa&…filters: the coverage table."""
    seen = await look(request)
    rows = coverage_rows(request, seen)
    return await answered(request, seen, lambda: counted(request, seen, lambda index: {"rows": rows(index)}))


def coverage_rows(request: web.Request, seen: Look) -> Callable[[RegisterIndex], list[dict[str, Any]]]:
    """The coverage table the request asks for, counted on an index (its parameters checked now)."""
    found = _filters(request, seen)
    level = params.level(request.query)
    names = region_names(request.app[SERVICES])

    def work(index: RegisterIndex) -> list[dict[str, Any]]:
        area = views.household_mask(index, seen.codes, found)
        return [
            {
                "region": names.get(row.key[0], row.key[0]),
                "code": row.key[0],
                "kecamatan": row.key[1] if len(row.key) > 1 else None,
                "desa": row.key[2] if len(row.key) > 2 else None,
                "households": row.households,
                "visited_this_month": row.visited_this_month,
                "overdue": row.overdue,
                "never_visited": row.never_visited,
                "visits_this_month": row.visits_this_month,
                "verified_share": None if row.verified_share is None else round(row.verified_share, 3),
                "flagged_this_month": row.flagged_this_month,
            }
            for row in views.coverage(index, area, seen.moments, level)
        ]

    return work


async def companions(request: web.Request) -> web.Response:
    """GET /api/companions: one row per companion of the person's regions."""
    seen = await look(request)
    services = request.app[SERVICES]
    found = _filters(request, seen)
    codes = {code for code in seen.codes if found.region in (None, code)}

    async def produce() -> dict[str, Any]:
        people = [
            person
            for person in await services.people.listing(Role.COMPANION)
            if person.active and codes.intersection(person.region_codes)
        ]
        last = await services.monitoring.last_reports([person.id for person in people])

        def work(index: RegisterIndex) -> list[views.CompanionRow]:
            area = views.household_mask(index, seen.codes, replace(found, companion=None))
            return views.companion_rows(index, people, area, seen.moments, last)

        return {"rows": _companion_rows(services, await counted(request, seen, work), seen.lang)}

    return await answered(request, seen, produce)


def _companion_rows(services: Services, rows: list[views.CompanionRow], lang: str) -> list[dict[str, Any]]:
    names, tz = region_names(services), _tz(services)
    return [
        {
            "id": row.companion.id,
            "name": row.companion.full_name,
            "region": ", ".join(names.get(code, code) for code in row.companion.region_codes),
            "reports_this_week": row.reports_this_week,
            "reports_this_month": row.reports_this_month,
            "live_share": None if row.live_share is None else round(row.live_share, 3),
            "median_dwell": None if row.median_dwell_s is None else dwell_text(row.median_dwell_s, lang),
            "median_dwell_s": row.median_dwell_s,
            "flagged_this_month": row.flagged_this_month,
            "last_report": None if row.last_report_at is None else chat_time(row.last_report_at, tz),
            "last_report_at": row.last_report_at,
            "overdue_households": row.overdue_households,
        }
        for row in rows
    ]


async def review_queue(request: web.Request) -> web.Response:
    """GET /api/review?offset&…filters: flagged reports nobody reviewed yet, newest first."""
    seen = await look(request)
    services = request.app[SERVICES]
    found = _filters(request, seen)
    offset = params.number(request.query, "offset", default=0, high=10**7) or 0

    def work(index: RegisterIndex) -> tuple[list[int], int]:
        area = views.household_mask(index, seen.codes, replace(found, companion=None))
        return views.review_queue(index, area, found, offset, QUEUE_PAGE)

    async def produce() -> dict[str, Any]:
        ids, total = await counted(request, seen, work)
        lines = await services.monitoring.visits_by_id(ids)
        return {"total": total, "offset": offset, "items": _lines(services, seen, lines)}

    return await answered(request, seen, produce)


async def today(request: web.Request) -> web.Response:
    """GET /api/today?after=<visit id>: today's reports stored after that one, oldest first."""
    seen = await look(request)
    services = request.app[SERVICES]
    after = params.number(request.query, "after", default=0) or 0

    def work(index: RegisterIndex) -> list[int]:
        area = views.household_mask(index, seen.codes, Filters())
        return views.stored_after(index, area, seen.moments.today, after, TODAY_LIMIT)

    async def produce() -> dict[str, Any]:
        lines = await services.monitoring.visits_by_id(await counted(request, seen, work))
        return {"items": _lines(services, seen, sorted(lines, key=lambda line: line.visit_id))}

    return await answered(request, seen, produce)


def _lines(services: Services, seen: Look, lines: list[VisitLine]) -> list[dict[str, Any]]:
    return [_line(services, line, seen.lang) for line in lines if covers(seen.viewer.person, line.region_code)]


def _line(services: Services, line: VisitLine, lang: str) -> dict[str, Any]:
    names = region_names(services)
    return {
        "id": line.visit_id,
        "household_id": line.household_id,
        "dtks_id": line.dtks_id,
        "name": line.head_name,
        "region": names.get(line.region_code, line.region_code),
        "kecamatan": line.kecamatan,
        "desa": line.desa,
        "companion_id": line.companion_id,
        "companion": line.companion_name,
        "time": chat_time(line.started_at, _tz(services)),
        "started_at": line.started_at,
        "verdict": line.verdict,
        "verdict_label": t_plain(f"report.verdict_name.{line.verdict}", lang),
        "distance": distance_text(line.distance_m, lang),
        "live": line.live,
        "latitude": line.latitude,
        "longitude": line.longitude,
        "flags": flags_text(split_flags(line.flags), line.visit_id, lang),
        "review": line.review_status,
        "photos": list(line.photo_ids),
    }


def _tz(services: Services) -> ZoneInfo:
    return services.settings.locale.tz


def _not_found() -> web.HTTPNotFound:
    return web.HTTPNotFound(text='{"error": "not found"}', content_type="application/json")
