"""Benchmark: the office's dashboard over HTTP on the province's register (issue 21).

    python bench/dashboard.py [--size 645000] [--companions 250] [--sessions 20] [--repeat 30]

The register is the digest bench's (`bench/digest.py`: N households, ~8 visits each, flags and
reviews), copied to bench/out/dashboard-N.db with its visits moved to end now (the dashboard
counts the last weeks) and an admin and a coordinator who sign in. The bot runs as its own
process (`python -m bot`, the dashboard enabled) against the Bot API stand-in, twice:

1. without the dashboard: the companions' burst of `bench/http_load.py` (every companion a full
   report, 1–4 s between steps): the chat's step p95 and the bot's peak RSS (the baseline);
2. with it: the admin's browser asks, one after the other, for the map at province zoom and at
   one kabupaten/kota's zoom and for the province's coverage table (`--repeat` each, p95, each
   ask counted anew rather than handed a shared answer); the
   page's weight (HTML, JS, CSS as sent gzipped; no tiles); then the same burst while
   `--sessions` dashboards (signed in as Mini Apps) refresh the map, the review queue, today's
   reports and the coverage every 15 s: the chat's step p95 during it, and how much more memory
   the bot holds after it than after run 1 (`rss_growth_mb`, resident; the peaks beside it).

Also timed, in this process on the same database: the map's households with their last visit as
plain SQL (what `/peta` reads), the baseline of the map figures. Progress on stderr; the last
stdout line is one JSON object with `map_province_p95_ms`, `map_kabupaten_p95_ms`,
`coverage_p95_ms`, `page_kb_gzip`, `chat_step_p95_ms_during` and `rss_growth_mb`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import shutil
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.digest import ensure_database  # noqa: E402
from bench.http_load import (  # noqa: E402
    TOKEN,
    Run,
    TelegramLimits,
    bot_env,
    compile_bot,
    peak_rss_mb,
    python_of,
    reporters,
    reports,
    sends,
    step,
    step_figures,
)
from bench.report_flow import percentile, phone_photo  # noqa: E402
from bench.synthetic import PROVINCE_HOUSEHOLDS  # noqa: E402
from bot.app.demo.bot_api import BotApiStandIn, ChatUser, serve  # noqa: E402
from handlers.web.init_data import sign  # noqa: E402

ADMIN_ID, COORDINATOR_ID = 9_000_001, 9_000_002
PROVINCE = {"south": -7.1, "west": 105.0, "north": -5.8, "east": 106.8}
KABUPATEN = {"south": -6.35, "west": 105.9, "north": -5.9, "east": 106.45}  # Kabupaten Serang's view
REFRESH_S = 15.0
PAGE = ("/", "/static/app.js", "/static/app.css", "/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare(source: Path, target: Path) -> None:
    """The digest bench's register, its visits ending now, with two people of the office."""
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        log(f"copying {source.name} to {target.name}")
        conn = sqlite3.connect(source)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        shutil.copy(source, target)
    conn = sqlite3.connect(target)
    with conn:
        last = conn.execute("SELECT MAX(started_at) FROM visits").fetchone()[0] or 0
        shift = int(time.time()) - 3600 - last
        if shift > 24 * 3600:
            log(f"moving the visits {shift // 86400} days on, to end now")
            conn.execute("UPDATE visits SET started_at = started_at + ?, reported_at = reported_at + ?", (shift, shift))
        # Their alerts went out when they were made: the burst is not a round of 100,000 alerts.
        conn.execute("UPDATE visits SET alerted_at = reported_at WHERE alerted_at IS NULL")
        now = int(time.time())
        for telegram_id, role, region in ((ADMIN_ID, "admin", "36"), (COORDINATOR_ID, "coordinator", "3604")):
            if conn.execute("SELECT 1 FROM people WHERE telegram_user_id = ?", (telegram_id,)).fetchone():
                continue
            cursor = conn.execute(
                "INSERT INTO people (telegram_user_id, full_name, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                (telegram_id, f"Bench {role}", role, now, now),
            )
            conn.execute("INSERT INTO person_regions VALUES (?, ?)", (cursor.lastrowid, region))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def fresh_bot_state(db: Path) -> None:
    """The bot's own state as a first start finds it: a new stand-in numbers its updates from 1
    again, which the handled ids of an earlier run would drop as redelivered."""
    conn = sqlite3.connect(db)
    with conn:
        for table in ("processed_updates", "bot_conversations", "bot_data", "outbox"):
            conn.execute(f"DELETE FROM {table}")
    conn.close()


def rss_now_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def warm(db: Path) -> None:
    """Read the database file once, so both starts find it in the page cache alike."""
    with db.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def launch(user_id: int) -> str:
    """Mini App launch data for `user_id`, signed with the bench bot's token as Telegram signs it."""
    fields = {
        "auth_date": str(int(time.time())),
        "query_id": f"bench-{random.getrandbits(64):x}",  # each opening of the Mini App its own
        "user": json.dumps({"id": user_id, "first_name": "Bench"}),
    }
    return urlencode({**fields, "hash": sign(fields, TOKEN)})


