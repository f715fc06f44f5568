"""Who receives the office's messages: active people by role and by the regions they cover."""

from __future__ import annotations

from bot.domain import Person, Role
from storage.database import Database
from storage.people import PeopleRepository


class RecipientRepository:
    def __init__(self, db: Database, people: PeopleRepository) -> None:
        self._db = db
        self._people = people

    async def active(self, role: Role) -> list[Person]:
        """Active people of `role` who can be messaged (they have a Telegram account)."""
        rows = await self._db.fetch_all(
            "SELECT id FROM people WHERE role = ? AND active = 1 AND telegram_user_id IS NOT NULL"
            " ORDER BY full_name, id",
            (role.value,),
        )
        return await self.people_by_ids([row[0] for row in rows])

    async def coordinators_of(self, region_code: str) -> list[Person]:
        """Active coordinators covering a kabupaten/kota, province coordinators included."""
        rows = await self._db.fetch_all(
            "SELECT DISTINCT p.id FROM people p JOIN person_regions r ON r.person_id = p.id"
            " WHERE p.role = 'coordinator' AND p.active = 1 AND p.telegram_user_id IS NOT NULL"
            " AND r.region_code IN (?, ?) ORDER BY p.id",
            (region_code, region_code[:2]),  # the kabupaten/kota and its province
        )
        return await self.people_by_ids([row[0] for row in rows])

    async def people_by_ids(self, ids: list[int]) -> list[Person]:
        people = [await self._people.by_id(person_id) for person_id in ids]
        return [person for person in people if person is not None]
