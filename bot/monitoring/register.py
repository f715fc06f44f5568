"""The register and the last weeks' visits in memory, as NumPy columns, for the dashboard.

The province's 645,000 households and a month's ~900,000 visits are counted for a map view or
a coverage table in a few milliseconds from these columns, where SQL over the tables takes
seconds (each view needs every household's last visit). The index is read whole at start and
then every `FULL_REFRESH_S` in the background, and follows the changes in between by what is
new since its last look (cheap range reads, at most every `REFRESH_S`): visits by id, households
by `updated_at`, reviews by the audit log's id, and the flags the new reports put on earlier
ones (impossible travel) by the later report they name.

Each household with coordinates sits in an H3 hexagon (Uber's hexagonal grid, the `h3`
package) of the finest resolution the map uses, whose coarser hexagons are looked up once per
finest one; a view sums its households per hexagon.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import time
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import h3
import numpy as np
import numpy.typing as npt

from bot.monitoring import allocator
from storage.monitoring import MonitoringQueries

log = logging.getLogger(__name__)

# Hexagon resolutions the map draws, coarsest first (edges ~8.5 km, 3.2 km, 1.2 km, 460 m).
RESOLUTIONS = (5, 6, 7, 8)
FINEST = RESOLUTIONS[-1]
VERDICTS = ("verified", "uncertain", "outside", "no_reference")
REVIEWS = ("", "accepted", "rejected", "revisit")
# Flags a visit can carry, one bit each; a flag this list does not know counts as OTHER_FLAG.
FLAGS = (
    "outside",
    "uncertain",
    "no_reference",
    "static",
    "impossible_travel",
    "reused_photo",
    "exif_time_skew",
    "exif_far",
)
OTHER_FLAG = 1 << len(FLAGS)
# Changes are looked for at most this often (a view asks; nothing runs while nobody looks).
REFRESH_S = 5.0
# Everything is read again this often: what the change reads cannot see (visits or flags deleted,
# the window moving on) is then right again.
FULL_REFRESH_S = 3600.0
# The first reading begins this long after start (a view asking earlier begins it at once).
READ_AFTER_S = 10.0
# Answers kept for other askers while the index is unchanged (20 open dashboards refresh the same
# views): at most this many, each at most REFRESH_S old.
ANSWERS_KEPT = 64

T = TypeVar("T")
_SERIALS = itertools.count(1)

IntArray = npt.NDArray[np.int64]
# Times as unsigned 32-bit Unix seconds (good until 2106): half the memory of 64 bits.
TimeArray = npt.NDArray[np.uint32]
SmallArray = npt.NDArray[np.int32]
ShortArray = npt.NDArray[np.int16]
ByteArray = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]
PositionArray = npt.NDArray[np.float32]  # ~1 m at these longitudes; half the memory of float64


def flag_bits(items: str) -> int:
    """The bits of a visit's comma-separated flag items (`flag` or `flag:<related visit>`)."""
    bits = 0
    for item in filter(None, items.split(",")):
        name = item.split(":", 1)[0]
        bits |= 1 << FLAGS.index(name) if name in FLAGS else OTHER_FLAG
    return bits


@dataclass
class Names:
    """Texts interned as small numbers (regions, kecamatan, desa), in order of first sight."""

    keys: list[tuple[str, ...]] = field(default_factory=list)
    numbers: dict[tuple[str, ...], int] = field(default_factory=dict)

    def number(self, key: tuple[str, ...]) -> int:
        found = self.numbers.get(key)
        if found is None:
            found = self.numbers[key] = len(self.keys)
            self.keys.append(key)
        return found


@dataclass
class Cells:
    """The hexagons of one resolution: their H3 names, numbered in order of first sight."""

    names: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)

    def number(self, cell: str) -> int:
        found = self.numbers.get(cell)
        if found is None:
            found = self.numbers[cell] = len(self.names)
            self.names.append(cell)
        return found