def baseline_map_sql(db: Path) -> float:
    """The province's households with their last visit, as `/peta` reads them (plain sqlite3)."""
    conn = sqlite3.connect(db)
    started = time.perf_counter()
    rows = conn.execute(
        "SELECT h.id, h.latitude, h.longitude, (SELECT MAX(v.started_at) FROM visits v WHERE v.household_id = h.id)"
        " FROM households h WHERE h.active = 1 AND h.latitude IS NOT NULL"
    ).fetchall()
    elapsed = time.perf_counter() - started
    conn.close()
    log(f"baseline: {len(rows)} households with their last visit in {elapsed:.2f} s")
    return elapsed


async def signed_in(base: str, user_id: int) -> aiohttp.ClientSession:
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with session.post(f"{base}/api/session/telegram", json={"init_data": launch(user_id)}) as response:
        assert response.status == 204, response.status
    return session


async def timed(session: aiohttp.ClientSession, url: str, params: dict[str, Any]) -> float:
    started = time.perf_counter()
    async with session.get(url, params={k: str(v) for k, v in params.items()}) as response:
        await response.read()
        assert response.status == 200, (url, response.status)
    return (time.perf_counter() - started) * 1000


async def p95(session: aiohttp.ClientSession, url: str, params: dict[str, Any], repeat: int) -> tuple[float, float]:
    """p95 and median of `repeat` asks, each counted anew: a parameter of its own (`_`, which the
    server ignores) keeps it from being handed the answer shared with the previous asker."""
    times = [await timed(session, url, {**params, "_": number}) for number in range(repeat)]
    return round(percentile(times, 0.95), 1), round(statistics.median(times), 1)


async def page_weight(base: str) -> float:
    async with aiohttp.ClientSession(auto_decompress=False) as session:
        total = 0
        for path in PAGE:
            async with session.get(base + path, headers={"Accept-Encoding": "gzip"}) as response:
                total += len(await response.read())
    return round(total / 1024, 1)


