"""A synthetic province: plausible households spread over Banten's kabupaten/kota (clustered in
villages, inside the province box), ~250 companions each covering villages of one region, and
visits. Everything is generated as a stream from a seed, so 645,000 households never sit in
memory at once. The benchmarks (`bench/synthetic.py` writes it as CSV/XLSX or straight into a
database) and the demo's district (`python -m bot demo`) use it.

Banten's kabupaten/kota have rough extents of their own (`REGIONS`); another province
(`province_code`, for a demo of its own configuration) shares its box out among its
kabupaten/kota as a grid, each with an equal share of the households.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from bot.files.household_import import TEMPLATE_HEADER
from bot.regions import province as province_data

PROVINCE_HOUSEHOLDS = 645_000
COMPANIONS = 250
FIRST_COMPANION_TELEGRAM_ID = 500_000_000
# Mid-2026, well before the default test clock; visits are spread over the weeks after it.
VISITS_START = 1_767_200_000

# (code, share of households, (min_lat, max_lat, min_lon, max_lon)): rough extents of each
# kabupaten/kota, all inside the province box.
Regions = tuple[tuple[str, float, tuple[float, float, float, float]], ...]
REGIONS: Regions = (
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

# The columns of the import template, as an admin uploads them.
HOUSEHOLD_COLUMNS = TEMPLATE_HEADER


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

    def __init__(
        self,
        size: int = PROVINCE_HOUSEHOLDS,
        companion_count: int = COMPANIONS,
        seed: int = 36,
        province_code: str = "36",
    ) -> None:
        self.size = size
        self.seed = seed
        self.regions = REGIONS if province_code == "36" else grid_regions(province_code)
        self.companions = _companions(companion_count, seed, self.regions)
        self._villages = _villages(size, self.companions, seed, self.regions)

    def households(self) -> Iterator[SyntheticHousehold]:
        rng = random.Random(self.seed * 7 + 1)
        weights = [share for _, share, _ in self.regions]
        by_region = {code: [v for v in self._villages if v.region_code == code] for code, _, _ in self.regions}
        for index in range(self.size):
            region_code = rng.choices(self.regions, weights)[0][0]
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
        self, per_household: float = 8.0, weeks: int = 26, start: int = VISITS_START
    ) -> Iterator[tuple[int, int, int, float, float, float, str]]:
        """(household index, companion index, reported_at, latitude, longitude, distance_m, verdict)
        for ~`per_household` visits each, spread over `weeks` weeks from `start`."""
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
                    start + rng.randrange(span),
                    household.latitude + offset,
                    household.longitude,
                    round(distance, 1),
                    verdict,
                )


def grid_regions(province_code: str) -> Regions:
    """The province's kabupaten/kota, each given a cell of a grid laid over the province's box
    and an equal share of the households (no real boundaries: a demo's stand-in)."""
    data = province_data(province_code)
    box, codes = data.box, [regency.code for regency in data.regencies]
    columns = math.ceil(math.sqrt(len(codes)))
    rows = math.ceil(len(codes) / columns)
    height, width = (box.max_lat - box.min_lat) / rows, (box.max_lon - box.min_lon) / columns
    return tuple(
        (
            code,
            1 / len(codes),
            (
                box.min_lat + (number // columns + 0.1) * height,
                box.min_lat + (number // columns + 0.9) * height,
                box.min_lon + (number % columns + 0.1) * width,
                box.min_lon + (number % columns + 0.9) * width,
            ),
        )
        for number, code in enumerate(codes)
    )


def _companions(count: int, seed: int, extents: Regions) -> list[SyntheticCompanion]:
    """At least one companion per region; the rest shared out by each region's households."""
    if count < len(extents):
        raise ValueError(f"need at least {len(extents)} companions, one per region")
    rng = random.Random(seed)
    regions = [code for code, _, _ in extents]
    spare = count - len(regions)
    for code, share, _ in extents:
        regions += [code] * int(spare * share)
    regions += [extents[0][0]] * (count - len(regions))
    regions.sort(key=[code for code, _, _ in extents].index)
    return [
        SyntheticCompanion(
            index, FIRST_COMPANION_TELEGRAM_ID + index, f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", region
        )
        for index, region in enumerate(regions)
    ]


def _villages(size: int, companions: list[SyntheticCompanion], seed: int, extents: Regions) -> list[_Village]:
    rng = random.Random(seed * 3)
    villages: list[_Village] = []
    for code, share, (min_lat, max_lat, min_lon, max_lon) in extents:
        own = [c.index for c in companions if c.region_code == code]
        count = max(len(own), round(size * share / HOUSEHOLDS_PER_VILLAGE), 1)
        villages.extend(
            _Village(
                region_code=code,
                kecamatan=f"Kecamatan {code}-{number % 20 + 1:02d}",
                name=f"{rng.choice(VILLAGE_WORDS)}{rng.choice(VILLAGE_WORDS).lower()} {number + 1}",
                latitude=rng.uniform(min_lat, max_lat),
                longitude=rng.uniform(min_lon, max_lon),
                # Consecutive villages go to the same companion, so each covers one area.
                companion_index=own[number * len(own) // count],
            )
            for number in range(count)
        )
    return villages
