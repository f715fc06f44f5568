"""Benchmark: one province digest over a synthetic Banten, against hand-written aggregate SQL.

    python bench/digest.py [--size N] [--repeat 3] [--fresh] [--no-export]

Builds (or reuses, in bench/out/) a database of N households with ~8 visits each, their
programme conditions marked (a few a problem), then computes the digest of one full week for
the whole province the way the bot does (`bot.rules.digest.collect` + `assemble`, through
aiosqlite), with its programme follow-up section (`digest_s`) and without it, as before issue 23
(`before_s`), alternating in the same run; and with a baseline: straightforward SQL written by
hand for the same numbers, on a plain sqlite3 connection. Both must agree. Then it exports one
month of one kabupaten to CSV and XLSX, to show the export streams (memory stays flat). Progress
goes to stderr; the last stdout line is one JSON object; `ratio` = digest time / baseline time,
`followup_ratio` = digest time / the digest before the follow-up section (medians).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic import PROVINCE_HOUSEHOLDS, VISITS_START, SyntheticProvince, populate  # noqa: E402
from bot.files.visit_export import write_visit_export  # noqa: E402
from bot.rules.digest import DAY_S, Digest, Scope, assemble, collect  # noqa: E402
from bot.rules.followup import FollowupSection  # noqa: E402
from bot.rules.periods import Period, last_full_week  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.digests import DigestRepository  # noqa: E402
from storage.exports import ExportRepository  # noqa: E402
from storage.followups import FollowupRepository  # noqa: E402

TZ = ZoneInfo("Asia/Jakarta")
VISITS_PER_HOUSEHOLD = 8.0
OVERDUE_DAYS = 30
LONGEST = 5
REGIONS = ("3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674")
EXPORT_REGION = "3604"
# The default conditions and how often each is a problem at a visit, in thousandths.
CONDITIONS = (("health_check", 40), ("posyandu", 60), ("school", 80), ("elderly_care", 30), ("disability_care", 20))
FOLLOWUP_VISITS = 2
FOLLOWUP_LISTED = 10


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_database(path: Path, size: int, fresh: bool) -> None:
    """Build the synthetic province in a child process, so its memory is not counted here."""
    if path.exists() and not fresh:
        log(f"reusing {path}")
        return
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    log(f"populating {path}: {size} households, ~{VISITS_PER_HOUSEHOLD:g} visits each (takes minutes)…")
    subprocess.run([sys.executable, __file__, "--populate", str(path), "--size", str(size)], check=True)


def add_flags_and_reviews(path: Path) -> None:
    """Flag visits as the report journey would (outside and uncertain ones, a few reused photos),
    review a share of the flagged ones and mark every visit's conditions (a few a problem), so
    every column of the digest and its follow-up section have something to count."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO visit_flags (visit_id, flag) SELECT id, verdict FROM visits"
            " WHERE verdict IN ('outside', 'uncertain')"
        )
        conn.execute("INSERT INTO visit_flags (visit_id, flag) SELECT id, 'reused_photo' FROM visits WHERE id % 97 = 0")
        conn.execute(
            "UPDATE visits SET review_status = CASE id % 3 WHEN 0 THEN 'accepted' WHEN 1 THEN 'rejected'"
            " ELSE 'revisit' END WHERE verdict = 'outside' AND id % 2 = 0"
        )
        conn.create_function("conditions_of", 1, conditions_of, deterministic=True)
        conn.execute("UPDATE visits SET conditions = conditions_of(id)")
        # The streaks follow stored visits (a trigger); marks written afterwards are read anew.
        conn.execute("DELETE FROM condition_streaks")
        conn.execute(
            "INSERT INTO condition_streaks (household_id, condition, streak, last_visit_id, last_at)"
            " SELECT household_id, condition, streak, last_visit_id, last_at FROM condition_streaks_computed"
        )
    conn.close()


def conditions_of(visit_id: int) -> str:
    """A visit's marks, drawn independently per visit (seeded by its id, so every build agrees)."""
    draw = random.Random(visit_id)
    marks = {name: "problem" if draw.random() * 1000 < rate else "checked" for name, rate in CONDITIONS}
    return json.dumps(marks, sort_keys=True)


def benchmark_week() -> Period:
    """A full week 21 weeks into the synthetic visits, so 30 days of history precede it."""
    return last_full_week(datetime.fromtimestamp(VISITS_START + 21 * 7 * DAY_S, TZ).date(), TZ)


async def project_digest(db: Database, period: Period, *, followup: bool = True) -> tuple[float, float, Digest]:
    """The digest as `handlers.scheduled.jobs.build_digest` makes it; without its follow-up
    section (`followup=False`) as it was made before issue 23. (Its time, the follow-up
    section's share of it, the digest.)"""
    repo = DigestRepository(db)
    started = time.perf_counter()
    names = await repo.region_names()
    scope = Scope(REGIONS, True)
    rows = await collect(repo, scope, period, period.previous(TZ), overdue_days=OVERDUE_DAYS, longest=LONGEST)
    section_started = time.perf_counter()
    if followup:
        followups = tuple(await FollowupRepository(db).open_in(scope.codes, FOLLOWUP_VISITS))
        rows = replace(rows, followup=FollowupSection(FOLLOWUP_VISITS, FOLLOWUP_LISTED, followups))
    section = time.perf_counter() - section_started
    digest = assemble(rows, period, scope, names, longest=LONGEST)
    return time.perf_counter() - started, section, digest


