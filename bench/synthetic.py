"""Synthetic province data for benchmarks and large tests.

Plausible households spread over Banten's kabupaten/kota (clustered in villages, inside the
province box), ~250 companions each covering villages of one region, and visits. Everything is
generated as a stream from a seed, so 645,000 households never sit in memory at once.

    python bench/synthetic.py --size 645000 --out bench/out      # CSV + XLSX an admin would upload
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage.database import Database  # noqa: E402

PROVINCE_HOUSEHOLDS = 645_000
COMPANIONS = 250
FIRST_COMPANION_TELEGRAM_ID = 500_000_000
# Mid-2026, well before the default test clock; visits are spread over the weeks after it.
VISITS_START = 1_767_200_000

# (code, share of households, (min_lat, max_lat, min_lon, max_lon)): rough extents of each
# kabupaten/kota, all inside the province box.
REGIONS: tuple[tuple[str, float, tuple[float, float, float, float]], ...] = (
    ("3601", 0.18, (-6.95, -6.20, 105.10, 106.10)),
    ("3602", 0.20, (-7.00, -6.30, 105.90, 106.55)),
    ("3603", 0.22, (-6.35, -6.00, 106.35, 106.70)),
    ("3604", 0.16, (-6.30, -5.95, 105.95, 106.40)),
    ("3671", 0.08, (-6.25, -6.12, 106.58, 106.72)),
    ("3672", 0.03, (-6.08, -5.93, 105.95, 106.10)),
    ("3673", 0.05, (-6.20, -6.05, 106.08, 106.25)),
    ("3674", 0.08, (-6.37, -6.24, 106.63, 106.78)),
)
HOUSEHOLDS_PER_VILLAGE = 400
GIVEN = (
    "Siti",
    "Ahmad",
    "Nur",
    "Dewi",
    "Asep",
    "Ujang",
    "Euis",
    "Iis",
    "Rahmat",
    "Ade",
    "Yanti",
    "Dedi",
    "Eti",
    "Jaenudin",
    "Sarah",
    "Aminah",
    "Supriyadi",
    "Rohmah",
    "Maman",
    "Entin",
)
FAMILY = (
    "Hidayat",
    "Suryani",
    "Rohaeti",
    "Saputra",
    "Kurniasih",
    "Maulana",
    "Wati",
    "Sumarni",
    "Fauzi",
    "Komariah",
    "Setiawan",
    "Nurhayati",
    "Hasanah",
    "Iskandar",
    "Mulyani",
)
VILLAGE_WORDS = (
    "Suka",
    "Cibadak",
    "Mekar",
    "Sinar",
    "Karang",
    "Tanjung",
    "Pasir",
    "Sindang",
    "Jaya",
    "Mulya",
    "Sari",
    "Asih",
    "Wangi",
    "Harja",
    "Makmur",
)

HOUSEHOLD_COLUMNS = (
    "id_dtks",
    "no_kk",
    "nik_kepala",
    "nama_kepala",
    "alamat",
    "kode_wilayah",
    "kecamatan",
    "desa",
    "lintang",
    "bujur",
    "pendamping",
)


@dataclass(frozen=True)
class SyntheticCompanion:
    index: int
    telegram_user_id: int
    full_name: str
    region_code: str


@dataclass(frozen=True)
class SyntheticHousehold:
    index: int
    dtks_id: str
    kk_number: str
    head_nik: str
    head_name: str
    address: str
    region_code: str
    kecamatan: str
    desa: str
    latitude: float
    longitude: float
    companion_index: int

    def csv_row(self, companions: list[SyntheticCompanion]) -> tuple[str, ...]:
        companion = companions[self.companion_index]
        return (
            self.dtks_id,
            self.kk_number,
            self.head_nik,
            self.head_name,
            self.address,
            self.region_code,
            self.kecamatan,
            self.desa,
            f"{self.latitude:.6f}",
            f"{self.longitude:.6f}",
            str(companion.telegram_user_id),
        )


@dataclass(frozen=True)
class _Village:
    region_code: str
    kecamatan: str
    name: str
    latitude: float
    longitude: float
    companion_index: int


class SyntheticProvince:
    """A deterministic province of `size` households and `companion_count` companions."""

    def __init__(self, size: int = PROVINCE_HOUSEHOLDS, companion_count: int = COMPANIONS, seed: int = 36) -> None:
        self.size = size
        self.seed = seed
        self.companions = _companions(companion_count, seed)
        self._villages = _villages(size, self.companions, seed)

    def households(self) -> Iterator[SyntheticHousehold]:
        rng = random.Random(self.seed * 7 + 1)
        weights = [share for _, share, _ in REGIONS]
        by_region = {code: [v for v in self._villages if v.region_code == code] for code, _, _ in REGIONS}
        for index in range(self.size):
            region_code = rng.choices(REGIONS, weights)[0][0]
            village = rng.choice(by_region[region_code])
            # Houses within ~700 m of the village centre.
            latitude = village.latitude + rng.uniform(-0.006, 0.006)
            longitude = village.longitude + rng.uniform(-0.006, 0.006)
            birth = f"{rng.randint(1, 28) + rng.choice((0, 40)):02d}{rng.randint(1, 12):02d}{rng.randint(50, 99):02d}"
            district = f"{int(village.kecamatan[-2:]):02d}"
            yield SyntheticHousehold(
                index=index,
                dtks_id=f"{region_code}{index:012d}",
                kk_number=f"{region_code}{district}{rng.randint(10, 31):02d}{rng.randint(1, 12):02d}"
                f"{rng.randint(10, 25):02d}{index % 10000:04d}",
                head_nik=f"{region_code}{district}{birth}{index % 10000:04d}",
                head_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                address=f"Kp. {village.name} RT {rng.randint(1, 9):03d}/RW {rng.randint(1, 9):03d}",
                region_code=region_code,
                kecamatan=village.kecamatan,
                desa=village.name,
                latitude=round(latitude, 6),
                longitude=round(longitude, 6),
                companion_index=village.companion_index,
            )

    def visits(
        self, per_household: float = 8.0, weeks: int = 26
    ) -> Iterator[tuple[int, int, int, float, float, float, str]]:
        """(household index, companion index, reported_at, latitude, longitude, distance_m, verdict)
        for ~`per_household` visits each, spread over `weeks` weeks."""
        rng = random.Random(self.seed * 13 + 5)
        span = weeks * 7 * 24 * 3600
        for household in self.households():
            count = int(per_household) + (1 if rng.random() < per_household % 1 else 0)
            for _ in range(count):
                roll = rng.random()
                if roll < 0.8:
                    distance, verdict = rng.uniform(0, 60), "verified"
                elif roll < 0.9:
                    distance, verdict = rng.uniform(60, 140), "uncertain"
                else:
                    distance, verdict = rng.uniform(150, 5000), "outside"
                offset = distance / 111_000
                yield (
                    household.index,
                    household.companion_index,
                    VISITS_START + rng.randrange(span),
                    household.latitude + offset,
                    household.longitude,
                    round(distance, 1),
                    verdict,
                )


def _companions(count: int, seed: int) -> list[SyntheticCompanion]:
    """At least one companion per region; the rest shared out by each region's households."""
    if count < len(REGIONS):
        raise ValueError(f"need at least {len(REGIONS)} companions, one per region")
    rng = random.Random(seed)
    regions = [code for code, _, _ in REGIONS]
    spare = count - len(regions)
    for code, share, _ in REGIONS:
        regions += [code] * int(spare * share)
    regions += [REGIONS[0][0]] * (count - len(regions))
    regions.sort(key=[code for code, _, _ in REGIONS].index)
    return [
        SyntheticCompanion(
            index, FIRST_COMPANION_TELEGRAM_ID + index, f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", region
        )
        for index, region in enumerate(regions)
    ]


