"""What a valid household record looks like: shared by the one-by-one conversation and the
spreadsheet import, so both accept and refuse exactly the same values.

Each `normalize_*` returns the cleaned value or raises `RuleError` with the catalogue key of
the reason (`reg.reason.<name>`) and the values that sentence needs.
"""

from __future__ import annotations

import re

from bot.regions import regency_name
from bot.rules.problems import CataloguedProblem

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NAME_MAX = 100
TEXT_MAX = 200

_DTKS_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{3,31}")
_SIXTEEN_DIGITS = re.compile(r"\d{16}")
_NUMBER_SEPARATORS = re.compile(r"[\s.]")
_SPACES = re.compile(r"\s+")


class RuleError(CataloguedProblem, ValueError):
    """A field of a household breaks a rule of the register."""

    PREFIX = "reg.reason"


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def normalize_dtks_id(text: str) -> str:
    value = text.strip()
    if looks_like_formula(value):
        raise RuleError("formula")
    if not _DTKS_ID.fullmatch(value):
        raise RuleError("dtks_id")
    return value


def normalize_kk(text: str, province_code: str) -> str:
    """A KK number: 16 digits (spaces and dots allowed in between), starting with the province code."""
    value = _NUMBER_SEPARATORS.sub("", text)
    if looks_like_formula(value):
        raise RuleError("formula")
    if not _SIXTEEN_DIGITS.fullmatch(value):
        raise RuleError("kk_digits")
    if not value.startswith(province_code):
        raise RuleError("kk_province", province=province_code)
    return value


def normalize_nik(text: str) -> str:
    value = _NUMBER_SEPARATORS.sub("", text)
    if looks_like_formula(value):
        raise RuleError("formula")
    if not _SIXTEEN_DIGITS.fullmatch(value):
        raise RuleError("nik_digits")
    return value


def normalize_name(text: str) -> str:
    """A person's name: letters required, spaces tidied, at most NAME_MAX characters."""
    value = _SPACES.sub(" ", text).strip()
    if looks_like_formula(value):
        raise RuleError("formula")
    if len(value) < 2 or not any(char.isalpha() for char in value):
        raise RuleError("name_missing")
    if len(value) > NAME_MAX:
        raise RuleError("too_long", limit=NAME_MAX)
    return value


def normalize_text(text: str) -> str | None:
    """A free text such as an address, kecamatan or desa; empty means not given."""
    value = _SPACES.sub(" ", text).strip()
    if not value:
        return None
    if looks_like_formula(value):
        raise RuleError("formula")
    if len(value) > TEXT_MAX:
        raise RuleError("too_long", limit=TEXT_MAX)
    return value


def normalize_region(text: str, region_codes: frozenset[str]) -> str:
    """A kabupaten/kota code, written `3604` or `36.04`."""
    value = text.strip().replace(".", "")
    if looks_like_formula(value):
        raise RuleError("formula")
    if value not in region_codes:
        raise RuleError("region_unknown", codes=", ".join(sorted(region_codes)))
    return value


def foreign_region(number: str | None, region_code: str) -> tuple[str, str] | None:
    """(code, name) of the kabupaten/kota a NIK or KK number was issued in (its first four digits)
    when that is a region of Indonesia other than the household's `region_code`; None when they
    agree, or when the digits name no region the data know (codes change when regions split)."""
    if not number or number[:4] == region_code:
        return None
    name = regency_name(number[:4])
    return None if name is None else (number[:4], name)


def mask_number(number: str | None) -> str | None:
    """A KK or NIK with only its first and last four digits showing: 3604********0012."""
    if not number:
        return None
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
