"""A stored report's receipt, and what a start does about reports a crash interrupted.

The receipt goes through the outbox (`handlers.plumbing.outbox`), so it reaches the companion
whatever Telegram does meanwhile. At start, a draft whose report was stored (the bot died
after storing it, before the end of the conversation was saved) is dropped, never restored,
and its receipt queued if it was not; photo files that neither a stored report nor a draft
uses (written just before a crash) are deleted.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.domain import VisitFlag
from bot.rules.report import ReportDraft
from bot.rules.wording import visit_flags_text
from bot.services import Services
from bot.texts import t
from handlers.plumbing.outbox import outbox_of
from handlers.report import keyboards as kb
from handlers.report.session import DRAFT

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
# How many paths are looked up in one query when sweeping.
SWEEP_BATCH = 500


def receipt_text(number: int, flags: Sequence[VisitFlag], lang: str) -> str:
    lines = [t("report.receipt", lang, number=number)]
    if flags:
        names = visit_flags_text(flags, number, lang)
        lines.append(t("report.receipt.flagged", lang, flags=names))
    return "\n".join(lines)


async def send_receipt(
    app: AnyApplication, chat_id: int, number: int, flags: Sequence[VisitFlag], lang: str, *, now: bool = True
) -> None:
    """Queue the receipt of report `number` (once) and, if `now`, try to send it at once."""
    await outbox_of(app).confirm(
        f"receipt:{number}", chat_id, receipt_text(number, flags, lang), kb.main_menu(lang), lang=lang, now=now
    )


async def settle_stored_drafts(app: AnyApplication) -> None:
    """Drop the restored drafts of reports that were stored, and queue their receipts."""
    services: Services = app.bot_data["services"]
    drafts = {user_id: ReportDraft.from_json(data[DRAFT]) for user_id, data in app.user_data.items() if DRAFT in data}
    stored = await services.visits.by_keys([draft.key for draft in drafts.values()])
    settled = []
    for user_id, draft in drafts.items():
        visit = stored.get(draft.key)
        if visit is None:
            continue
        app.user_data[user_id].pop(DRAFT)
        settled.append(user_id)
        person = await services.people.by_telegram_id(user_id)
        lang = person.language if person else services.settings.locale.language
        # Only queued: the outbox job sends it once the bot runs.
        await send_receipt(app, user_id, visit.id, visit.flags, lang, now=False)
    if settled:
        log.info("drafts of stored reports dropped at start", extra={"count": len(settled)})
        app.mark_data_for_update_persistence(user_ids=settled)
        await app.update_persistence()


async def sweep_orphan_files(app: AnyApplication, older_than: float | None = None) -> int:
    """Delete files under the photo folder written before `older_than` (default: now, i.e.
    before this run took any step) that no stored report and no draft uses; return how many."""
    services: Services = app.bot_data["services"]
    root = services.settings.storage.photo_dir
    cutoff = time.time() if older_than is None else older_than
    in_drafts = {
        path for data in app.user_data.values() if DRAFT in data for path in ReportDraft.from_json(data[DRAFT]).files()
    }
    candidates = [path for path in await asyncio.to_thread(_files_before, root, cutoff) if path not in in_drafts]
    orphans: list[str] = []
    for start in range(0, len(candidates), SWEEP_BATCH):
        batch = candidates[start : start + SWEEP_BATCH]
        used = await services.photo_index.stored_paths(batch)
        orphans += [path for path in batch if path not in used]

    def delete() -> None:
        for path in orphans:
            (root / path).unlink(missing_ok=True)

    await asyncio.to_thread(delete)
    if orphans:
        log.info("orphan photo files deleted", extra={"count": len(orphans)})
    return len(orphans)


def schedule_orphan_sweep(app: AnyApplication) -> None:
    """Sweep the files left by the previous run once this one runs (not before: it may take a while)."""
    started = time.time()
    assert app.job_queue is not None

    async def sweep(_: object) -> None:
        await sweep_orphan_files(app, started)

    app.job_queue.run_once(sweep, 0, name="orphan-files")


def _files_before(root: Path, cutoff: float) -> list[str]:
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if path.stat().st_mtime < cutoff:
                found.append(path.relative_to(root).as_posix())
    return found