async def dashboard_session(base: str, stop: asyncio.Event, rng: random.Random, times: list[float]) -> None:
    """One office member's dashboard left open: everything it shows, refreshed every 15 s."""
    session = await signed_in(base, ADMIN_ID)
    try:
        await asyncio.sleep(rng.uniform(0, REFRESH_S))
        after = 0  # as the page asks: today's reports after the newest it shows
        while not stop.is_set():
            for path, params in (
                ("/api/map", {**PROVINCE, "zoom": 8}),
                ("/api/review", {}),
                ("/api/coverage", {}),
            ):
                times.append(await timed(session, base + path, params))
            started = time.perf_counter()
            async with session.get(f"{base}/api/today", params={"after": str(after)}) as response:
                items = (await response.json())["items"]
            times.append((time.perf_counter() - started) * 1000)
            after = max([after, *(item["id"] for item in items)])
            with contextlib.suppress(TimeoutError):  # the next refresh is due
                await asyncio.wait_for(stop.wait(), REFRESH_S)
    finally:
        await session.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def run_bot(args: argparse.Namespace, db: Path, *, dashboard: bool) -> dict[str, Any]:
    """One start of the bot on `db`: the burst of reports, with the dashboard's figures and
    sessions when `dashboard`."""
    fresh_bot_state(db)
    people, everyone = reporters(db, args.companions)
    limits = TelegramLimits(None)
    api = BotApiStandIn(TOKEN)
    api.gate = limits
    for telegram_id in everyone:
        api.open_chat(ChatUser(telegram_id, "Pengguna"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        async with serve(api) as root:
            base_url, base_file_url = api.urls(root)
            env = bot_env(
                ROOT,
                TELEGRAM_BOT_TOKEN=TOKEN,
                JAMSOSRATU__DATABASE__PATH=str(db),
                JAMSOSRATU__STORAGE__PHOTO_DIR=f"{folder}/photos",
                JAMSOSRATU__TELEGRAM__BASE_URL=base_url,
                JAMSOSRATU__TELEGRAM__BASE_FILE_URL=base_file_url,
                JAMSOSRATU__LOGGING__LEVEL="WARNING",
                # No digest or reminder round caught up at start: the office's two people would get
                # the province's weekly digest, seconds of reads the burst would queue behind.
                JAMSOSRATU__SCHEDULES__CATCH_UP_GRACE_DAYS="0",
                JAMSOSRATU__DASHBOARD__ENABLED=str(dashboard).lower(),
                JAMSOSRATU__DASHBOARD__PORT=str(port),
                JAMSOSRATU__DASHBOARD__PUBLIC_URL=f"{base}/",
                JAMSOSRATU__DASHBOARD__TILE_URL="null",
            )
            process = await asyncio.create_subprocess_exec(python_of(ROOT), "-m", "bot", cwd=ROOT, env=env)
            try:
                first = people[0][0]
                await step(
                    Run(limits, api, (0, 0), random.Random(1)),
                    first,
                    "first",
                    lambda: api.send_text(first, "/bantuan"),
                    sends,
                )
                stop, times, sessions = asyncio.Event(), [], []
                if dashboard:
                    result |= await dashboard_figures(args, base)
                    rng = random.Random(21)
                    sessions = [
                        asyncio.create_task(dashboard_session(base, stop, rng, times)) for _ in range(args.sessions)
                    ]
                run = Run(limits, api, (1.0, 4.0), random.Random(36))
                photos = [phone_photo(user.id * 2 + dashboard) for user, _ in people]
                log(f"burst of {len(people)} reports, {len(sessions)} dashboards open")
                await reports(run, people, photos, int(dashboard))
                stop.set()
                await asyncio.gather(*sessions)
                figures = step_figures(run, 1.0, Counter(), len(people), 0)
                result["chat_step_p95_ms"] = figures["step_p95_ms"]
                result["chat_step_p50_ms"] = figures["step_p50_ms"]
                result["chat_steps"] = figures["steps"]  # p50/p95 of each step of the report
                result["errors"] = figures["error_count"]
                if times:
                    result["session_request_p95_ms"] = round(percentile(times, 0.95), 1)
                    result["session_requests"] = len(times)
                await asyncio.sleep(1)
                result["peak_rss_mb"] = round(peak_rss_mb(process.pid), 1)
                result["rss_mb"] = round(rss_now_mb(process.pid), 1)
            finally:
                process.terminate()
                await asyncio.wait_for(process.wait(), 60)
    return result


async def dashboard_figures(args: argparse.Namespace, base: str) -> dict[str, Any]:
    session = await signed_in(base, ADMIN_ID)
    try:
        started = time.perf_counter()
        await timed(session, f"{base}/api/map", {**PROVINCE, "zoom": 8})  # waits for the index's first reading
        figures: dict[str, Any] = {"index_read_s": round(time.perf_counter() - started, 1)}
        log(f"index read in {figures['index_read_s']} s")
        for name, url, params in (
            ("map_province", "/api/map", {**PROVINCE, "zoom": 8}),
            ("map_kabupaten", "/api/map", {**KABUPATEN, "zoom": 11}),
            ("map_street", "/api/map", {"south": -6.125, "west": 106.14, "north": -6.115, "east": 106.16, "zoom": 16}),
            ("coverage", "/api/coverage", {"level": "desa"}),
            ("coverage_regions", "/api/coverage", {"level": "region"}),
            ("companions", "/api/companions", {}),
            ("review", "/api/review", {}),
        ):
            high, middle = await p95(session, base + url, params, args.repeat)
            figures[f"{name}_p95_ms"], figures[f"{name}_p50_ms"] = high, middle
            log(f"{name}: p50 {middle} ms, p95 {high} ms")
        figures["page_kb_gzip"] = await page_weight(base)
        return figures
    finally:
        await session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=PROVINCE_HOUSEHOLDS)
    parser.add_argument("--companions", type=int, default=250)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    source = ROOT / "bench" / "out" / f"digest-{args.size}.db"
    ensure_database(source, args.size, fresh=False)
    db = ROOT / "bench" / "out" / f"dashboard-{args.size}.db"
    prepare(source, db)
    compile_bot(ROOT)
    warm(db)
    baseline_s = baseline_map_sql(db)
    without = asyncio.run(run_bot(args, db, dashboard=False))
    log(f"without the dashboard: step p95 {without['chat_step_p95_ms']} ms, peak RSS {without['peak_rss_mb']} MB")
    with_dashboard = asyncio.run(run_bot(args, db, dashboard=True))
    figures = {
        "size": args.size,
        "baseline_map_sql_ms": round(baseline_s * 1000, 1),
        **{
            key: value
            for key, value in with_dashboard.items()
            if key not in ("chat_step_p95_ms", "peak_rss_mb", "rss_mb", "chat_steps")
        },
        "chat_steps_without": without["chat_steps"],
        "chat_steps_during": with_dashboard["chat_steps"],
        "chat_step_p95_ms_without": without["chat_step_p95_ms"],
        "peak_rss_mb_without": without["peak_rss_mb"],
        "peak_rss_mb_with": with_dashboard["peak_rss_mb"],
        "rss_mb_without": without["rss_mb"],
        "rss_mb_with": with_dashboard["rss_mb"],
        "map_ratio": round(with_dashboard["map_province_p50_ms"] / (baseline_s * 1000), 4),
        "map_province_p95_ms": with_dashboard["map_province_p95_ms"],
        "map_kabupaten_p95_ms": with_dashboard["map_kabupaten_p95_ms"],
        "coverage_p95_ms": with_dashboard["coverage_p95_ms"],
        "page_kb_gzip": with_dashboard["page_kb_gzip"],
        "chat_step_p95_ms_during": with_dashboard["chat_step_p95_ms"],
        # What the dashboard keeps resident (its index, the sessions) after the same burst.
        "rss_growth_mb": round(with_dashboard["rss_mb"] - without["rss_mb"], 1),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
