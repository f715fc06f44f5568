"""The report's lookups on a real SQLite file: nearest households (checked against a
geodesic scan of all), search, photo reuse by hash bands, history views."""

from __future__ import annotations

import random
from pathlib import Path

import aiosqlite
import pytest

from bot.domain import NewHousehold, NewPhoto, NewVisit, Role, Verdict
from bot.rules.nearby import nearest
from bot.rules.verdict import distance_m
from storage.database import Database
from storage.households import HouseholdRepository
from storage.migrations import apply_migrations
from storage.nearby import NearbyHouseholds
from storage.people import PeopleRepository
from storage.photos_index import PhotoIndex
from storage.visits import VisitRepository
from tests.support.harness import FakeClock


@pytest.fixture
async def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = Database(tmp_path / "report.db")
    await database.open()
    yield database
    await database.close()


async def _companion(db: Database, name: str = "Rina") -> int:
    person = await PeopleRepository(db, FakeClock()).create(
        telegram_user_id=None, full_name=name, role=Role.COMPANION, region_codes=("3604",)
    )
    return person.id


async def test_nearest_households_match_a_geodesic_scan(db: Database) -> None:
    companion, other = await _companion(db), await _companion(db, "Lain")
    households = HouseholdRepository(db, FakeClock())
    rng = random.Random(4)
    for index in range(300):
        # Three villages, some households far away, some without coordinates, some of another companion.
        centre = rng.choice([(-6.12, 106.15), (-6.13, 106.16), (-6.40, 106.00)])
        located = index % 17 != 0
        await households.add(
            NewHousehold(
                dtks_id=f"36040000{index:08d}",
                head_name=f"Warga {index}",
                region_code="3604",
                latitude=centre[0] + rng.uniform(-0.01, 0.01) if located else None,
                longitude=centre[1] + rng.uniform(-0.01, 0.01) if located else None,
                companion_id=other if index % 5 == 0 else companion,
            ),
            actor_id=None,
        )
    await db.execute("UPDATE households SET active = 0 WHERE id % 11 = 0")
    rows = await db.fetch_all(
        "SELECT * FROM households WHERE companion_id = ? AND active = 1 AND latitude IS NOT NULL", (companion,)
    )
    repository = NearbyHouseholds(db)
    for spot in [(-6.12, 106.15), (-6.125, 106.155), (-6.40, 106.0), (-6.9, 105.5)]:
        for count in (1, 6, 25, 1000):
            found = await nearest(repository, companion, spot[0], spot[1], count)
            brute = sorted((distance_m(*spot, r["latitude"], r["longitude"]), r["id"]) for r in rows)[:count]
            assert [(round(item.distance_m, 6), item.household.id) for item in found] == [
                (round(d, 6), i) for d, i in brute
            ]


async def test_search_by_name_or_dtks_id_within_own_active_households(db: Database) -> None:
    companion, other = await _companion(db), await _companion(db, "Lain")
    households = HouseholdRepository(db, FakeClock())
    for dtks, name, owner in [
        ("3604000000000001", "Siti Aminah", companion),
        ("3604000000000002", "Siti_Rohmah 100%", companion),
        ("3604000000000003", "Siti Lain", other),
    ]:
        await households.add(
            NewHousehold(dtks_id=dtks, head_name=name, region_code="3604", companion_id=owner), actor_id=None
        )
    repository = NearbyHouseholds(db)
    assert [h.head_name for h in await repository.search(companion, "siti")] == ["Siti Aminah", "Siti_Rohmah 100%"]
    assert [h.head_name for h in await repository.search(companion, "100%")] == ["Siti_Rohmah 100%"]
    assert [h.head_name for h in await repository.search(companion, "i_R")] == ["Siti_Rohmah 100%"]
    assert [h.head_name for h in await repository.search(companion, "3604000000000001")] == ["Siti Aminah"]
    assert await repository.search(companion, "3604000000000003") == []
    assert await repository.own_active(companion, 3) is None
    assert await repository.has_any(companion) and not await repository.has_any(companion + 10)