@dataclass
class Households:
    """Every household of the register, in id order."""

    ids: IntArray
    latitude: PositionArray  # NaN: no coordinates
    longitude: PositionArray
    region: SmallArray  # number in `RegisterIndex.regions` ((code,))
    kecamatan: SmallArray  # number in `RegisterIndex.kecamatan` ((region, kecamatan))
    desa: SmallArray  # number in `RegisterIndex.desa` ((region, kecamatan, desa))
    companion: SmallArray  # 0: none
    active: BoolArray
    created_at: TimeArray
    last_visit: TimeArray  # 0: never visited
    cell: SmallArray  # number in `RegisterIndex.cells[FINEST]` (-1: no coordinates)


@dataclass
class Visits:
    """The visits made since the index's window start, in id order."""

    ids: IntArray
    row: SmallArray  # the household's row in `Households` (-1: a household the index does not hold)
    companion: SmallArray
    started_at: TimeArray
    verdict: ByteArray  # number in VERDICTS
    live: BoolArray
    dwell_s: SmallArray  # -1: no live track
    flags: ShortArray  # bits of FLAGS
    review: ByteArray  # number in REVIEWS
    latitude: PositionArray  # where the companion was
    longitude: PositionArray


_HOUSEHOLD_COLUMNS = list(Households.__dataclass_fields__)
_VISIT_COLUMNS = list(Visits.__dataclass_fields__)


@dataclass
class Watermarks:
    """How far the index has read: what is newer is read by the next look."""

    households_updated: int = 0
    visit_id: int = 0
    audit_id: int = 0


