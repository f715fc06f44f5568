"""What a companion may propose about a household from the field, how each value is checked,
what an approved proposal changes in the register, and how a proposal reads.

A proposal changes one field. Its value is JSON-able: a text (phone, address, note), a count
(members and the programme's components), or, for the status, a `StatusReport` as a dict.
Values are checked when the companion types them and again when the proposal is stored (a
saved draft or a forged button must not slip past), with the import's checks where the register
has them (NIK, KK, names, texts: `bot.rules.households`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.domain import Box, HouseholdStatus
from bot.rules.households import (
    RuleError,
    mask_number,
    normalize_kk,
    normalize_name,
    normalize_nik,
    normalize_text,
)
from bot.texts import t_plain


class Field(StrEnum):
    STATUS = "status"
    PHONE = "phone"
    ADDRESS = "address"
    MEMBERS = "members"
    UNDER_FIVE = "under_five"
    SCHOOL_SD = "school_sd"
    SCHOOL_SMP = "school_smp"
    SCHOOL_SMA = "school_sma"
    PREGNANT = "pregnant"
    ELDERLY = "elderly"
    DISABLED = "disabled"
    NOTE = "note"


# The programme's components: who in the family the conditions are about.
COMPONENTS = (
    Field.UNDER_FIVE,
    Field.SCHOOL_SD,
    Field.SCHOOL_SMP,
    Field.SCHOOL_SMA,
    Field.PREGNANT,
    Field.ELDERLY,
    Field.DISABLED,
)
COUNTS = (Field.MEMBERS, *COMPONENTS)
# No household of the register has more members: a bigger number is a typing slip.
COUNT_MAX = 30
NOTE_MAX = 500

_PHONE_SEPARATORS = re.compile(r"[\s.()/-]")
# An Indonesian number without its trunk 0 or +62: an area code (2–9…) or a mobile (8…), 8–12 digits.
_NATIONAL_NUMBER = re.compile(r"[2-9]\d{7,11}")


def normalize_phone(text: str) -> str:
    """A phone number written as people do (0812-3456-7890, +62 812 3456 7890, 62812…) as +62…."""
    value = _PHONE_SEPARATORS.sub("", text.strip())
    for prefix in ("+62", "62", "0"):
        if value.startswith(prefix):
            national = value.removeprefix(prefix)
            if _NATIONAL_NUMBER.fullmatch(national):
                return f"+62{national}"
            break
    raise RuleError("phone")


def read_count(text: str) -> int:
    """A number of people: a whole number from 0 to COUNT_MAX."""
    value = text.strip()
    if re.fullmatch(r"-\s*\d+", value):
        raise RuleError("count_negative")
    if not re.fullmatch(r"\d{1,6}", value):
        raise RuleError("count_number")
    number = int(value)
    if number > COUNT_MAX:
        raise RuleError("count_absurd", limit=COUNT_MAX)
    return number


def normalize_note(text: str) -> str:
    """A free note: any words (written safely into files), at most NOTE_MAX characters."""
    value = text.strip()
    if not value:
        raise RuleError("required")
    if len(value) > NOTE_MAX:
        raise RuleError("too_long", limit=NOTE_MAX)
    return value


@dataclass
class StatusReport:
    """A status as the companion reports it, with what each kind needs: moved (the new address,
    whether still in the companion's area, the new place if shared live), deceased (the new
    head, or none), graduated (why)."""

    kind: HouseholdStatus
    address: str | None = None
    away: bool | None = None
    latitude: float | None = None
    longitude: float | None = None
    accuracy_m: float | None = None
    successor_name: str | None = None
    successor_nik: str | None = None
    successor_kk: str | None = None
    reason: str | None = None

    def to_value(self) -> dict[str, Any]:
        """As a proposal stores it: the kind and the details it has."""
        return {key: value for key, value in vars(self).items() if value is not None}

    @classmethod
    def from_value(cls, value: dict[str, Any]) -> StatusReport:
        return cls(**{**value, "kind": HouseholdStatus(value["kind"])})

    @property
    def complete(self) -> bool:
        """Whether every detail its kind needs is there."""
        if self.kind is HouseholdStatus.MOVED:
            return self.address is not None and self.away is not None
        if self.kind is HouseholdStatus.GRADUATED:
            return self.reason is not None
        if self.kind is HouseholdStatus.DECEASED:
            return (self.successor_name is None) == (self.successor_nik is None)
        return True

    @property
    def resulting_status(self) -> HouseholdStatus | None:
        """The household's status once approved: none for a move within the area or a head
        succeeded by another (the household stays in the programme)."""
        if self.kind is HouseholdStatus.MOVED and not self.away:
            return None
        if self.kind is HouseholdStatus.DECEASED and self.successor_name is not None:
            return None
        return self.kind


def check_change(name: str, value: Any, *, province_code: str, box: Box, members: int | None) -> Any:
    """The value of field `name` as the register would store it, checked again; RuleError (or
    ValueError for a value no step of the journey produces) otherwise. `members` is the number
    of members known (proposed with it, or registered) that no component may exceed."""
    field_ = Field(name)
    if field_ is Field.STATUS:
        return _checked_status(StatusReport.from_value(value), province_code, box).to_value()
    if not isinstance(value, int | str) or isinstance(value, bool):
        raise ValueError(f"{name}: not a text or a number")
    if field_ is Field.PHONE:
        return normalize_phone(str(value))
    if field_ is Field.ADDRESS:
        return _required(str(value))
    if field_ is Field.NOTE:
        return normalize_note(str(value))
    count = read_count(str(value))
    check_component(field_, count, members)
    return count


def check_component(field_: Field, count: int, members: int | None) -> None:
    """A component of more people than the family has members is refused."""
    if field_ in COMPONENTS and members is not None and count > members:
        raise RuleError("count_above_members", members=members)


def _checked_status(report: StatusReport, province_code: str, box: Box) -> StatusReport:
    if not report.complete:
        raise ValueError(f"status {report.kind}: details missing")
    if report.address is not None:
        report.address = _required(report.address)
    if report.reason is not None:
        report.reason = _required(report.reason)
    if report.successor_name is not None:
        report.successor_name = normalize_name(report.successor_name)
    if report.successor_nik is not None:
        report.successor_nik = normalize_nik(report.successor_nik)
    if report.successor_kk is not None:
        report.successor_kk = normalize_kk(report.successor_kk, province_code)
    if (report.latitude is None) != (report.longitude is None):
        raise ValueError("half a position")
    if (
        report.latitude is not None
        and report.longitude is not None
        and not box.contains(report.latitude, report.longitude)
    ):
        raise RuleError("outside_province")
    return report


def _required(text: str) -> str:
    value = normalize_text(text)
    if value is None:
        raise RuleError("required")
    return value


@dataclass(frozen=True)
class RegisterChange:
    """What an approved proposal writes: household columns (the DTKS record, its status) and
    the field profile's columns."""

    household: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)