def baseline_digest(path: Path, period: Period) -> tuple[float, dict[str, Any]]:
    """The same numbers as plain SQL: what one would write by hand against the schema."""
    conn = sqlite3.connect(path)
    previous = period.previous(TZ)
    marks = ", ".join("?" for _ in REGIONS)
    started = time.perf_counter()
    regions = {
        row[0]: list(row[1:])
        for row in conn.execute(
            "SELECT region_code,"
            " SUM(started_at >= :start), COUNT(DISTINCT CASE WHEN started_at >= :start THEN household_id END),"
            " SUM(started_at >= :start AND verdict = 'verified'),"
            " SUM(started_at >= :start AND id IN (SELECT visit_id FROM visit_flags)),"
            " SUM(started_at < :start), SUM(started_at < :start AND verdict = 'verified'),"
            " SUM(started_at >= :start AND review_status = 'accepted'),"
            " SUM(started_at >= :start AND review_status = 'rejected'),"
            " SUM(started_at >= :start AND review_status = 'revisit')"
            " FROM visits WHERE started_at >= :previous AND started_at < :end GROUP BY region_code",
            {"start": period.start, "previous": previous.start, "end": period.end},
        )
    }
    flags = conn.execute(
        "SELECT v.region_code, f.flag, COUNT(*) FROM visit_flags f JOIN visits v ON v.id = f.visit_id"
        " WHERE v.started_at >= ? AND v.started_at < ? GROUP BY 1, 2",
        (period.start, period.end),
    ).fetchall()
    activity = {
        (row[0], row[1]): row[2:]
        for row in conn.execute(
            "SELECT companion_id, region_code, COUNT(*), SUM(verdict = 'verified'),"
            " SUM(id IN (SELECT visit_id FROM visit_flags)) FROM visits"
            " WHERE started_at >= ? AND started_at < ? GROUP BY 1, 2",
            (period.start, period.end),
        )
    }
    companions = conn.execute(
        "SELECT p.id, r.region_code,"
        " (SELECT MAX(started_at) FROM visits v WHERE v.companion_id = p.id AND v.started_at < ?)"
        " FROM people p JOIN person_regions r ON r.person_id = p.id WHERE p.role = 'companion' AND p.active = 1",
        (period.end,),
    ).fetchall()
    overdue = dict(
        conn.execute(
            "SELECT h.companion_id, COUNT(*) FROM households h WHERE h.active = 1 AND NOT EXISTS ("
            " SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.started_at >= ? AND v.started_at < ?)"
            " GROUP BY h.companion_id",
            (period.end - OVERDUE_DAYS * DAY_S, period.end),
        ).fetchall()
    )
    longest: dict[str, list[int]] = {code: [] for code in REGIONS}
    for code, household_id in conn.execute(
        "SELECT region_code, id FROM (SELECT id, region_code, ROW_NUMBER() OVER (PARTITION BY region_code"
        "  ORDER BY last_at IS NOT NULL, last_at, id) AS rank FROM (SELECT h.id, h.region_code,"
        "  (SELECT MAX(v.started_at) FROM visits v WHERE v.household_id = h.id AND v.started_at < ?) AS last_at"
        f"  FROM households h WHERE h.active = 1 AND h.region_code IN ({marks})))"
        " WHERE rank <= ? ORDER BY region_code, rank",
        (period.end, *REGIONS, LONGEST),
    ):
        longest[code].append(household_id)
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed, {
        "regions": {code: tuple(regions.get(code, [0] * 9)) for code in REGIONS},
        "flags": sorted(flags),
        "longest": longest,
        "companions": {
            companion_id: (
                *activity.get((companion_id, region), (0, 0, 0)),
                overdue.get(companion_id, 0),
                None if last is None else (period.end - last) // DAY_S,
            )
            for companion_id, region, last in companions
        },
    }


def baseline_followup(path: Path) -> int:
    """The households whose latest two visits found the same condition a problem, counted from
    the visits themselves (what the trigger-kept streaks must agree with; not timed)."""
    conn = sqlite3.connect(path)
    try:
        return int(
            conn.execute(
                "WITH ranked AS (SELECT household_id, conditions, ROW_NUMBER() OVER (PARTITION BY household_id"
                "  ORDER BY started_at DESC, id DESC) AS n FROM visits),"
                " latest AS (SELECT * FROM ranked WHERE n <= 2)"
                " SELECT COUNT(DISTINCT a.household_id) FROM latest a JOIN latest b"
                "  ON b.household_id = a.household_id AND b.n = 2, json_each(a.conditions) mark"
                " WHERE a.n = 1 AND mark.value = 'problem'"
                "  AND json_extract(b.conditions, '$.\"' || mark.key || '\"') = 'problem'"
            ).fetchone()[0]
        )
    finally:
        conn.close()


