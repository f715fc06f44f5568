"""Reading the dashboard's query parameters: each is checked like callback data (it may be
forged), and a bad one is answered with 400 and the reason, before anything is read."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.monitoring.register import FLAGS, VERDICTS
from bot.monitoring.views import LEVELS, PERIODS, Box, Filters

# Longer values are no kecamatan or desa name, and no number the dashboard made.
MAX_TEXT = 120
_REGION = re.compile(r"\d{4}")
_NUMBER = re.compile(r"\d{1,12}")
_DECIMAL = re.compile(r"-?\d{1,3}(\.\d{1,17})?")


class BadParameter(ValueError):
    """A query parameter the dashboard cannot have sent; the message says which and why."""


def text(query: Mapping[str, str], name: str) -> str | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    if len(value) > MAX_TEXT or any(ord(char) < 32 for char in value):
        raise BadParameter(f"{name}: not a name the dashboard offers")
    return value


def number(query: Mapping[str, str], name: str, *, default: int | None = None, high: int = 10**12) -> int | None:
    value = query.get(name)
    if value is None or value == "":
        return default
    if not _NUMBER.fullmatch(value) or int(value) > high:
        raise BadParameter(f"{name}: a whole number up to {high} expected")
    return int(value)


def path_id(value: str) -> int:
    """An id in a URL path (`/api/visit/{id}`)."""
    if not _NUMBER.fullmatch(value):
        raise BadParameter("id: a whole number expected")
    return int(value)


def choice(query: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str | None = None) -> str | None:
    value = query.get(name) or default
    if value is not None and value not in allowed:
        raise BadParameter(f"{name}: one of {', '.join(allowed)}")
    return value


def filters(query: Mapping[str, str]) -> Filters:
    region = query.get("region") or None
    if region is not None and not _REGION.fullmatch(region):
        raise BadParameter("region: a kabupaten/kota code of four digits")
    return Filters(
        region=region,
        kecamatan=text(query, "kecamatan"),
        desa=text(query, "desa"),
        companion=number(query, "companion"),
        period=choice(query, "period", PERIODS, "today") or "today",
        verdict=choice(query, "verdict", VERDICTS),
        flag=choice(query, "flag", (*FLAGS, "any")),
    )


def box(query: Mapping[str, str]) -> Box:
    values = {}
    for name, limit in (("south", 90.0), ("west", 180.0), ("north", 90.0), ("east", 180.0)):
        raw = query.get(name, "")
        if not _DECIMAL.fullmatch(raw) or abs(float(raw)) > limit:
            raise BadParameter(f"{name}: degrees between -{limit:g} and {limit:g}")
        values[name] = float(raw)
    if values["south"] > values["north"] or values["west"] > values["east"]:
        raise BadParameter("south/west must not be beyond north/east")
    return Box(**values)


def zoom(query: Mapping[str, str]) -> int:
    value = number(query, "zoom", high=22)
    if value is None:
        raise BadParameter("zoom: a map zoom level from 0 to 22")
    return value


def level(query: Mapping[str, str]) -> str:
    return choice(query, "level", LEVELS, "region") or "region"
