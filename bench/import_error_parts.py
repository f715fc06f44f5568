"""Benchmark: the file of invalid rows of a 1-million-row import, in parts under Telegram's
50 MB upload limit.

Writes a CSV of N rows (default 1,000,000) in which every row is invalid in three columns, checks
it with the bot's own dry run (`bot.files.household_import.dry_run`, default part size
`ERROR_PART_BYTES`), and reports the parts' sizes, the time and the peak memory. The baseline is
what the bot sent before: the same rows as one file (the parts' sizes added up).

    python bench/import_error_parts.py [--size N]

Progress goes to stderr; the last stdout line is one JSON object. `ratio` is the largest part
divided by the one file of the baseline (each sent file must stay under 50 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.import_kpm import ADMIN_ID, create_database  # noqa: E402
from bench.synthetic import SyntheticProvince  # noqa: E402
from bot.config import ProvinceConfig  # noqa: E402
from bot.files.household_import import ImportRules, dry_run  # noqa: E402
from storage.clock import SystemClock  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.imports import ImportRepository  # noqa: E402

TELEGRAM_UPLOAD_LIMIT = 50 * 2**20


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_bad_csv(path: Path, size: int) -> None:
    """Every row: a DTKS id too short, a KK from another province, coordinates at 0, 0."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id_dtks,no_kk,nama_kepala,kode_wilayah,lintang,bujur\n")
        for number in range(size):
            handle.write(f"{number % 1000},32011203150{number % 100000:05d},Siti Aminah {number},3604,0,0\n")


async def check(db_path: Path, csv_path: Path, workdir: Path) -> dict[str, object]:
    database = Database(db_path)
    await database.open()
    province = ProvinceConfig()
    rules = ImportRules(province.code, province.box, frozenset({"3601", "3602", "3603", "3604"}), ())
    started = time.perf_counter()
    result = await dry_run(
        csv_path, csv_path.name, "csv", rules, ImportRepository(database, SystemClock()),
        admin_id=ADMIN_ID, lang="id", workdir=workdir,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    await database.close()
    sizes = [path.stat().st_size for path in result.invalid_files]
    return {"dry_run_s": elapsed, "invalid": result.summary.invalid, "part_bytes": sizes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-error-parts-") as folder:
        work = Path(folder)
        csv_path = work / "kpm.csv"
        write_bad_csv(csv_path, args.size)
        log(f"CSV: {args.size} rows, {csv_path.stat().st_size / 1e6:.0f} MB")
        asyncio.run(create_database(work / "bot.db", SyntheticProvince(10)))
        figures = asyncio.run(check(work / "bot.db", csv_path, work))
    sizes: list[int] = figures["part_bytes"]  # type: ignore[assignment]
    one_file = sum(sizes)
    megabytes = [round(size / 2**20, 1) for size in sizes]
    log(f"{len(sizes)} parts: {megabytes} MB; one file would be {one_file / 2**20:.0f} MB")
    print(
        json.dumps(
            {
                "rows": args.size,
                "invalid": figures["invalid"],
                "dry_run_s": round(float(figures["dry_run_s"]), 1),  # type: ignore[arg-type]
                "parts": len(sizes),
                "largest_part_mb": round(max(sizes) / 2**20, 2),
                "baseline_one_file_mb": round(one_file / 2**20, 2),
                "every_part_under_50_mb": max(sizes) < TELEGRAM_UPLOAD_LIMIT,
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "ratio": round(max(sizes) / one_file, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
