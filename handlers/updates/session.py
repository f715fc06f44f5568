"""The field update as a journey (`handlers.plumbing.journey`): its named states, its draft in
`user_data`, what it says when it ends unfinished."""

from __future__ import annotations

from bot.domain import Role
from bot.rules.update_draft import UpdateDraft
from handlers.plumbing.journey import Journey, JourneyTexts

# The list of changes; then the steps that take one value each.
CHOOSE = "choose"
PHONE, ADDRESS, COUNT, NOTE = "phone", "address", "count", "note"
MOVED_ADDRESS, MOVED_AWAY, MOVED_LOCATION = "moved_address", "moved_away", "moved_location"
SUCCESSOR, SUCCESSOR_NAME, SUCCESSOR_NIK, SUCCESSOR_KK = "successor", "successor_name", "successor_nik", "successor_kk"
GRADUATED_REASON = "graduated_reason"
DRAFT = "update_draft"

# Proposals are the companions'; a step runs only while the companion has the draft.
UPDATE = Journey(
    name="field_update",
    role=Role.COMPANION,
    draft_key=DRAFT,
    load=UpdateDraft.from_json,
    texts=JourneyTexts(
        cancelled="upd.cancelled",
        expired="upd.expired",
        refused="upd.cancelled",
        ended="upd.cancelled",
        stale_button="upd.stale_button",
    ),
    idle_minutes=lambda settings: settings.updates.idle_minutes,
)
