"""Benchmark: hostile import files, read by the bot within its caps, against openpyxl.

Builds the files the security probes used, then reads each in a fresh process, once with the
bot's reader (`bot.files.spreadsheet.open_rows` with the caps of the shipped config.yaml) and
once with the baseline the bot used before: openpyxl's read-only mode (CSV files: csv.reader).
Each run reports its peak resident memory (the child's VmHWM), time and outcome.

    python bench/import_bombs.py [--size N] [--no-baseline]

  shared_strings.xlsx  N×5 distinct texts in the shared-string table (default N = 1,000,000:
                       ~5 MB zipped), a row per 5 of them
  million_rows.xlsx    1.2 N rows of one number (~2 MB zipped): stops at import_max_rows
  wide.xlsx            one cell in column XFD (16,384 columns)
  wide.csv             10,000 columns
  deflate_bomb.xlsx    1.5 GB of blanks inside the sheet, ~1.5 MB zipped

Progress goes to stderr; the last stdout line is one JSON object. `ratio` is the bot's largest
peak over every file divided by the baseline's largest peak (both include the interpreter).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="KPM" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
}
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>id_dtks</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>nama_kepala</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>kode_wilayah</t></is></c></row>'
)

READER = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
path, kind, which = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
rows, outcome = 0, "read"
try:
    if which == "bot":
        from bot.config import load_settings
        from bot.files.spreadsheet import open_rows
        from bot.files.upload_caps import FileProblem, ReadCaps
        registry = load_settings(None, require_token=False).registry
        mb = 2**20
        caps = ReadCaps(
            rows=registry.import_max_rows, columns=registry.import_max_columns,
            cell_chars=registry.import_max_cell_chars, shared_strings=registry.import_max_shared_strings,
            shared_string_bytes=int(registry.import_max_shared_strings_mb * mb),
            unpacked_bytes=int(registry.import_max_unpacked_mb * mb),
        )
        try:
            with open_rows(path, kind, caps) as reader:
                for _ in reader:
                    rows += 1
        except FileProblem as problem:
            outcome = "refused: " + problem.key
    elif kind == "csv":
        import csv
        csv.field_size_limit(2**31 - 1)
        with path.open(newline="", encoding="utf-8") as handle:
            for _ in csv.reader(handle):
                rows += 1
    else:
        from openpyxl import load_workbook
        workbook = load_workbook(path, read_only=True)
        for _ in workbook.worksheets[0].iter_rows(values_only=True):
            rows += 1
except MemoryError:
    outcome = "MemoryError"
except Exception as error:
    outcome = type(error).__name__
# VmHWM starts afresh at exec (ru_maxrss would carry the forking parent's peak over).
hwm = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM"))
peak = int(hwm.split()[1]) / 1024
print(json.dumps({"peak_mb": round(peak, 1), "s": round(time.perf_counter() - started, 2), "rows": rows,
                  "outcome": outcome}))
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_xlsx(path: Path, sheet: Iterator[str], strings: Iterator[str] | None = None) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w") as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">'.encode())
            for text in strings or iter(()):
                out.write(f"<si><t>{text}</t></si>".encode())
            out.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>'.encode())
            buffer: list[str] = []
            for part in sheet:
                buffer.append(part)
                if len(buffer) >= 10_000 or len(part) > 4096:
                    out.write("".join(buffer).encode())
                    buffer.clear()
            out.write("".join(buffer).encode())
            out.write(b"</sheetData></worksheet>")


def build(folder: Path, size: int) -> dict[str, tuple[Path, str]]:
    files: dict[str, tuple[Path, str]] = {}
    strings = size * 5

    def shared_rows() -> Iterator[str]:
        yield HEADER_ROW
        for row in range(size):
            cells = "".join(f'<c r="{col}{row + 2}" t="s"><v>{row * 5 + i}</v></c>' for i, col in enumerate("ABCDE"))
            yield f'<row r="{row + 2}">{cells}</row>'

    path = folder / "shared_strings.xlsx"
    write_xlsx(path, shared_rows(), (f"Nama Kepala Keluarga {n:09d}" for n in range(strings)))
    files["shared_strings"] = (path, "xlsx")

    def many_rows() -> Iterator[str]:
        yield HEADER_ROW
        for row in range(2, int(size * 1.2) + 2):
            yield f'<row r="{row}"><c r="A{row}"><v>1</v></c></row>'

    path = folder / "million_rows.xlsx"
    write_xlsx(path, many_rows())
    files["million_rows"] = (path, "xlsx")

    path = folder / "wide.xlsx"
    write_xlsx(path, iter([HEADER_ROW, '<row r="2"><c r="XFD2"><v>1</v></c></row>']))
    files["wide_xlsx"] = (path, "xlsx")

    path = folder / "wide.csv"
    header = ",".join(["id_dtks", "nama_kepala", "kode_wilayah", *(f"kolom_{n}" for n in range(10_000))])
    path.write_text(header + "\n" + ",".join("1" for _ in range(10_003)) + "\n", encoding="utf-8")
    files["wide_csv"] = (path, "csv")

    blanks = " " * (1 << 20)
    path = folder / "deflate_bomb.xlsx"
    write_xlsx(path, iter([HEADER_ROW, *(blanks for _ in range(1536))]))
    files["deflate_bomb"] = (path, "xlsx")
    return files


def read(path: Path, kind: str, which: str) -> dict[str, object]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", READER, str(path), kind, which],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.strip():
        return {"outcome": f"exit {result.returncode}", "s": round(time.perf_counter() - started, 2)}
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000, help="rows of the shared-string file")
    parser.add_argument("--no-baseline", action="store_true", help="skip openpyxl (minutes and gigabytes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="import-bombs-") as folder:
        log("building the files…")
        files = build(Path(folder), args.size)
        figures: dict[str, object] = {"size": args.size}
        for name, (path, kind) in files.items():
            entry: dict[str, object] = {"file_mb": round(path.stat().st_size / 2**20, 2)}
            entry["bot"] = read(path, kind, "bot")
            log(f"{name} ({entry['file_mb']} MB): bot {entry['bot']}")
            if not args.no_baseline:
                entry["baseline"] = read(path, kind, "baseline")
                log(f"{name}: baseline {entry['baseline']}")
            figures[name] = entry
    bot_peak = max(float(e["bot"]["peak_mb"]) for e in figures.values() if isinstance(e, dict))  # type: ignore[index]
    figures["bot_peak_mb"] = bot_peak
    if not args.no_baseline:
        baseline_peak = max(
            float(e["baseline"].get("peak_mb", 0))  # type: ignore[index,union-attr]
            for e in figures.values()
            if isinstance(e, dict)
        )
        figures["baseline_peak_mb"] = baseline_peak
        figures["ratio"] = round(bot_peak / baseline_peak, 3) if baseline_peak else None
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
