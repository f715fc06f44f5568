"""Benchmark: the file of invalid rows of a 1-million-row import, in parts under Telegram's
50 MB upload limit.

Writes a CSV of N rows (default 1,000,000) in which every row is invalid in three columns, checks
it with the bot's own dry run (`bot.files.household_import.dry_run`, default part size
`ERROR_PART_BYTES`), and reports the parts' sizes, the time and the peak memory. The baseline is
what the bot sent before: the same rows as one file (the parts' sizes added up).

    python bench/import_error_parts.py [--size N] [--xlsx]

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
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.import_kpm import ADMIN_ID, create_database  # noqa: E402
from bench.synthetic import SyntheticProvince  # noqa: E402
from bot.config import ProvinceConfig  # noqa: E402
from bot.files.household_import import ImportRules, dry_run  # noqa: E402
from storage.clock import SystemClock  # noqa: E402
from storage.engines import database_at  # noqa: E402
from storage.imports import ImportRepository  # noqa: E402

TELEGRAM_UPLOAD_LIMIT = 50 * 2**20


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


HEADER = ("id_dtks", "no_kk", "nama_kepala", "kode_wilayah", "lintang", "bujur")


def bad_rows(size: int) -> Iterator[tuple[str, ...]]:
    """Every row: a DTKS id too short, a KK from another province, coordinates at 0, 0."""
    for number in range(size):
        yield (str(number % 1000), f"32011203150{number % 100000:05d}", f"Siti Aminah {number}", "3604", "0", "0")


def write_bad_csv(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(HEADER) + "\n")
        for row in bad_rows(size):
            handle.write(",".join(row) + "\n")


def write_bad_xlsx(path: Path, size: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("KPM")
    sheet.append(HEADER)
    for row in bad_rows(size):
        sheet.append(row)
    workbook.save(path)


async def check(db_path: Path, upload: Path, workdir: Path) -> dict[str, object]:
    database = database_at(db_path)
    await database.open()
    province = ProvinceConfig()
    rules = ImportRules(province.code, province.box, frozenset({"3601", "3602", "3603", "3604"}), ())
    started = time.perf_counter()
    result = await dry_run(
        upload, upload.name, upload.suffix[1:], rules, ImportRepository(database, SystemClock()),
        admin_id=ADMIN_ID, lang="id", workdir=workdir,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    await database.close()
    sizes = [path.stat().st_size for path in result.invalid_files]
    return {"dry_run_s": elapsed, "invalid": result.summary.invalid, "part_bytes": sizes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--xlsx", action="store_true", help="an XLSX file instead of a CSV")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-error-parts-") as folder:
        work = Path(folder)
        upload = work / ("kpm.xlsx" if args.xlsx else "kpm.csv")
        # Written by a child process: openpyxl's memory is not the bot's.
        with ProcessPoolExecutor(1) as writer:
            writer.submit(write_bad_xlsx if args.xlsx else write_bad_csv, upload, args.size).result()
        log(f"{upload.name}: {args.size} rows, {upload.stat().st_size / 1e6:.0f} MB")
        asyncio.run(create_database(work / "bot.db", SyntheticProvince(10)))
        figures = asyncio.run(check(work / "bot.db", upload, work))
    sizes: list[int] = figures["part_bytes"]  # type: ignore[assignment]
    one_file = sum(sizes)
    megabytes = [round(size / 2**20, 1) for size in sizes]
    log(f"{len(sizes)} parts: {megabytes} MB; one file would be {one_file / 2**20:.0f} MB")
    print(
        json.dumps(
            {
                "rows": args.size,
                "kind": upload.suffix[1:],
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
