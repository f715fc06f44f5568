"""Importing households from a spreadsheet: match the columns, validate every row, stage the
valid ones as a dry run, and write the invalid ones (row, the household's DTKS id and name as
the file has them, column, reason) to a CSV file.

The same code serves the bot and `bench/import_kpm.py`. Parsing and validating run in a worker
thread, a batch at a time, so a 645,000-row file neither blocks the bot nor fills its memory.

    result = await dry_run(path, "kpm.csv", rules, imports, admin_id=7, lang="id", workdir=tmp)
    await imports.apply(result.summary.import_id, actor_id=7)
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import io
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TypeVar

from bot.domain import Box, Person
from bot.files.cells import csv_row
from bot.files.csv_parts import CsvParts
from bot.files.spreadsheet import open_rows
from bot.files.upload_caps import FileProblem, ReadCaps
from bot.regions import kecamatan_name, province_values
from bot.rules.coordinates import CoordinateError, check_in_province, parse_decimal
from bot.rules.households import (
    RuleError,
    foreign_region,
    looks_like_formula,
    normalize_dtks_id,
    normalize_kk,
    normalize_name,
    normalize_nik,
    normalize_region,
    normalize_text,
)
from bot.texts import t_plain
from storage.imports import ImportRepository, ImportSummary, StagedRow

T = TypeVar("T")

BATCH_ROWS = 5000
DEFAULT_CAPS = ReadCaps()
# Telegram takes documents of at most 50 MB: the file of invalid rows is sent in parts below it.
ERROR_PART_BYTES = 45 * 2**20

# Household field → accepted column names (compared lower-case, spaces and dashes as "_").
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "dtks_id": ("id_dtks", "dtks_id", "dtks", "no_dtks", "id"),
    "kk_number": ("no_kk", "nomor_kk", "kk", "kk_number", "family_card_number"),
    "head_nik": ("nik_kepala", "nik", "head_nik"),
    "head_name": ("nama_kepala", "nama", "nama_kepala_keluarga", "head_name", "name"),
    "address": ("alamat", "address"),
    "region_code": ("kode_wilayah", "kode_kabupaten", "kabupaten_kota", "wilayah", "region_code", "region"),
    "kecamatan": ("kecamatan", "district"),
    "desa": ("desa", "kelurahan", "desa_kelurahan", "village"),
    "latitude": ("lintang", "latitude", "lat"),
    "longitude": ("bujur", "longitude", "lon", "lng"),
    "companion_id": ("pendamping", "companion", "id_pendamping", "companion_id"),
}
REQUIRED = ("dtks_id", "head_name", "region_code")
TEMPLATE_HEADER = (
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
# The columns of the file of invalid rows (catalogue keys `reg.invalid.*`).
INVALID_COLUMNS = ("row", "dtks_id", "head_name", "column", "reason")
_COORDINATE_FIELDS = ("latitude", "longitude")
_USERNAME = re.compile(r"@?[A-Za-z][A-Za-z0-9_]{3,31}")


@dataclass(frozen=True)
class ImportRules:
    """What a row is checked against: the province, its regions and the active companions."""

    province_code: str
    box: Box
    region_codes: frozenset[str]
    companions: tuple[Person, ...]


@dataclass(frozen=True)
class Problem:
    row_number: int
    column: str
    reason_key: str
    values: dict[str, object]
    # The row's DTKS id and head's name as written in the file, so the admin finds the household
    # without counting rows (a sorted or filtered sheet no longer has the file's row numbers).
    dtks_id: str = ""
    head_name: str = ""


@dataclass(frozen=True)
class DryRun:
    summary: ImportSummary
    # The invalid rows and the rows with a warning (imported all the same), in parts of at
    # most `part_bytes`; none when every row is fine.
    invalid_files: tuple[Path, ...]
    ignored_columns: tuple[str, ...]
    warnings: int = 0


@dataclass
class Progress:
    """How far a dry run has come (the last row read, its staged import); setting `stop` makes
    the reading thread stop at its next chunk of the file."""

    rows: int = 0  # the file's row number (header = 1), as problems name rows
    import_id: int | None = None
    stop: threading.Event = dataclasses.field(default_factory=threading.Event)

    @property
    def data_rows(self) -> int:
        """Rows read below the header, as the admin counts them."""
        return max(self.rows - 1, 0)


def match_columns(header: list[str]) -> tuple[dict[str, int], dict[str, str], tuple[str, ...]]:
    """(field → column index, field → the file's column name, ignored column names)."""
    aliases = {alias: field for field, names in COLUMN_NAMES.items() for alias in names}
    indexes: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored = []
    for index, raw in enumerate(header):
        name = raw.strip().lstrip("\ufeff")
        field = aliases.get(name.lower().replace(" ", "_").replace("-", "_"))
        if field is None or field in indexes:
            if name:
                ignored.append(name)
            continue
        indexes[field], names[field] = index, name
    missing = [field for field in REQUIRED if field not in indexes]
    if missing:
        raise FileProblem("missing_columns", columns=", ".join(COLUMN_NAMES[field][0] for field in missing))
    if ("latitude" in indexes) != ("longitude" in indexes):
        raise FileProblem("missing_columns", columns="lintang, bujur")
    return indexes, names, tuple(ignored)


class RowValidator:
    """Checks one row at a time; remembers the DTKS ids seen to refuse duplicates in the file."""

    def __init__(self, rules: ImportRules, indexes: dict[str, int], names: dict[str, str]) -> None:
        self._rules = rules
        self._indexes = indexes
        self._names = names
        self._seen: dict[str, int] = {}
        # Problems of valid rows that do not stop their import, collected until taken.
        self.warnings: list[Problem] = []
        self._by_telegram_id = {str(p.telegram_user_id): p for p in rules.companions if p.telegram_user_id}
        self._by_username = {p.username.lower(): p for p in rules.companions if p.username}

    def validate(self, row_number: int, cells: list[str]) -> StagedRow | list[Problem]:
        """The staged row, or every problem of the row."""
        problems: list[Problem] = []
        values: dict[str, object] = {}
        for field, index in self._indexes.items():
            text = cells[index].strip() if index < len(cells) else ""
            try:
                values[field] = self._field(field, text)
            except RuleError as error:
                problems.append(Problem(row_number, self._names[field], error.key, error.values))
        if not problems:
            self._check_row(row_number, values, problems)
        dtks_id, head_name = self._identity(cells)
        if problems:
            return [dataclasses.replace(problem, dtks_id=dtks_id, head_name=head_name) for problem in problems]
        self._check_region_digits(row_number, values, dtks_id, head_name)
        get = values.get
        return (
            row_number,
            str(values["dtks_id"]),
            get("kk_number"),
            get("head_nik"),  # type: ignore[return-value]
            values["head_name"],
            get("address"),
            values["region_code"],
            get("kecamatan"),
            get("desa"),
            get("latitude"),
            get("longitude"),
            get("companion_id"),
        )

    def _field(self, field: str, text: str) -> object:
        if field in _COORDINATE_FIELDS:
            if not text:
                return None
            if looks_like_formula(text) and not text.startswith("-"):
                raise RuleError("formula")
            try:
                return parse_decimal(text)
            except ValueError:
                raise RuleError("coordinate_number") from None
        if field == "dtks_id":
            if not text:
                raise RuleError("required")
            return normalize_dtks_id(text)
        if field == "head_name":
            return normalize_name(text)
        if field == "region_code":
            return normalize_region(text, self._rules.region_codes)
        if not text:
            return None
        if field == "kk_number":
            return normalize_kk(text, self._rules.province_code)
        if field == "head_nik":
            return normalize_nik(text)
        if field == "companion_id":
            return self._companion(text)
        return normalize_text(text)

    def _companion(self, text: str) -> Person:
        """A companion by Telegram user id or @username (a username's "@" is no formula)."""
        if looks_like_formula(text) and not _USERNAME.fullmatch(text):
            raise RuleError("formula")
        person = self._by_telegram_id.get(text) or self._by_username.get(text.lstrip("@").lower())
        if person is None:
            raise RuleError("companion_unknown")
        return person

    def _identity(self, cells: list[str]) -> tuple[str, str]:
        """The row's DTKS id and head's name as the file has them (valid or not)."""
        dtks_id, head_name = (self._indexes[field] for field in ("dtks_id", "head_name"))
        return (
            cells[dtks_id].strip() if dtks_id < len(cells) else "",
            cells[head_name].strip() if head_name < len(cells) else "",
        )

    def _check_region_digits(self, row_number: int, values: dict[str, object], dtks_id: str, head_name: str) -> None:
        """Warn when a NIK or KK was issued in another kabupaten/kota than the household's: people
        move, so it is not refused, but it is often a wrong region code."""
        region_code = str(values["region_code"])
        for field, number in (("head_nik", "reg.warning.nik"), ("kk_number", "reg.warning.kk")):
            issued = foreign_region(values.get(field), region_code)  # type: ignore[arg-type]
            if issued is not None:
                detail: dict[str, object] = {"number": number, "issued_code": issued[0], "issued": issued[1]}
                detail["region_code"] = region_code
                self.warnings.append(
                    Problem(row_number, self._names[field], "reg.warning.region_digits", detail, dtks_id, head_name)
                )

    def _check_row(self, row_number: int, values: dict[str, object], problems: list[Problem]) -> None:
        latitude, longitude = values.get("latitude"), values.get("longitude")
        if (latitude is None) != (longitude is None):
            problems.append(Problem(row_number, self._names["latitude"], "reg.reason.coordinate_half", {}))
        elif isinstance(latitude, float) and isinstance(longitude, float):
            try:
                check_in_province(latitude, longitude, self._rules.box)
            except CoordinateError as error:
                problems.append(
                    Problem(row_number, self._names["latitude"], f"reg.coordinates.{error.problem.value}", {})
                )
        companion = values.get("companion_id")
        if isinstance(companion, Person):
            if values["region_code"] not in companion.region_codes:
                problems.append(Problem(row_number, self._names["companion_id"], "reg.reason.companion_region", {}))
            values["companion_id"] = companion.id
        dtks_id = str(values["dtks_id"])
        first = self._seen.setdefault(dtks_id, row_number)
        if first != row_number:
            problems.append(Problem(row_number, self._names["dtks_id"], "reg.reason.duplicate", {"row": first}))


async def dry_run(
    path: Path,
    file_name: str,
    kind: str,
    rules: ImportRules,
    imports: ImportRepository,
    *,
    admin_id: int,
    lang: str,
    workdir: Path,
    caps: ReadCaps = DEFAULT_CAPS,
    part_bytes: int = ERROR_PART_BYTES,
    progress: Progress | None = None,
) -> DryRun:
    """Validate the whole file and stage its valid rows; FileProblem when it cannot be read or
    goes beyond `caps`. Cancelled, it stops reading at the next chunk and leaves the staged
    import unread (`progress.import_id`) for the caller to discard."""
    progress = progress or Progress()
    header_line = [t_plain(f"reg.invalid.{column}", lang) for column in INVALID_COLUMNS]
    # Staged from the start (or before, by the caller: while the file downloads), so that a stop
    # or a crash while the file is read is told after.
    import_id = progress.import_id = progress.import_id or await imports.start(admin_id, file_name)
    with ExitStack() as stack:
        try:
            # Opening reads a whole XLSX's shared strings or decodes a CSV to find its encoding:
            # seconds for a big file, so not on the loop that serves everyone.
            opened = open_rows(path, kind, caps, progress.stop)
            rows = await _in_thread(progress, stack.enter_context, opened)
            invalid = stack.enter_context(CsvParts(workdir, "baris-tidak-valid", header_line, part_bytes=part_bytes))
            numbered = _non_empty(rows, progress)
            header = await _in_thread(progress, next, numbered, None)
            if header is None:
                raise FileProblem("empty")
            indexes, names, ignored = match_columns(header[1])
            counts = {"total": 0, "invalid": 0, "warnings": 0}
            validator = RowValidator(rules, indexes, names)
            batches = _validated_batches(numbered, validator, invalid.writerows, rules.province_code, lang, counts)
            await imports.set_columns(import_id, _staged_columns(indexes))
            while (batch := await _in_thread(progress, next, batches, None)) is not None:
                if batch:
                    await imports.add_rows(import_id, batch)
            if counts["total"] == 0:
                raise FileProblem("no_rows")
        except (FileProblem, csv.Error) as problem:
            await imports.discard(import_id)
            if isinstance(problem, csv.Error):
                raise FileProblem("malformed", row=progress.rows + 1) from None
            raise
    summary = await imports.finish(import_id, counts["total"], counts["invalid"])
    return DryRun(summary, tuple(invalid.paths), ignored, counts["warnings"])


async def _in_thread(progress: Progress, function: Callable[..., T], *args: object) -> T:
    """`function(*args)` in a worker thread. Cancelled meanwhile, the thread is told to stop and
    waited for (one chunk of the file), so nothing closes the file under it."""
    work = asyncio.ensure_future(asyncio.to_thread(function, *args))
    try:
        return await asyncio.shield(work)
    except asyncio.CancelledError:
        progress.stop.set()
        await asyncio.wait([work])
        if not work.cancelled():
            work.exception()  # taken, not left to be logged: the thread stopped as asked
        raise


def _non_empty(rows: Iterator[list[str]], progress: Progress) -> Iterator[tuple[int, list[str]]]:
    """Numbered rows (header = 1) without the blank ones; `progress` tracks the last row read."""
    for number, cells in enumerate(rows, start=1):
        progress.rows = number
        if any(cell.strip() for cell in cells):
            yield number, cells


def _validated_batches(
    rows: Iterator[tuple[int, list[str]]],
    validator: RowValidator,
    write_invalid: Callable[[Iterable[Sequence[object]]], None],
    province_code: str,
    lang: str,
    counts: dict[str, int],
) -> Iterator[list[StagedRow]]:
    """Batches of valid rows (possibly empty); invalid rows and warnings are written out as they are met."""
    # Coordinate reasons name the province and its box.
    province = province_values(province_code, lang)

    def lines(problems: list[Problem]) -> Iterator[list[object]]:
        for p in problems:
            number = p.values.get("number")
            values = {**province, **p.values, **({"number": t_plain(str(number), lang)} if number else {})}
            yield csv_row((p.row_number, p.dtks_id, p.head_name, p.column, t_plain(p.reason_key, lang, **values)))

    while chunk := list(islice(rows, BATCH_ROWS)):
        valid: list[StagedRow] = []
        for number, cells in chunk:
            result = validator.validate(number, cells)
            if isinstance(result, tuple):
                valid.append(result)
                continue
            counts["invalid"] += 1
            write_invalid(lines(result))
        if validator.warnings:
            counts["warnings"] += len({p.row_number for p in validator.warnings})
            write_invalid(lines(validator.warnings))
            validator.warnings.clear()
        counts["total"] += len(chunk)
        yield valid


def _staged_columns(indexes: dict[str, int]) -> list[str]:
    return [field for field in COLUMN_NAMES if field in indexes and field != "dtks_id"]


def template_csv(lang: str, province_code: str) -> bytes:
    """The import template: the column names and one example row of the province, UTF-8 with
    BOM for Excel."""
    example = province_values(province_code, "id")  # the decimal comma an Indonesian Excel writes
    region = example["example_region"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(
        (
            example["example_dtks"],
            f"{region}011203150012",
            f"{region}015507800003",
            t_plain("reg.template.name", lang),
            t_plain("reg.template.address", lang),
            region,
            kecamatan_name(f"{region}01") or "",
            t_plain("reg.template.village", lang),
            example["example_lat"],
            example["example_lon"],
            "@nama_pendamping",
        )
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
