"""The benchmarks' synthetic province is plausible: inside the box, valid ids, clustered per companion."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from bench.synthetic import HOUSEHOLD_COLUMNS, SyntheticProvince, populate, write_csv, write_xlsx
from bot.regions import province as province_data


def test_households_are_inside_the_province_with_valid_numbers() -> None:
    province = SyntheticProvince(2000, companion_count=20)
    box = province_data("36").box
    households = list(province.households())
    assert len(households) == 2000
    assert len({h.dtks_id for h in households}) == 2000
    for household in households:
        assert box.contains(household.latitude, household.longitude)
        assert len(household.kk_number) == 16 and household.kk_number.startswith("36")
        assert len(household.head_nik) == 16 and household.head_nik.startswith(household.region_code)
        assert province.companions[household.companion_index].region_code == household.region_code


def test_generation_is_deterministic() -> None:
    first = [h.dtks_id + h.head_name for h in SyntheticProvince(300).households()]
    assert first == [h.dtks_id + h.head_name for h in SyntheticProvince(300).households()]


def test_files_and_database(tmp_path: Path) -> None:
    province = SyntheticProvince(500, companion_count=10)
    with write_csv(province, tmp_path / "kpm.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == HOUSEHOLD_COLUMNS and len(rows) == 501
    assert write_xlsx(province, tmp_path / "kpm.xlsx").stat().st_size > 0

    populate(province, tmp_path / "p.db", visits_per_household=2)
    with sqlite3.connect(tmp_path / "p.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM households").fetchone()[0] == 500
        assert conn.execute("SELECT COUNT(*) FROM visits").fetchone()[0] == 1000
