"""Typed rows returned by the repositories."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    COMPANION = "companion"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: str
    parent_code: str | None


@dataclass(frozen=True)
class Person:
    id: int
    telegram_user_id: int | None
    full_name: str
    username: str | None
    role: Role
    language: str
    active: bool
    invited_by: int | None
    region_codes: tuple[str, ...]
    created_at: int
    updated_at: int