class RegisterIndex:
    """One reading of the register; a view reads it without awaiting in between."""

    def __init__(self, window_start: int) -> None:
        self.window_start = window_start
        # Which reading this is, and how many changes it took in since: an answer worked out
        # from it holds while both are the same.
        self.serial = next(_SERIALS)
        self.generation = 0
        self.regions = Names()
        self.kecamatan = Names()
        self.desa = Names()
        self.cells = {resolution: Cells() for resolution in RESOLUTIONS}
        # The hexagon of each coarser resolution holding each finest one (by their numbers): a
        # household's coarser hexagons are looked up when a view needs them, not kept per household.
        self.parents: dict[int, SmallArray] = {}
        self.households = self._household_columns([])
        # The visits with room to grow: new ones are written into it, not appended by copying.
        self._visits = self._visit_columns([])
        self._visit_count = 0
        self.marks = Watermarks()

    # ── Reading ────────────────────────────────────────────────────────────
    @classmethod
    async def read(cls, queries: MonitoringQueries, region_codes: Sequence[str], window_start: int) -> RegisterIndex:
        """Read the whole register and the visits since `window_start`, a chunk at a time (each
        converted in a worker thread while the next is read)."""
        index = cls(window_start)
        index.marks.audit_id = await queries.last_audit_id()
        # Whatever changes from now on is read by the next look (changed at or after this second).
        index.marks.households_updated = queries.now()
        parts = [index.households]
        async for rows in queries.households():
            parts.append(await asyncio.to_thread(index._household_columns, rows))  # noqa: PERF401 - awaits each chunk
        index.households = _joined(parts)
        async for rows in queries.last_visits():
            await asyncio.to_thread(index._take_last_visits, rows)
        visits = [index._visits]
        async for rows in queries.visits_from(region_codes, window_start):
            visits.append(await asyncio.to_thread(index._visit_columns, rows))  # noqa: PERF401 - awaits each chunk
        index._visits = _in_id_order(_joined_visits(visits))
        index._visit_count = len(index._visits.ids)
        index.marks.visit_id = int(index._visits.ids.max(initial=0))
        return index

    @property
    def visits(self) -> Visits:
        """The visits made since the window start, in id order."""
        count = self._visit_count
        return Visits(**{name: getattr(self._visits, name)[:count] for name in _VISIT_COLUMNS})

    def _take_last_visits(self, rows: list[Any]) -> None:
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        times = np.fromiter((row[1] for row in rows), dtype=np.uint32, count=len(rows))
        places = self.rows_of(ids)
        known = places >= 0
        self.households.last_visit[places[known]] = times[known]

    def _household_columns(self, rows: Sequence[Any]) -> Households:
        count = len(rows)
        latitude = np.fromiter((np.nan if row[1] is None else row[1] for row in rows), np.float64, count)
        longitude = np.fromiter((np.nan if row[2] is None else row[2] for row in rows), np.float64, count)
        return Households(
            ids=np.fromiter((row[0] for row in rows), np.int64, count),
            latitude=latitude.astype(np.float32),
            longitude=longitude.astype(np.float32),
            region=np.fromiter((self.regions.number((row[3],)) for row in rows), np.int32, count),
            kecamatan=np.fromiter((self.kecamatan.number((row[3], row[4])) for row in rows), np.int32, count),
            desa=np.fromiter((self.desa.number((row[3], row[4], row[5])) for row in rows), np.int32, count),
            companion=np.fromiter((row[6] for row in rows), np.int32, count),
            active=np.fromiter((row[7] for row in rows), np.bool_, count),
            created_at=np.fromiter((row[8] for row in rows), np.uint32, count),
            last_visit=np.zeros(count, dtype=np.uint32),
            cell=self._cells_of(latitude, longitude),
        )

    def _cells_of(self, latitude: npt.NDArray[np.float64], longitude: npt.NDArray[np.float64]) -> SmallArray:
        """Each position's finest hexagon (-1 without coordinates); the coarser hexagons of the
        finest ones not seen before are looked up once each."""
        finest = np.full(len(latitude), -1, dtype=np.int32)
        placed = ~np.isnan(latitude)
        cells = self.cells[FINEST]
        finest[placed] = [
            cells.number(h3.latlng_to_cell(lat, lon, FINEST))
            for lat, lon in zip(latitude[placed].tolist(), longitude[placed].tolist(), strict=True)
        ]
        for resolution in RESOLUTIONS[:-1]:
            coarse, known = self.cells[resolution], self.parents.get(resolution, np.zeros(0, dtype=np.int32))
            new = [coarse.number(h3.cell_to_parent(name, resolution)) for name in cells.names[len(known) :]]
            self.parents[resolution] = np.concatenate([known, np.array(new, dtype=np.int32)])
        return finest

    def cell_column(self, resolution: int) -> SmallArray:
        """Each household's hexagon of `resolution` (a number in `cells[resolution]`; -1: none)."""
        finest = self.households.cell
        parents = self.parents.get(resolution)
        if resolution == FINEST or parents is None or not len(parents):  # None placed: all -1
            return finest
        return np.where(finest >= 0, parents[np.maximum(finest, 0)], -1).astype(np.int32)

    def _visit_columns(self, rows: Sequence[Any]) -> Visits:
        count = len(rows)
        verdicts = {name: number for number, name in enumerate(VERDICTS)}
        reviews = {name: number for number, name in enumerate(REVIEWS)}
        return Visits(
            ids=np.fromiter((row[0] for row in rows), np.int64, count),
            row=self.rows_of(np.fromiter((row[1] for row in rows), np.int64, count)).astype(np.int32),
            companion=np.fromiter((row[2] for row in rows), np.int32, count),
            started_at=np.fromiter((row[3] for row in rows), np.uint32, count),
            verdict=np.fromiter((verdicts[row[4]] for row in rows), np.int8, count),
            live=np.fromiter((row[5] for row in rows), np.bool_, count),
            dwell_s=np.fromiter((row[6] for row in rows), np.int32, count),
            flags=np.fromiter((flag_bits(row[7]) for row in rows), np.int16, count),
            review=np.fromiter((reviews.get(row[8], 0) for row in rows), np.int8, count),
            latitude=np.fromiter((row[9] for row in rows), np.float32, count),
            longitude=np.fromiter((row[10] for row in rows), np.float32, count),
        )

    def rows_of(self, household_ids: IntArray) -> IntArray:
        """The rows of these household ids (-1 for an id the index does not hold)."""
        ids = self.households.ids
        if not len(ids):
            return np.full(len(household_ids), -1, dtype=np.int64)
        positions = np.minimum(np.searchsorted(ids, household_ids), len(ids) - 1)
        return np.where(ids[positions] == household_ids, positions, -1).astype(np.int64)

    # ── Following the changes ──────────────────────────────────────────────
    async def follow(self, queries: MonitoringQueries) -> None:
        """Take in what changed since the last look."""
        looked_at = queries.now()
        async for rows in queries.households(self.marks.households_updated):
            self._apply_households(rows)
            self.generation += 1
        self.marks.households_updated = looked_at
        seen_up_to = self.marks.visit_id
        async for rows in queries.visits_after(seen_up_to):
            self._apply_visits(rows)
            self.generation += 1
        if self.marks.visit_id > seen_up_to:
            for visit_id, flag in await queries.flags_put_back(seen_up_to):
                self.add_flag(int(visit_id), str(flag))
        for audit_id, visit_id, new_value in await queries.reviews_after(self.marks.audit_id):
            self.marks.audit_id = audit_id
            self.set_review(int(visit_id), str(json.loads(new_value or "{}").get("review_status") or ""))

    def _apply_households(self, rows: list[Any]) -> None:
        known = self.rows_of(np.fromiter((row[0] for row in rows), np.int64, len(rows)))
        changed = self._household_columns([row for row, at in zip(rows, known.tolist(), strict=True) if at >= 0])
        places = known[known >= 0]
        current = self.households
        for name in _HOUSEHOLD_COLUMNS:
            if name not in ("ids", "last_visit"):
                getattr(current, name)[places] = getattr(changed, name)
        new_rows = [row for row, at in zip(rows, known.tolist(), strict=True) if at < 0]
        if new_rows:
            self.households = _joined([current, self._household_columns(new_rows)])

    def _apply_visits(self, rows: list[Any]) -> None:
        self.marks.visit_id = max(self.marks.visit_id, max(row[0] for row in rows))
        new = self._visit_columns(rows)
        known = new.row >= 0
        np.maximum.at(self.households.last_visit, new.row[known], new.started_at[known])
        keep = new.started_at >= self.window_start
        added = int(keep.sum())
        count = self._visit_count
        if count + added > len(self._visits.ids):  # out of room: 5 % more than needed, copied once
            room = (count + added) * 21 // 20 + 10_000
            self._visits = Visits(**{name: np.resize(getattr(self._visits, name), room) for name in _VISIT_COLUMNS})
        for name in _VISIT_COLUMNS:
            getattr(self._visits, name)[count : count + added] = getattr(new, name)[keep]
        self._visit_count = count + added

    def add_flag(self, visit_id: int, flag: str) -> None:
        """A flag a later report put on this earlier one shows at once."""
        position = int(np.searchsorted(self.visits.ids, visit_id))
        if position < len(self.visits.ids) and self.visits.ids[position] == visit_id:
            self.visits.flags[position] |= flag_bits(flag)
            self.generation += 1

    def set_review(self, visit_id: int, status: str) -> None:
        """A review stored (on the dashboard or in the chat) shows at once."""
        position = int(np.searchsorted(self.visits.ids, visit_id))
        if position < len(self.visits.ids) and self.visits.ids[position] == visit_id and status in REVIEWS:
            self.visits.review[position] = REVIEWS.index(status)
            self.generation += 1


