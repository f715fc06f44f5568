"""The coverage table as a file (CSV or XLSX), exactly the rows the page shows, audited as
/ekspor is (who, which regions, how many rows)."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.files.coverage_table import coverage_csv, coverage_xlsx
from bot.texts import t_plain
from handlers.web import api
from handlers.web.context import SERVICES

COLUMNS = (
    "region",
    "kecamatan",
    "desa",
    "households",
    "visited_this_month",
    "overdue",
    "never_visited",
    "visits_this_month",
    "verified_share",
    "flagged_this_month",
)
TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def coverage_file(request: web.Request) -> web.Response:
    """GET /api/coverage.csv|.xlsx?level&…filters."""
    kind = request.match_info["kind"]
    if kind not in TYPES:
        raise web.HTTPNotFound()
    seen = await api.look(request)
    lang = seen.lang
    shown = await api.counted(request, seen, api.coverage_rows(request, seen))
    header = [t_plain(f"web.coverage.{column}", lang) for column in COLUMNS]
    rows = [[row[column] for column in COLUMNS] for row in shown]
    name = t_plain("web.coverage.file_name", lang)
    content = (
        coverage_csv(header, rows) if kind == "csv" else await asyncio.to_thread(coverage_xlsx, name, header, rows)
    )
    services = request.app[SERVICES]
    await services.monitoring.record_download(
        seen.viewer.person.id, services.clock.now(), what="coverage", regions=seen.codes, rows=len(rows)
    )
    return web.Response(
        body=content,
        headers={
            "Content-Type": TYPES[kind],
            "Content-Disposition": f'attachment; filename="{name}.{kind}"',
        },
    )