def register_change(name: str, value: Any) -> RegisterChange:
    """The register's change once the proposal of field `name` with `value` is approved. A status
    that leaves the programme deactivates the household (reminders and coverage leave it, its
    visits stay); one that does not (not found, refuses) keeps it active."""
    field_ = Field(name)
    if field_ is Field.ADDRESS:
        return RegisterChange(household={"address": value})
    if field_ is not Field.STATUS:
        return RegisterChange(profile={field_.value: value})
    report = StatusReport.from_value(value)
    household: dict[str, Any] = {}
    if report.address is not None:
        household["address"] = report.address
    if report.latitude is not None and report.longitude is not None:
        household |= {"latitude": report.latitude, "longitude": report.longitude, "coordinates_source": "companion"}
    if report.successor_name is not None:
        household |= {"head_name": report.successor_name, "head_nik": report.successor_nik}
        if report.successor_kk is not None:
            household["kk_number"] = report.successor_kk
    status = report.resulting_status
    if status is not None:
        household["status"] = status.value
        if status.leaves:
            household["active"] = 0
    return RegisterChange(household=household)


def field_label(name: str, lang: str) -> str:
    return t_plain(f"upd.field.{name}", lang)


def value_text(name: str, value: Any, lang: str, *, reveal: bool) -> str:
    """A proposed (or replaced) value in words; NIK and KK masked unless `reveal` (admins)."""
    if value is None or value == {}:
        return "–"
    if Field(name) is not Field.STATUS:
        return str(value)
    report = StatusReport.from_value(value)
    parts = [t_plain(f"upd.status.{report.kind.value}", lang)]
    if report.kind is HouseholdStatus.MOVED:
        parts.append(t_plain("upd.detail.away" if report.away else "upd.detail.nearby", lang))
        parts.append(t_plain("upd.detail.address", lang, address=report.address or "–"))
        if report.latitude is not None:
            parts.append(
                t_plain("upd.detail.position", lang, position=f"{report.latitude:.6f}, {report.longitude:.6f}")
            )
    elif report.kind is HouseholdStatus.DECEASED:
        if report.successor_name is None:
            parts.append(t_plain("upd.detail.no_successor", lang))
        else:
            nik = report.successor_nik if reveal else mask_number(report.successor_nik)
            parts.append(t_plain("upd.detail.successor", lang, name=report.successor_name, nik=nik or "–"))
            if report.successor_kk is not None:
                kk = report.successor_kk if reveal else mask_number(report.successor_kk)
                parts.append(t_plain("upd.detail.kk", lang, kk=kk or "–"))
    elif report.kind is HouseholdStatus.GRADUATED:
        parts.append(t_plain("upd.detail.reason", lang, reason=report.reason or "–"))
    return " — ".join(parts)


def old_text(name: str, old: dict[str, Any], lang: str, *, reveal: bool) -> str:
    """What an approved change replaced, in words (from the register's columns it overwrote)."""
    if Field(name) is not Field.STATUS:
        value = next(iter(old.values()), None) if old else None
        return "–" if value is None else str(value)
    status = old.get("status")
    parts = [t_plain(f"upd.household_status.{status}" if status else "upd.old.in_programme", lang)]
    if "head_name" in old:
        nik = old.get("head_nik") if reveal else mask_number(old.get("head_nik"))
        parts.append(t_plain("upd.old.head", lang, name=old["head_name"], nik=nik or "–"))
    if "kk_number" in old:
        kk = old["kk_number"] if reveal else mask_number(old["kk_number"])
        parts.append(t_plain("upd.old.kk", lang, kk=kk or "–"))
    if old.get("address"):
        parts.append(f"{field_label(Field.ADDRESS, lang)}: {old['address']}")
    if old.get("latitude") is not None:
        parts.append(t_plain("upd.old.position", lang, position=f"{old['latitude']:.6f}, {old['longitude']:.6f}"))
    return " — ".join(parts)
