"""The household an admin is entering with /kpmbaru, kept between steps (see
`handlers.registry.household_entry`): each field is filled by its step, checked as an import
checks it (`bot.rules.households`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass
class HouseholdDraft:
    active_at: int  # last step taken, for the idle limit
    dtks_id: str | None = None
    kk_number: str | None = None
    head_name: str | None = None
    head_nik: str | None = None
    address: str | None = None
    region_code: str | None = None
    kecamatan: str | None = None
    desa: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    companion_id: int | None = None

    def to_json(self) -> str:
        return json.dumps(vars(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> HouseholdDraft:
        return cls(**json.loads(text))

    @classmethod
    def from_dict(cls, saved: dict[str, Any], now: int) -> HouseholdDraft:
        """A draft as the release before typed drafts saved it (a dict with its step's number,
        which its conversation's state holds now), as if last used `now`."""
        return cls(active_at=now, **{key: value for key, value in saved.items() if key != "step"})