async def test_photo_reuse_is_found_by_file_checksum_and_near_hash(db: Database) -> None:
    companion = await _companion(db)
    household = await HouseholdRepository(db, FakeClock()).add(
        NewHousehold(dtks_id="3604000000000001", head_name="Siti", region_code="3604", companion_id=companion),
        actor_id=None,
    )
    photo = NewPhoto(
        file_id="f", file_unique_id="u1", path="a.jpg", sha256="a" * 64, size_bytes=1, phash="f0f0f0f0f0f0f0f0"
    )
    visit_id, _ = await VisitRepository(db).add(
        NewVisit(
            household_id=household.id,
            companion_id=companion,
            region_code="3604",
            started_at=1,
            reported_at=2,
            latitude=-6.1,
            longitude=106.1,
            accuracy_m=5,
            live=True,
            verdict=Verdict.VERIFIED,
            photos=(photo,),
        )
    )
    index = PhotoIndex(db)

    async def reuse(**values: object):  # type: ignore[no-untyped-def]
        query: dict[str, object] = {
            "file_unique_id": "u2",
            "sha256": "b" * 64,
            "phash": "0123456789abcdef",
            "max_distance": 5,
            **values,
        }
        return await index.earlier_use(**query)  # type: ignore[arg-type]

    assert await reuse() is None
    assert (await reuse(file_unique_id="u1")).reason == "file"
    assert (await reuse(sha256="a" * 64)).reason == "sha256"
    # Five bits flipped, spread over five bands: still found through the untouched bands.
    near = await reuse(phash="f1f1f1f1f1f0f0f0")
    assert (near.visit_id, near.reason, near.distance) == (visit_id, "phash", 5)
    assert await reuse(phash="f1f1f1f1f1f1f0f0") is None  # six bits: too far
    assert await reuse(phash="F0F0F0F0F0F0F0F1", max_distance=0) is None
    assert (await reuse(phash="F0F0F0F0F0F0F0F0", max_distance=0)).distance == 0
    # Seven bits, two in each of three quarters and one in the fourth: the farthest the keys reach.
    farthest = await reuse(phash="f3f0f3f0f3f0f1f0", max_distance=7)
    assert (farthest.visit_id, farthest.distance) == (visit_id, 7)


async def test_photos_stored_before_the_quarter_keys_get_them_when_migrated(tmp_path: Path) -> None:
    async with aiosqlite.connect(tmp_path / "old.db") as conn:
        await apply_migrations(conn, target=7)
        await conn.execute("PRAGMA foreign_keys = OFF")
        await conn.execute(
            "INSERT INTO photos (visit_id, file_id, file_unique_id, path, sha256, phash, size_bytes, created_at)"
            " VALUES (1, 'f', 'u', 'a.jpg', 'x', '0123456789ABCDEF', 1, 0)"
        )
        await conn.commit()
        await apply_migrations(conn)
        rows = await conn.execute_fetchall("SELECT key, phash FROM photo_hash_keys ORDER BY key")

    assert [tuple(row) for row in rows] == [
        ("00123", "0123456789abcdef"),
        ("14567", "0123456789abcdef"),
        ("289ab", "0123456789abcdef"),
        ("3cdef", "0123456789abcdef"),
    ]


def _crops(*values: int) -> bytes:
    return b"".join(value.to_bytes(8, "little") for value in values)


