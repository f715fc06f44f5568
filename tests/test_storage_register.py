"""Households and visits on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import NewHousehold, NewPhoto, NewVisit, Role, TrackPoint, Verdict, VisitFlag
from storage.database import Database
from storage.households import HouseholdRepository
from storage.people import PeopleRepository
from storage.visits import VisitRepository
from tests.support.harness import FakeClock


@pytest.fixture
async def db(tmp_path: Path):
    database = Database(tmp_path / "test.db")
    await database.open()
    yield database
    await database.close()


def a_visit(household_id: int, companion_id: int, **changes: object) -> NewVisit:
    values: dict[str, object] = {
        "household_id": household_id,
        "companion_id": companion_id,
        "region_code": "3604",
        "started_at": 100,
        "reported_at": 160,
        "latitude": -6.12,
        "longitude": 106.15,
        "accuracy_m": 8.0,
        "live": True,
        "verdict": Verdict.OUTSIDE,
        "distance_m": 420.0,
        "conditions": {"posyandu": "checked"},
        "idempotency_key": "k-1",
        "flags": (VisitFlag("outside", "420 m"),),
        "photos": (NewPhoto("f1", "u1", "2026/x.jpg", "ab" * 32, 1234, phash="ff00"),),
        "track": (TrackPoint(120, -6.12, 106.15, 8.0, 420.0),),
    }
    values.update(changes)
    return NewVisit(**values)  # type: ignore[arg-type]


async def test_household_is_added_with_an_audit_entry(db: Database) -> None:
    households = HouseholdRepository(db, FakeClock())
    added = await households.add(
        NewHousehold(dtks_id="D1", head_name="Siti", region_code="3604", latitude=-6.1, longitude=106.1),
        actor_id=None,
    )
    assert (await households.by_dtks_id("D1")) == added
    audit = await db.fetch_one("SELECT action, entity, entity_id FROM audit_log")
    assert tuple(audit) == ("create", "household", str(added.id))


async def test_visit_is_stored_once_with_everything_attached(db: Database) -> None:
    clock = FakeClock()
    companion = await PeopleRepository(db, clock).create(
        telegram_user_id=1, full_name="P", role=Role.COMPANION, region_codes=("3604",)
    )
    household = await HouseholdRepository(db, clock).add(
        NewHousehold(dtks_id="D1", head_name="Siti", region_code="3604", companion_id=companion.id), None
    )
    visits = VisitRepository(db)

    first_id, created = await visits.add(a_visit(household.id, companion.id))
    again_id, created_again = await visits.add(a_visit(household.id, companion.id))
    assert created and not created_again and first_id == again_id

    stored = await visits.by_id(first_id)
    assert stored is not None
    assert stored.verdict is Verdict.OUTSIDE and stored.conditions == {"posyandu": "checked"}
    assert stored.flags == (VisitFlag("outside", "420 m"),)
    assert await db.fetch_value("SELECT COUNT(*) FROM photos") == 1
    assert await db.fetch_value("SELECT COUNT(*) FROM visit_track") == 1
    assert [v.id for v in await visits.latest_of_companion(companion.id)] == [first_id]


async def test_a_visit_for_an_unknown_household_stores_nothing(db: Database) -> None:
    clock = FakeClock()
    companion = await PeopleRepository(db, clock).create(
        telegram_user_id=1, full_name="P", role=Role.COMPANION, region_codes=("3604",)
    )
    with pytest.raises(Exception):
        await VisitRepository(db).add(a_visit(999, companion.id))
    for table in ("visits", "visit_flags", "photos", "visit_track"):
        assert await db.fetch_value(f"SELECT COUNT(*) FROM {table}") == 0


async def test_accepted_proposal_moves_the_household_once(db: Database) -> None:
    from storage.proposals import ProposalRepository

    clock = FakeClock()
    people = PeopleRepository(db, clock)
    companion = await people.create(telegram_user_id=1, full_name="P", role=Role.COMPANION, region_codes=("3604",))
    admin = await people.create(telegram_user_id=2, full_name="A", role=Role.ADMIN, region_codes=("36",))
    household = await HouseholdRepository(db, clock).add(
        NewHousehold(dtks_id="D1", head_name="Siti", region_code="3604"), None
    )
    proposals = ProposalRepository(db, clock)
    proposal_id = await proposals.add(
        household_id=household.id,
        proposed_by=companion.id,
        latitude=-6.1,
        longitude=106.1,
        accuracy_m=9,
        reason="no_reference",
    )
    assert [p.id for p in await proposals.pending()] == [proposal_id]
    assert await proposals.decide(proposal_id, accept=True, admin_id=admin.id) is not None
    assert await proposals.decide(proposal_id, accept=False, admin_id=admin.id) is None
    moved = await HouseholdRepository(db, clock).by_id(household.id)
    assert moved is not None and (moved.latitude, moved.longitude, moved.coordinates_source) == (
        -6.1,
        106.1,
        "companion",
    )
    assert await db.fetch_value("SELECT COUNT(*) FROM audit_log WHERE action = 'set_coordinates'") == 1
