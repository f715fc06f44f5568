"""People who use the bot: admins, coordinators, companions."""

from __future__ import annotations

from bot.domain import Person, Role
from storage.audit import record_audit
from storage.clock import Clock
from storage.database import Database, Row

_SELECT = (
    "SELECT p.*, (SELECT group_concat(region_code, ',') FROM person_regions r"
    " WHERE r.person_id = p.id) AS region_codes FROM people p"
)


def _person(row: Row) -> Person:
    regions = tuple(sorted(row["region_codes"].split(","))) if row["region_codes"] else ()
    return Person(
        id=row["id"],
        telegram_user_id=row["telegram_user_id"],
        full_name=row["full_name"],
        username=row["username"],
        role=Role(row["role"]),
        language=row["language"],
        active=bool(row["active"]),
        invited_by=row["invited_by"],
        region_codes=regions,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


# Strangers are remembered too (a stranger's every message looks them up); past this many
# accounts the memory starts afresh.
CACHE_LIMIT = 10_000


class PeopleRepository:
    """People, and who is behind a Telegram account. That look-up comes first in every update,
    so its answers are kept in memory: people and their regions change only through this
    repository and invitations, which call `forget_cached` after writing."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._by_telegram_id: dict[int, Person | None] = {}
        self._generation = 0

    async def by_telegram_id(self, telegram_user_id: int) -> Person | None:
        if telegram_user_id in self._by_telegram_id:
            return self._by_telegram_id[telegram_user_id]
        generation = self._generation
        row = await self._db.fetch_one(f"{_SELECT} WHERE p.telegram_user_id = ?", (telegram_user_id,))
        person = _person(row) if row else None
        # A write that finished while this read ran may have made its answer old: do not keep it.
        if generation == self._generation:
            if len(self._by_telegram_id) >= CACHE_LIMIT:
                self._by_telegram_id.clear()
            self._by_telegram_id[telegram_user_id] = person
        return person

    def forget_cached(self) -> None:
        """Drop the remembered people; call after any write to `people` or `person_regions`."""
        self._generation += 1
        self._by_telegram_id.clear()

    async def by_id(self, person_id: int) -> Person | None:
        row = await self._db.fetch_one(f"{_SELECT} WHERE p.id = ?", (person_id,))
        return _person(row) if row else None

    async def create(
        self,
        *,
        telegram_user_id: int | None,
        full_name: str,
        role: Role,
        region_codes: tuple[str, ...] = (),
        username: str | None = None,
        language: str = "id",
        invited_by: int | None = None,
    ) -> Person:
        now = self._clock.now()
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO people (telegram_user_id, full_name, username, role, language,"
                " invited_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (telegram_user_id, full_name, username, role.value, language, invited_by, now, now),
            )
            person_id = cursor.lastrowid
            await conn.executemany(
                "INSERT INTO person_regions (person_id, region_code) VALUES (?, ?)",
                [(person_id, code) for code in region_codes],
            )
            await record_audit(
                conn,
                at=now,
                actor_id=invited_by,
                action="create",
                entity="person",
                entity_id=person_id,
                new={"role": role.value, "regions": list(region_codes)},
            )
        self.forget_cached()
        person = await self.by_id(int(person_id or 0))
        assert person is not None
        return person

    async def ensure_bootstrap_admins(self, telegram_user_ids: list[int], language: str, province_code: str) -> None:
        """Make the configured admins exist and be active admins; people already known keep their name."""
        for telegram_user_id in telegram_user_ids:
            person = await self.by_telegram_id(telegram_user_id)
            if person is None:
                await self.create(
                    telegram_user_id=telegram_user_id,
                    full_name=f"Admin {telegram_user_id}",
                    role=Role.ADMIN,
                    region_codes=(province_code,),
                    language=language,
                )
            elif person.role is not Role.ADMIN or not person.active:
                now = self._clock.now()
                async with self._db.transaction() as conn:
                    await conn.execute(
                        "UPDATE people SET role = 'admin', active = 1, updated_at = ? WHERE id = ?",
                        (now, person.id),
                    )
                    await record_audit(
                        conn,
                        at=now,
                        actor_id=None,
                        action="bootstrap_admin",
                        entity="person",
                        entity_id=person.id,
                        old={"role": person.role.value, "active": person.active},
                        new={"role": "admin", "active": True},
                    )
                self.forget_cached()

    async def refresh_profile(self, person: Person, full_name: str, username: str | None) -> None:
        """Keep the Telegram name and username current (they change)."""
        if (person.full_name, person.username) == (full_name, username):
            return
        await self._db.execute(
            "UPDATE people SET full_name = ?, username = ?, updated_at = ? WHERE id = ?",
            (full_name, username, self._clock.now(), person.id),
        )
        self.forget_cached()

    async def listing(self, role: Role | None = None, region_code: str | None = None) -> list[Person]:
        """Everyone with `role` covering `region_code` (a coordinator of the province covers all),
        active first, then by name."""
        sql = f"{_SELECT} WHERE (? IS NULL OR p.role = ?)"
        code = role.value if role else None
        params: list[object] = [code, code]
        if region_code is not None:
            # The kabupaten/kota or its whole province (the code's first two digits).
            sql += " AND EXISTS (SELECT 1 FROM person_regions r WHERE r.person_id = p.id"
            sql += " AND r.region_code IN (?, substr(?, 1, 2)))"
            params += [region_code, region_code]
        rows = await self._db.fetch_all(f"{sql} ORDER BY p.active DESC, p.full_name COLLATE NOCASE", params)
        return [_person(row) for row in rows]

    async def set_active(self, person: Person, active: bool, actor_id: int) -> None:
        """Deactivate (treated as a stranger, history kept) or reactivate a person; audited."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE people SET active = ?, updated_at = ? WHERE id = ?", (int(active), now, person.id)
            )
            await record_audit(
                conn,
                at=now,
                actor_id=actor_id,
                action="activate" if active else "deactivate",
                entity="person",
                entity_id=person.id,
                old={"active": person.active},
                new={"active": active},
            )
        self.forget_cached()

    async def change_region(self, person: Person, region_codes: tuple[str, ...], actor_id: int) -> None:
        """Set the regions a person covers; audited."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM person_regions WHERE person_id = ?", (person.id,))
            await conn.executemany(
                "INSERT INTO person_regions (person_id, region_code) VALUES (?, ?)",
                [(person.id, code) for code in region_codes],
            )
            await conn.execute("UPDATE people SET updated_at = ? WHERE id = ?", (now, person.id))
            await record_audit(
                conn,
                at=now,
                actor_id=actor_id,
                action="change_region",
                entity="person",
                entity_id=person.id,
                old={"regions": list(person.region_codes)},
                new={"regions": list(region_codes)},
            )
        self.forget_cached()

    async def active_companions(self) -> list[Person]:
        """Every active companion (about 250): the import resolves its `pendamping` column with them."""
        rows = await self._db.fetch_all(f"{_SELECT} WHERE p.role = 'companion' AND p.active = 1")
        return [_person(row) for row in rows]
