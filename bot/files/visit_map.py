"""The map of households and visits: GeoJSON for GIS tools and one HTML file (folium/Leaflet).

The HTML file is self-contained: the data and the Leaflet library (bot/files/assets/leaflet) are
written into it; only the background tiles come from the internet, and the points show without
them. folium's other default scripts (jQuery, Bootstrap, icon fonts) are left out.
"""

from __future__ import annotations

import asyncio
import functools
import html
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.bidi import without_controls
from bot.domain import HouseholdStatus
from bot.rules.readable import sheet_time
from bot.rules.wording import flag_texts, split_flags
from bot.texts import t_plain
from storage.exports import ExportedVisit, MapHousehold

DAY_S = 24 * 3600
# Leaflet 1.9.4 (BSD-2-Clause, from the npm package), written into every map so that the file
# opens without fetching scripts; only the background tiles need the internet.
LEAFLET_DIR = Path(__file__).parent / "assets" / "leaflet"
# Two palettes that share no colour, so a point's colour never means two things: a visit's
# result as a ring, in the traffic-light colours a coordinator reads as good or bad; a
# household's days since its last visit as a filled dot, darker the longer it waited.
VERDICT_COLOURS = {"verified": "#2e7d32", "uncertain": "#f9a825", "outside": "#c62828", "no_reference": "#757575"}
AGE_COLOURS = {"recent": "#bcbddc", "late": "#9e9ac8", "old": "#6a51a3", "never": "#3f007d"}
# A household out of the programme (moved away, graduated, deceased without successor): blue,
# a colour neither palette has; its history stays on the map.
LEFT_COLOUR = "#4292c6"
BANTEN_CENTRE = (-6.4, 106.1)


@dataclass(frozen=True)
class VisitMap:
    html: str
    geojson: str
    households: int
    visits: int
    truncated: bool


def age_category(last_visit_at: int | None, now: int, overdue_days: int) -> str:
    """recent (≤ overdue days), late (≤ twice that), old, or never visited."""
    if last_visit_at is None:
        return "never"
    days = (now - last_visit_at) // DAY_S
    if days <= overdue_days:
        return "recent"
    return "late" if days <= 2 * overdue_days else "old"


async def build_map(
    households: AsyncIterator[MapHousehold],
    visits: AsyncIterator[ExportedVisit],
    *,
    now: int,
    lang: str,
    tz: ZoneInfo,
    overdue_days: int,
    limit: int,
) -> VisitMap:
    """Both files from households and visits each streamed up to `limit` (`truncated` if reached)."""
    household_features = [_household_feature(household, now, lang, overdue_days) async for household in households]
    visit_features = [_visit_feature(visit, lang, tz) async for visit in visits]
    collection = {"type": "FeatureCollection", "features": household_features + visit_features}
    html = await asyncio.to_thread(_html, household_features, visit_features, lang, overdue_days)
    return VisitMap(
        html=html,
        geojson=json.dumps(collection, ensure_ascii=False),
        households=len(household_features),
        visits=len(visit_features),
        truncated=limit in (len(household_features), len(visit_features)),
    )


def _point(longitude: float, latitude: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": properties,
    }


def _household_feature(household: MapHousehold, now: int, lang: str, overdue_days: int) -> dict[str, Any]:
    status = HouseholdStatus(household.status) if household.status else None
    category = (
        "left" if status is not None and status.leaves else age_category(household.last_visit_at, now, overdue_days)
    )
    days = None if household.last_visit_at is None else (now - household.last_visit_at) // DAY_S
    last = t_plain("map.never", lang) if days is None else t_plain("map.days", lang, days=days)
    if status is not None:
        last += t_plain("map.household_status", lang, status=t_plain(f"upd.household_status.{status.value}", lang))
    return _point(
        household.longitude,
        household.latitude,
        {
            "kind": "household",
            "dtks_id": household.dtks_id,
            "name": without_controls(household.head_name),
            "region_code": household.region_code,
            "desa": household.desa and without_controls(household.desa),
            "days_since_last_visit": days,
            "category": category,
            "status": household.status,
            "colour": LEFT_COLOUR if category == "left" else AGE_COLOURS[category],
            "label": t_plain(
                "map.household_popup",
                lang,
                name=household.head_name,
                desa=household.desa or "–",
                last=last,
            ),
        },
    )


