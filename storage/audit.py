"""The audit log of changes to the register: who, when, old and new values."""

from __future__ import annotations

import json
from typing import Any

from storage.database import Transaction


async def record_audit(
    conn: Transaction,
    *,
    at: int,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: int | str | None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> None:
    """Write one audit entry inside the caller's transaction, so it commits with the change."""
    await conn.execute(
        "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, old_value, new_value)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            at,
            actor_id,
            action,
            entity,
            None if entity_id is None else str(entity_id),
            None if old is None else json.dumps(old, ensure_ascii=False, sort_keys=True),
            None if new is None else json.dumps(new, ensure_ascii=False, sort_keys=True),
        ),
    )
