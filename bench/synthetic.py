"""Synthetic province data for benchmarks and large tests, written as the CSV/XLSX an admin would
upload or bulk-loaded into a database. The generator itself is `bot.app.demo.synthetic` (the demo
loads its district with it); its names are re-exported here for the benches.

    python bench/synthetic.py --size 645000 --out bench/out      # CSV + XLSX an admin would upload
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.app.demo.synthetic import (  # noqa: E402
    COMPANIONS,
    FIRST_COMPANION_TELEGRAM_ID,
    HOUSEHOLD_COLUMNS,
    PROVINCE_HOUSEHOLDS,
    VISITS_START,
    SyntheticCompanion,
    SyntheticHousehold,
    SyntheticProvince,
)
from storage.database import Database  # noqa: E402

__all__ = [
    "COMPANIONS",
    "FIRST_COMPANION_TELEGRAM_ID",
    "HOUSEHOLD_COLUMNS",
    "PROVINCE_HOUSEHOLDS",
    "VISITS_START",
    "SyntheticCompanion",
    "SyntheticHousehold",
    "SyntheticProvince",
    "populate",
    "write_csv",
    "write_xlsx",
]


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