def _visit_feature(visit: ExportedVisit, lang: str, tz: ZoneInfo) -> dict[str, Any]:
    visited = sheet_time(visit.started_at, tz)
    flags = flag_texts(split_flags(visit.flags), visit.visit_id, lang)
    return _point(
        visit.longitude,
        visit.latitude,
        {
            "kind": "visit",
            "visit_id": visit.visit_id,
            "household": without_controls(visit.head_name),
            "companion": without_controls(visit.companion_name),
            "visited_at": visited,
            "verdict": visit.verdict,
            "distance_m": visit.distance_m,
            "flags": flags,
            "colour": VERDICT_COLOURS.get(visit.verdict, "#000000"),
            "label": t_plain(
                "map.visit_popup",
                lang,
                id=visit.visit_id,
                name=visit.head_name,
                companion=visit.companion_name,
                time=visited,
                verdict=t_plain(f"report.verdict_name.{visit.verdict}", lang),
            ),
        },
    )


def _with_html_tooltip(feature: dict[str, Any]) -> dict[str, Any]:
    """The feature for the HTML map: its plain-text label as markup for Leaflet's tooltip (the
    GeoJSON file keeps plain text: GIS tools show it as it is)."""
    label = html.escape(feature["properties"]["label"], quote=False).replace("\n", "<br>")
    return {**feature, "properties": {**feature["properties"], "tooltip": label}}


def _html(households: list[dict[str, Any]], visits: list[dict[str, Any]], lang: str, overdue_days: int) -> str:
    import folium  # imported where used: the bot starts without it (start-up time)
    from branca.element import Figure

    points = [feature["geometry"]["coordinates"] for feature in households + visits]
    # Canvas, not one SVG element per point: tens of thousands of points stay fluid.
    figure = folium.Map(location=BANTEN_CENTRE, zoom_start=9, tiles="OpenStreetMap", prefer_canvas=True)
    figure.default_js, figure.default_css = [], []
    page = figure.get_root()
    assert isinstance(page, Figure), "a folium map's root is its HTML page"
    page.header.add_child(folium.Element(_inline_leaflet()), index=0)
    # Households as filled dots, visits as rings around them (the two legends below).
    layers = (("map.layer.households", households, 4, 0.8, 1), ("map.layer.visits", visits, 7, 0.0, 3))
    for name, features, radius, fill_opacity, weight in layers:
        layer = folium.FeatureGroup(name=t_plain(name, lang))
        if features:
            folium.GeoJson(
                {"type": "FeatureCollection", "features": [_with_html_tooltip(feature) for feature in features]},
                marker=folium.CircleMarker(radius=radius, fill=True, fill_opacity=fill_opacity, weight=weight),
                style_function=lambda feature: {
                    "color": feature["properties"]["colour"],
                    "fillColor": feature["properties"]["colour"],
                },
                tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
            ).add_to(layer)
        layer.add_to(figure)
    folium.LayerControl(collapsed=False).add_to(figure)
    if points:
        longitudes, latitudes = zip(*points, strict=True)
        figure.fit_bounds([[min(latitudes), min(longitudes)], [max(latitudes), max(longitudes)]])
    page = figure.get_root()
    assert isinstance(page, folium.Figure)
    page.html.add_child(folium.Element(_legend(lang, overdue_days)))
    return page.render()


@functools.cache
def _inline_leaflet() -> str:
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    script = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    return f"<style>{css}</style>\n<script>{script}</script>"


def _legend(lang: str, overdue_days: int) -> str:
    """Two titled keys: the households' dots by days since the last visit, the visits' rings by
    result."""
    households = [
        (AGE_COLOURS["recent"], t_plain("map.legend.recent", lang, days=overdue_days)),
        (AGE_COLOURS["late"], t_plain("map.legend.late", lang, low=overdue_days + 1, high=2 * overdue_days)),
        (AGE_COLOURS["old"], t_plain("map.legend.old", lang, days=2 * overdue_days)),
        (AGE_COLOURS["never"], t_plain("map.legend.never", lang)),
        (LEFT_COLOUR, t_plain("map.legend.left", lang)),
    ]
    visits = [(colour, t_plain(f"report.verdict_name.{verdict}", lang)) for verdict, colour in VERDICT_COLOURS.items()]
    dot = '<span style="display:inline-block;width:10px;height:10px;border-radius:50%;background:{}"></span>'
    ring = '<span style="display:inline-block;width:8px;height:8px;border-radius:50%;border:3px solid {}"></span>'
    sections = "".join(
        f'<div data-legend="{kind}"><b>{html.escape(t_plain(title, lang))}</b>'
        + "".join(
            f'<div data-colour="{colour}">{swatch.format(colour)} {html.escape(label)}</div>' for colour, label in rows
        )
        + "</div>"
        for kind, title, swatch, rows in (
            ("households", "map.legend.households_title", dot, households),
            ("visits", "map.legend.visits_title", ring, visits),
        )
    )
    return (
        '<div style="position:fixed;bottom:20px;left:10px;z-index:1000;background:white;'
        f'padding:6px 10px;border:1px solid #999;font:12px sans-serif">{sections}</div>'
    )