def _joined(parts: list[Households]) -> Households:
    """Households of several chunks as one, in id order (chunks come in id order). A column's
    chunks are let go as soon as it is joined: the register is never in memory twice."""
    if len(parts) == 1:
        return parts[0]
    return Households(**{name: _joined_column(parts, name) for name in _HOUSEHOLD_COLUMNS})


def _joined_visits(parts: list[Visits]) -> Visits:
    if len(parts) == 1:
        return parts[0]
    return Visits(**{name: _joined_column(parts, name) for name in _VISIT_COLUMNS})


def _joined_column(parts: Sequence[Households | Visits], name: str) -> Any:
    joined = np.concatenate([getattr(part, name) for part in parts])
    for part in parts:  # an empty array of its own: a view of `joined` would keep it alive
        setattr(part, name, joined[:0].copy())
    return joined


def _in_id_order(visits: Visits) -> Visits:
    order = np.argsort(visits.ids, kind="stable")
    for name in _VISIT_COLUMNS:  # a column at a time: one column's copy more at most
        setattr(visits, name, getattr(visits, name)[order])
    return visits


class Monitor:
    """The current `RegisterIndex`, read at start and kept up to date while people look."""

    def __init__(
        self,
        queries: MonitoringQueries,
        region_codes: Callable[[], Sequence[str]],
        window_start: Callable[[], int],
    ) -> None:
        self._queries = queries
        # Changes are looked for at most this often (tests: always).
        self.refresh_s = REFRESH_S
        self._region_codes = region_codes
        self._window_start = window_start
        self._index: RegisterIndex | None = None
        self._read_at = 0.0
        self._followed_at = 0.0
        self._reading: asyncio.Task[RegisterIndex] | None = None
        self._starting: asyncio.TimerHandle | None = None
        # Held while the index takes in changes and while a worker thread counts on it.
        self._lock = asyncio.Lock()
        self._answers: dict[Hashable, _Answer] = {}

    def start(self, after_s: float = READ_AFTER_S) -> None:
        """Begin the first reading in the background `after_s` from now, when the bot's first
        replies have gone out (a view asking earlier begins it at once and waits for it)."""
        allocator.return_large_blocks_at_once()
        self._starting = asyncio.get_running_loop().call_later(after_s, self._first_reading)

    def _first_reading(self) -> None:
        if self._index is None:  # else a view began it already
            self._begin_reading()

    def _begin_reading(self) -> asyncio.Task[RegisterIndex]:
        if self._reading is None or self._reading.done():
            self._reading = asyncio.create_task(self._read(), name="register-index")
        return self._reading

    async def _read(self) -> RegisterIndex:
        started = time.perf_counter()
        index = await RegisterIndex.read(self._queries, self._region_codes(), self._window_start())
        self._index, self._read_at = index, time.monotonic()
        allocator.return_freed_memory()
        log.info(
            "register index read",
            extra={
                "households": len(index.households.ids),
                "visits": len(index.visits.ids),
                "seconds": round(time.perf_counter() - started, 2),
            },
        )
        return index

    async def index(self) -> RegisterIndex:
        """The index, followed up to now (within `REFRESH_S`)."""
        index = self._index
        if index is None:
            return await asyncio.shield(self._begin_reading())
        now = time.monotonic()
        if index.window_start != self._window_start() or now - self._read_at > FULL_REFRESH_S:
            self._begin_reading()  # served from the current one meanwhile
        if now - self._followed_at >= self.refresh_s:
            async with self._lock:
                if time.monotonic() - self._followed_at >= self.refresh_s:
                    await index.follow(self._queries)
                    self._followed_at = time.monotonic()
        return index

    async def computed(self, index: RegisterIndex, work: Callable[[RegisterIndex], T]) -> T:
        """`work(index)` in a worker thread, one at a time: the chat's updates are answered
        meanwhile (the counting holds the loop for milliseconds, not a coverage table's 200),
        and no change is taken in under it."""
        async with self._lock:
            return await asyncio.to_thread(work, index)

    async def answer(self, index: RegisterIndex, key: Hashable, produce: Callable[[], Awaitable[T]]) -> T:
        """What `produce()` gives for `key` on `index`, or the same answer given to an earlier
        asker of `key` while the index has not changed, for at most `refresh_s`; askers who come
        while it is being worked out wait for it rather than work it out again."""
        stamp = (index.serial, index.generation)
        kept = self._answers.get(key)
        now = time.monotonic()
        if kept is not None and kept.stamp == stamp and now - kept.at <= self.refresh_s:
            return await asyncio.shield(kept.value)
        value: asyncio.Future[T] = asyncio.ensure_future(produce())
        self._forget_old(now)
        self._answers[key] = _Answer(stamp, now, value)
        try:
            return await asyncio.shield(value)
        except Exception:
            if key in self._answers and self._answers[key].value is value:
                del self._answers[key]  # a failed answer is not kept
            raise

    def _forget_old(self, now: float) -> None:
        for key in [key for key, kept in self._answers.items() if now - kept.at > self.refresh_s]:
            del self._answers[key]
        while len(self._answers) >= ANSWERS_KEPT:
            del self._answers[next(iter(self._answers))]

    async def stop(self) -> None:
        if self._starting is not None:
            self._starting.cancel()
        if self._reading is not None and not self._reading.done():
            self._reading.cancel()
            # Stopping: a reading cut short is of no use, whatever it ended with.
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reading


@dataclass(frozen=True)
class _Answer:
    stamp: tuple[int, int]  # the index's serial and generation it was worked out on
    at: float
    value: asyncio.Future[Any]