async def test_a_cropped_or_turned_copy_is_found_among_every_photo_through_the_copy_keys(db: Database) -> None:
    companion, other = await _companion(db), await _companion(db, "Lain")
    households = HouseholdRepository(db, FakeClock())
    visits = VisitRepository(db)
    stored = [0x0123456789ABCDEF, 0x0123456789ABCDEE, 0xFEDCBA9876543210]  # three crops of one photo
    visit_ids = []
    for number, (person, crops) in enumerate([(companion, _crops(*stored)), (other, _crops(0x5555AAAA5555AAAA))]):
        household = await households.add(
            NewHousehold(
                dtks_id=f"36040000000{number:05d}", head_name="Warga", region_code="3604", companion_id=person
            ),
            actor_id=None,
        )
        photo = NewPhoto(
            file_id=f"f{number}",
            file_unique_id=f"u{number}",
            path=f"{number}.jpg",
            sha256=f"{number}" * 64,
            size_bytes=1,
            crop_hashes=crops,
        )
        visit_id, _ = await visits.add(
            NewVisit(
                household_id=household.id,
                companion_id=person,
                region_code="3604",
                started_at=1,
                reported_at=2,
                latitude=-6.1,
                longitude=106.1,
                accuracy_m=5,
                live=True,
                verdict=Verdict.VERIFIED,
                photos=(photo,),
            )
        )
        visit_ids.append(visit_id)
    index = PhotoIndex(db)
    # Seven bits from the third crop, spread over all four quarters; the first variant far from anything.
    seven_off = stored[2] ^ 0b11 ^ (0b11 << 16) ^ (0b1 << 32) ^ (0b11 << 48)
    [found] = await index.copies([0, seven_off], max_distance=7)
    assert (found.visit_id, found.reason, found.distance) == (visit_ids[0], "copy", 7)
    assert await index.copies([seven_off], max_distance=6) == []
    assert await index.copies([stored[2] ^ (0xFF << 8)], max_distance=7) == [], "eight bits: beyond the keys"
    both = await index.copies([stored[0], 0x5555AAAA5555AAAB], max_distance=7, limit=5)
    assert [(copy.visit_id, copy.distance) for copy in both] == [(visit_ids[0], 0), (visit_ids[1], 1)]


async def test_a_flag_names_several_reports_and_an_old_database_keeps_its_flags_and_gets_copy_keys(
    tmp_path: Path,
) -> None:
    async with aiosqlite.connect(tmp_path / "old.db") as conn:
        await apply_migrations(conn, target=12)
        await conn.execute("PRAGMA foreign_keys = OFF")
        await conn.execute(
            "INSERT INTO photos (visit_id, file_id, file_unique_id, path, sha256, phash, size_bytes, created_at,"
            " crop_hashes) VALUES (1, 'f', 'u', 'a.jpg', 'x', '0123456789abcdef', 1, 0, ?)",
            (_crops(0x0123456789ABCDEF, 0x1111222233334444),),
        )
        await conn.execute("INSERT INTO visit_flags (visit_id, flag, detail) VALUES (1, 'outside', '850 m')")
        await conn.execute(
            "INSERT INTO visit_flags (visit_id, flag, related_visit_id) VALUES (2, 'impossible_travel', 1)"
        )
        await conn.commit()
        await apply_migrations(conn)
        keys = await conn.execute_fetchall("SELECT key, hex(hash) FROM photo_copy_keys ORDER BY hex(hash), key")
        flags = await conn.execute_fetchall(
            "SELECT visit_id, flag, detail, related_visit_id FROM visit_flags ORDER BY visit_id"
        )
        # One flag may now name several reports; the same one twice is still one row.
        statement = "INSERT OR IGNORE INTO visit_flags (visit_id, flag, related_visit_id) VALUES (?, ?, ?)"
        for related in (5, 6, 6, None, None):
            await conn.execute(statement, (3, "one_spot", related))
        named = await conn.execute_fetchall("SELECT related_visit_id FROM visit_flags WHERE visit_id = 3 ORDER BY 1")

    assert [tuple(row) for row in flags] == [(1, "outside", "850 m", None), (2, "impossible_travel", None, 1)]
    # Each crop's four quarters, cut from its bytes as stored (little-endian).
    assert [tuple(row) for row in keys] == [
        ("04444", "4444333322221111"),
        ("13333", "4444333322221111"),
        ("22222", "4444333322221111"),
        ("31111", "4444333322221111"),
        ("0efcd", "EFCDAB8967452301"),
        ("1ab89", "EFCDAB8967452301"),
        ("26745", "EFCDAB8967452301"),
        ("32301", "EFCDAB8967452301"),
    ]
    assert [row[0] for row in named] == [None, 5, 6]