def _villages(size: int, companions: list[SyntheticCompanion], seed: int) -> list[_Village]:
    rng = random.Random(seed * 3)
    villages = []
    for code, share, (min_lat, max_lat, min_lon, max_lon) in REGIONS:
        own = [c.index for c in companions if c.region_code == code]
        count = max(len(own), round(size * share / HOUSEHOLDS_PER_VILLAGE), 1)
        for number in range(count):
            villages.append(
                _Village(
                    region_code=code,
                    kecamatan=f"Kecamatan {code}-{number % 20 + 1:02d}",
                    name=f"{rng.choice(VILLAGE_WORDS)}{rng.choice(VILLAGE_WORDS).lower()} {number + 1}",
                    latitude=rng.uniform(min_lat, max_lat),
                    longitude=rng.uniform(min_lon, max_lon),
                    # Consecutive villages go to the same companion, so each covers one area.
                    companion_index=own[number * len(own) // count],
                )
            )
    return villages


def write_csv(province: SyntheticProvince, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HOUSEHOLD_COLUMNS)
        for household in province.households():
            writer.writerow(household.csv_row(province.companions))
    return path


def write_xlsx(province: SyntheticProvince, path: Path) -> Path:
    from openpyxl import Workbook

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("KPM")
    sheet.append(HOUSEHOLD_COLUMNS)
    for household in province.households():
        row = list(household.csv_row(province.companions))
        row[8], row[9] = household.latitude, household.longitude
        sheet.append(row)
    workbook.save(path)
    return path


def populate(province: SyntheticProvince, db_path: Path, *, visits_per_household: float = 0.0) -> None:
    """Create the schema and bulk-load companions, households and (optionally) visits."""

    async def migrate() -> None:
        database = Database(db_path)
        await database.open()
        await database.close()

    asyncio.run(migrate())
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        now = VISITS_START
        with conn:
            conn.executemany(
                "INSERT INTO people (id, telegram_user_id, full_name, role, created_at, updated_at)"
                " VALUES (?, ?, ?, 'companion', ?, ?)",
                [(c.index + 1, c.telegram_user_id, c.full_name, now, now) for c in province.companions],
            )
            conn.executemany(
                "INSERT INTO person_regions (person_id, region_code) VALUES (?, ?)",
                [(c.index + 1, c.region_code) for c in province.companions],
            )
            conn.executemany(
                "INSERT INTO households (id, dtks_id, kk_number, head_nik, head_name, address, region_code,"
                " kecamatan, desa, latitude, longitude, coordinates_source, companion_id, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?)",
                (
                    (
                        h.index + 1,
                        h.dtks_id,
                        h.kk_number,
                        h.head_nik,
                        h.head_name,
                        h.address,
                        h.region_code,
                        h.kecamatan,
                        h.desa,
                        h.latitude,
                        h.longitude,
                        h.companion_index + 1,
                        now,
                        now,
                    )
                    for h in province.households()
                ),
            )
        if visits_per_household:
            regions = dict(conn.execute("SELECT id, region_code FROM households"))
            with conn:
                conn.executemany(
                    "INSERT INTO visits (household_id, companion_id, region_code, started_at, reported_at,"
                    " latitude, longitude, accuracy_m, live, distance_m, verdict)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, 10, 1, ?, ?)",
                    (
                        (h + 1, c + 1, regions[h + 1], at - 120, at, lat, lon, dist, verdict)
                        for h, c, at, lat, lon, dist, verdict in province.visits(visits_per_household)
                    ),
                )
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=PROVINCE_HOUSEHOLDS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    province = SyntheticProvince(args.size)
    csv_path = write_csv(province, args.out / f"kpm-{args.size}.csv")
    print(f"wrote {csv_path}", file=sys.stderr)
    xlsx_path = write_xlsx(province, args.out / f"kpm-{args.size}.xlsx")
    print(f"wrote {xlsx_path}", file=sys.stderr)
    print(f'{{"households": {args.size}, "companions": {len(province.companions)}}}')


if __name__ == "__main__":
    main()