def comparable(digest: Digest) -> dict[str, Any]:
    """The project's digest in the baseline's shape."""
    return {
        "regions": {
            r.code: (
                r.visits,
                r.households,
                r.verified,
                r.flagged,
                r.previous_visits,
                r.previous_verified,
                *(r.reviews.get(status, 0) for status in ("accepted", "rejected", "revisit")),
            )
            for r in digest.regions
        },
        "flags": sorted((r.code, flag, count) for r in digest.regions for flag, count in r.flags.items()),
        "companions": {
            c.companion_id: (c.visits, c.verified, c.flagged, c.overdue_households, c.days_since_last_report)
            for c in digest.total.companions
        },
        "longest": {r.code: [h.household_id for h in r.longest_unvisited] for r in digest.regions},
    }


async def export_month(db: Database, period_end: int) -> dict[str, Any]:
    """Export the month before `period_end` of one kabupaten, as /ekspor does."""
    last = datetime.fromtimestamp(period_end - 1, TZ).date()
    month = Period.of_days(last - timedelta(days=29), last, TZ)
    names = await DigestRepository(db).region_names()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        files = await write_visit_export(
            ExportRepository(db).visits((EXPORT_REGION,), month.start, month.end),
            Path(folder),
            "export",
            lang="id",
            tz=TZ,
            reveal=False,
            region_names=names,
        )
        elapsed = time.perf_counter() - started
        sizes = files.csv_path.stat().st_size + files.xlsx_path.stat().st_size
    return {"export_rows": files.rows, "export_s": round(elapsed, 2), "export_mb": round(sizes / 2**20, 1)}


async def run(path: Path, repeat: int, export: bool) -> dict[str, Any]:
    period = benchmark_week()
    log(f"week {period.label()}: warming the page cache")
    db = Database(path)
    await db.open()
    try:
        await project_digest(db, period)
        baseline_digest(path, period)
        counted = baseline_followup(path)
        log(f"{counted} households to follow up, counted from the visits")
        project_times, before_times, section_times, baseline_times = [], [], [], []
        digest: Digest | None = None
        baseline: dict[str, Any] = {}
        for round_number in range(repeat):
            before_elapsed, _, before = await project_digest(db, period, followup=False)
            before_times.append(before_elapsed)
            elapsed, section, digest = await project_digest(db, period)
            project_times.append(elapsed)
            section_times.append(section)
            base_elapsed, baseline = baseline_digest(path, period)
            baseline_times.append(base_elapsed)
            log(
                f"round {round_number + 1}: digest {elapsed:.3f} s (its follow-up section {section:.3f} s),"
                f" before the follow-up section {before_elapsed:.3f} s, baseline {base_elapsed:.3f} s"
            )
        assert digest is not None and digest.followup is not None
        followup_households = len({f.household_id for f in digest.followup.open})
        agree = comparable(digest) == baseline == comparable(before) and followup_households == counted
        if not agree:
            log("MISMATCH between the project's digest and the baseline")
        rss_digest = rss_mb()
        figures: dict[str, Any] = {
            "households": int(await db.fetch_value("SELECT COUNT(*) FROM households")),
            "visits": int(await db.fetch_value("SELECT COUNT(*) FROM visits")),
            "week_visits": digest.total.visits,
            "digest_s": round(statistics.median(project_times), 3),
            "before_s": round(statistics.median(before_times), 3),
            "followup_ratio": round(statistics.median(project_times) / statistics.median(before_times), 3),
            "followup_section_s": round(statistics.median(section_times), 3),
            "followup_households": followup_households,
            "baseline_s": round(statistics.median(baseline_times), 3),
            "ratio": round(statistics.median(project_times) / statistics.median(baseline_times), 2),
            "agree": agree,
            "peak_rss_mb_digest": round(rss_digest, 1),
        }
        if export:
            log("exporting one month of one kabupaten")
            figures.update(await export_month(db, period.end))
        figures["peak_rss_mb"] = round(rss_mb(), 1)
        return figures
    finally:
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=PROVINCE_HOUSEHOLDS, help="households (default 645000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds (median reported)")
    parser.add_argument("--db", type=Path, default=None, help="database to build or reuse")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database even if it exists")
    parser.add_argument("--no-export", action="store_true", help="skip the export measurement")
    parser.add_argument("--populate", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.populate:
        populate(SyntheticProvince(args.size), args.populate, visits_per_household=VISITS_PER_HOUSEHOLD)
        add_flags_and_reviews(args.populate)
        return
    path = args.db or ROOT / "bench" / "out" / f"digest-{args.size}.db"
    ensure_database(path, args.size, args.fresh)
    figures = asyncio.run(run(path, args.repeat, not args.no_export))
    figures["size"] = args.size
    print(json.dumps(figures))
    if not figures["agree"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
