"""An admin applies or discards the dry run of a spreadsheet import (staged in the database by
`bot.files.household_import`, so the decision holds across restarts)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.decisions.access import NotAllowed, is_admin
from bot.domain import Person
from bot.services import Services
from storage.imports import ApplyInterrupted, ImportSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Applied:
    summary: ImportSummary


@dataclass(frozen=True)
class ApplyStopped:
    """A stop interrupted the apply: rolled back; the next start tells the admin and offers it again."""


@dataclass(frozen=True)
class ImportGone:
    """Not a pending dry run of this admin's any more (decided, stale, or a forged id)."""


@dataclass(frozen=True)
class Discarded:
    pass


ApplyOutcome = Applied | ApplyStopped | ImportGone | NotAllowed
DiscardOutcome = Discarded | ImportGone | NotAllowed


async def apply_import(services: Services, admin: Person, import_id: int) -> ApplyOutcome:
    """Apply the admin's dry run in one transaction. The caller confirms `Applied` and then
    calls `imports.answered_apply`: until then a crash is told at the next start."""
    if not is_admin(admin):
        return NotAllowed()
    imports = services.imports
    await imports.press_apply(import_id, admin.id)  # a crash from here on is told at start
    try:
        summary = await imports.apply(import_id, admin.id)
    except ApplyInterrupted:
        log.info("import apply interrupted by a stop", extra={"import_id": import_id})
        return ApplyStopped()
    if summary is None:
        return ImportGone()
    log.info("import applied", extra={"import_id": import_id, "new": summary.new, "updated": summary.updated})
    return Applied(summary)


async def discard_import(services: Services, admin: Person, import_id: int) -> DiscardOutcome:
    """Drop the admin's dry run."""
    if not is_admin(admin):
        return NotAllowed()
    return Discarded() if await services.imports.discard(import_id, by=admin.id) else ImportGone()
