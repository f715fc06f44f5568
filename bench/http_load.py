"""A burst of companions reporting, measured over real HTTP (issue 11).

The bot runs as its own process (`python -m bot`) against a local Bot API stand-in
(`bot/app/demo/bot_api.py`, aiohttp) that answers 429 with `retry_after` as Telegram does
(`TelegramLimits` below, installed as the stand-in's call gate): more than one message a second
in a chat sustained (bursts of `CHAT_BURST` pass), more than 20 a minute in a group, and with
`--overall N` more than N a second in all. Every companion of the synthetic province makes a
full report (/lapor, live location, household, one photo, five conditions, note, send); then
a bare PTB echo bot (PTB's defaults, its own process, its own stand-in) answers the same number
of text updates at the same pace.

    python bench/http_load.py [--companions 250] [--households 645000] [--pace human|flat]
                              [--overall 30] [--bot-dir PATH] [--db-cache DIR]
    python bench/http_load.py --flood 300 [--flood-seconds 10] [--flood-photos] --companions 10

`--flood N` (issue 20) measures instead the companions reporting at a human pace twice: once
undisturbed (the baseline) and once while one more companion sends N messages in
`--flood-seconds`, and what that companion got back (answers, notices of messages not read).

`--pace human` pauses 1–4 s before each step and then runs a second report per companion flat
out (no pauses) for the throughput; `--pace flat` runs only the flat one. A step's latency runs
from the update being queued at the stand-in to the bot's call that completed the step (the
message or edit the companion waits for). CPU is the bot process's own (user + system) over
the reports. `--bot-dir` runs the bot (and builds the database) from another checkout, to
measure an older version the same way. Progress on stderr; the last stdout line is JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report_flow import percentile, phone_photo  # noqa: E402
from bench.synthetic import FIRST_COMPANION_TELEGRAM_ID  # noqa: E402
from bot.app.demo.bot_api import ApiCall, BotApiStandIn, Chat, ChatUser, Refusal, serve  # noqa: E402

TOKEN = "7000000011:AABenchTokenForTheLocalStandIn000000"
ECHO_TOKEN = "7000000012:AABenchTokenForTheEchoStandIn0000000"
CHAT_BURST = 5
FLOOD_NOTICE = "Terlalu banyak pesan"
CONDITIONS = 5
STEP_TIMEOUT_S = 120.0
# systemd's TimeoutStopSec in deploy/: a bot still running after it is killed.
STOP_TIMEOUT_S = 30.0
ECHO_BOT = """
import sys
from telegram.ext import ApplicationBuilder, MessageHandler, filters

async def echo(update, context):
    await context.bot.send_message(update.effective_chat.id, update.effective_message.text)

app = ApplicationBuilder().token(sys.argv[1]).base_url(sys.argv[2]).build()
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling()
"""


class TelegramLimits:
    """The stand-in's flood control: refuses a message with 429 as Telegram would, and wakes
    whoever waits on the chat once a call to it is carried out."""

    def __init__(self, overall_per_s: int | None) -> None:
        self.overall_per_s = overall_per_s
        self.throttled = 0
        self.calls: dict[int, list[tuple[float, str]]] = defaultdict(list)  # chat -> (time, method) carried out
        self.wake: dict[int, asyncio.Event] = defaultdict(asyncio.Event)
        self._tokens: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)
        self._group_sends: dict[int, deque[float]] = defaultdict(deque)
        self._all_sends: deque[float] = deque()

    async def __call__(self, call: ApiCall) -> Refusal | None:
        chat_id = call.chat_id
        if chat_id is None or not call.method.startswith(("send", "edit", "copy", "forward")):
            return None
        now = time.monotonic()
        wait = self._over_limit(chat_id, now)
        if wait > 0:
            self.throttled += 1
            return Refusal.too_many_requests(max(1, math.ceil(wait)))
        self.calls[chat_id].append((now, call.method))
        asyncio.get_running_loop().call_soon(self.wake[chat_id].set)  # after the call is carried out
        return None

    def _over_limit(self, chat_id: int, now: float) -> float:
        """Seconds until the message would be allowed; 0 takes it."""
        tokens, at = self._tokens.get(chat_id, (CHAT_BURST, now))
        tokens = min(CHAT_BURST, tokens + (now - at))
        if tokens < 1:
            return 1 - tokens
        sends = self._group_sends[chat_id] if chat_id < 0 else None
        if sends is not None:
            while sends and sends[0] <= now - 60:
                sends.popleft()
            if len(sends) >= 20:
                return sends[0] + 60 - now
        if self.overall_per_s:
            while self._all_sends and self._all_sends[0] <= now - 1:
                self._all_sends.popleft()
            if len(self._all_sends) >= self.overall_per_s:
                return self._all_sends[0] + 1 - now
            self._all_sends.append(now)
        if sends is not None:
            sends.append(now)
        self._tokens[chat_id] = (tokens - 1, now)
        return 0.0


@dataclass
class Run:
    limits: TelegramLimits
    api: BotApiStandIn
    pause: tuple[float, float]
    rng: random.Random
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    updates: int = 0
    started: list[tuple[float, int, str]] = field(default_factory=list)  # (queued, user, step)

    def calls_by_step(self, user_id: int) -> list[tuple[str, list[str]]]:
        """The Bot API calls of one companion's report, step by step."""
        steps = [(at, name, []) for at, user, name in self.started if user == user_id]
        for call in self.api.calls:
            query = str(call.params.get("callback_query_id", ""))
            if call.status == 200 and (call.chat_id == user_id or query.startswith(f"{user_id}-")):
                before = [methods for at, _, methods in steps if at <= call.at]
                if before and not reminder(call):
                    before[-1].append(call.method)
        return [(name, methods) for _, name, methods in steps]


def keyboard_with(chat: Chat, prefix: str) -> int | None:
    """The newest bot message with a button whose data starts with `prefix`."""
    for message in reversed(chat.messages):
        buttons = [b for row in message.inline_keyboard or [] for b in row] if message.from_bot else []
        if not message.deleted and any(str(b.get("callback_data", "")).startswith(prefix) for b in buttons):
            return message.message_id
    return None


async def step(
    run: Run, user: ChatUser, name: str, act: Callable[[], Any], done: Callable[[list[tuple[float, str]]], bool]
) -> None:
    """Pause, queue the update, wait until the bot's calls to the chat since then satisfy `done`."""
    low, high = run.pause
    if high:
        await asyncio.sleep(run.rng.uniform(low, high))
    seen = len(run.limits.calls[user.id])
    wake = run.limits.wake[user.id]
    queued = time.monotonic()
    run.started.append((queued, user.id, name))
    act()
    run.updates += 1
    deadline = queued + STEP_TIMEOUT_S
    while not done(run.limits.calls[user.id][seen:]):
        wake.clear()
        try:
            await asyncio.wait_for(wake.wait(), max(0.01, deadline - time.monotonic()))
        except TimeoutError:
            run.errors.append(f"{user.id} {name}: no answer")
            raise
    run.timings[name].append((run.limits.calls[user.id][-1][0] - queued) * 1000)


def sends(calls: list[tuple[float, str]]) -> bool:
    return any(method.startswith("send") for _, method in calls)


def edits(calls: list[tuple[float, str]]) -> bool:
    return any(method.startswith("edit") for _, method in calls)


async def one_report(run: Run, user: ChatUser, household: dict[str, Any], photo: bytes) -> None:
    api, chat = run.api, run.api.open_chat(user)

    def keyboard(prefix: str) -> Callable[[list[tuple[float, str]]], bool]:
        return lambda calls: bool(calls) and keyboard_with(chat, prefix) is not None

    def press(prefix: str, data: str) -> Callable[[], Any]:
        return lambda: api.press(user, keyboard_with(chat, prefix) or 0, data)

    await step(run, user, "lapor", lambda: api.send_text(user, "/lapor"), sends)
    before = keyboard_with(chat, "rep:h:")
    await step(
        run,
        user,
        "location",
        lambda: api.send_location(
            user, household["latitude"] + 0.0001, household["longitude"], live_period=3600, accuracy=8
        ),
        lambda calls: bool(calls) and keyboard_with(chat, "rep:h:") not in (None, before),
    )
    await step(run, user, "household", press("rep:h:", f"rep:h:{household['id']}"), sends)
    await step(run, user, "photo", lambda: api.send_photo(user, photo), keyboard("rep:pd"))
    await step(run, user, "photos_done", press("rep:pd", "rep:pd"), keyboard("rep:c:"))
    for index in range(CONDITIONS):
        await step(run, user, "condition", press("rep:c:", f"rep:c:{index}"), edits)
    await step(run, user, "conditions_done", press("rep:cd", "rep:cd"), lambda calls: bool(calls))
    await step(run, user, "note", lambda: api.send_text(user, "Kondisi keluarga baik."), keyboard("rep:send"))
    await step(run, user, "send", press("rep:send", "rep:send"), sends)


async def echo_session(run: Run, user: ChatUser, count: int) -> None:
    for number in range(count):
        await step(run, user, "echo", lambda n=number: run.api.send_text(user, f"pesan {n}"), sends)


async def start_profiler(path: str, pid: int) -> asyncio.subprocess.Process:
    """py-spy sampling the bot while it reports (collapsed stacks: one line per stack and count)."""
    spy = Path(sys.executable).with_name("py-spy")
    return await asyncio.create_subprocess_exec(
        str(spy), "record", "--pid", str(pid), "--format", "raw", "--output", path, "--rate", "200", "--nonblocking"
    )


def reminder(call: ApiCall) -> bool:
    """A scheduled reminder (it carries the report's start button), not part of a report."""
    return call.method == "sendMessage" and "rep:start" in json.dumps(call.params.get("reply_markup"))


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def prepared_database(bot_dir: Path, households: int, cache: Path | None, target: Path) -> None:
    """The synthetic province, built by the measured checkout's own code (its schema)."""
    cached = cache / f"province-{households}-{bot_dir.resolve().name}.db" if cache else None
    if cached is not None and cached.exists():
        shutil.copy(cached, target)
        # Migrated to the checkout's schema now, and kept so: else the bot would back the
        # database up before migrating it, inside the first reply of every run.
        if migrate(bot_dir, target):
            shutil.copy(target, cached)
        return
    started = time.perf_counter()
    code = (
        "import sys; from pathlib import Path; from bench.synthetic import SyntheticProvince, populate;"
        f" populate(SyntheticProvince({households}), Path(sys.argv[1]))"
    )
    subprocess.run([python_of(bot_dir), "-c", code, str(target)], cwd=bot_dir, env=bot_env(bot_dir), check=True)
    print(f"populated {households} households in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(target, cached)


def migrate(bot_dir: Path, db: Path) -> bool:
    """Apply the checkout's migrations to `db` (without the backup the bot would make); whether
    the schema changed."""
    before = schema_version(db)
    code = (
        "import asyncio, sys\nfrom storage.database import Database\n"
        "async def main():\n    db = Database(sys.argv[1])\n    await db.open()\n    await db.close()\n"
        "asyncio.run(main())"
    )
    subprocess.run([python_of(bot_dir), "-c", code, str(db)], cwd=bot_dir, env=bot_env(bot_dir), check=True)
    for backup in db.parent.glob(f"{db.name}.before-*.bak"):
        backup.unlink()
    return schema_version(db) != before


def schema_version(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0])
    finally:
        conn.close()


def compile_bot(bot_dir: Path) -> None:
    """Byte-compile the measured checkout as an installed bot is (pip compiles, a first start
    writes __pycache__), also where PYTHONDONTWRITEBYTECODE is set: the first reply then
    measures a start, not a compilation of the bot's sources."""
    command = [python_of(bot_dir), "-m", "compileall", "-q", "bot", "handlers", "storage"]
    subprocess.run(command, cwd=bot_dir, check=True, stdout=subprocess.DEVNULL)


def python_of(bot_dir: Path) -> str:
    """The checkout's own virtual environment when it has one (its own dependencies)."""
    own = bot_dir / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def bot_env(bot_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(bot_dir), **extra}


def reporters(db: Path, companions: int) -> tuple[list[tuple[ChatUser, list[dict[str, Any]]]], list[int]]:
    """The companions who report (with their first two households: the second report of a phase
    visits another household, as one within the same-visit window would be asked "the same
    visit?"), and everyone with a Telegram account (their chats exist, so scheduled sends reach them)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    everyone = [row[0] for row in conn.execute("SELECT telegram_user_id FROM people WHERE telegram_user_id > 0")]
    rows = conn.execute(
        "SELECT * FROM (SELECT h.*, ROW_NUMBER() OVER (PARTITION BY companion_id ORDER BY id) AS nth"
        " FROM households h WHERE companion_id IN (SELECT DISTINCT companion_id FROM households"
        " ORDER BY companion_id LIMIT ?)) WHERE nth <= 2 ORDER BY companion_id, nth",
        (companions,),
    ).fetchall()
    conn.close()
    households: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        households[row["companion_id"]].append(dict(row))
    people = [
        (ChatUser(FIRST_COMPANION_TELEGRAM_ID + companion_id - 1, "Pendamping"), visited)
        for companion_id, visited in households.items()
    ]
    return people, everyone


async def reports(run: Run, people: list[tuple[ChatUser, list[dict[str, Any]]]], photos: list[bytes], nth: int) -> None:
    results = await asyncio.gather(
        *(
            one_report(run, user, households[nth], photo)
            for (user, households), photo in zip(people, photos, strict=True)
        ),
        return_exceptions=True,
    )
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, TimeoutError):
            run.errors.append(repr(result))


def stored_reports(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM visits").fetchone()[0])
    finally:
        conn.close()


async def launch_bot(bot_dir: Path, folder: Path, api: BotApiStandIn, root: str) -> asyncio.subprocess.Process:
    """`python -m bot` of `bot_dir` against the stand-in at `root`, its files in `folder`."""
    base_url, base_file_url = api.urls(root)
    env = bot_env(
        bot_dir,
        TELEGRAM_BOT_TOKEN=TOKEN,
        JAMSOSRATU__DATABASE__PATH=str(folder / "bot.db"),
        JAMSOSRATU__STORAGE__PHOTO_DIR=str(folder / "photos"),
        JAMSOSRATU__TELEGRAM__BASE_URL=base_url,
        JAMSOSRATU__TELEGRAM__BASE_FILE_URL=base_file_url,
        JAMSOSRATU__LOGGING__LEVEL="WARNING",
    )
    return await asyncio.create_subprocess_exec(python_of(bot_dir), "-m", "bot", cwd=bot_dir, env=env)


async def measure_bot(
    args: argparse.Namespace,
    bot_dir: Path,
    folder: Path,
    people: list[tuple[ChatUser, list[dict[str, Any]]]],
    everyone: list[int],
) -> dict[str, Any]:
    db = folder / "bot.db"
    rng = random.Random(36)
    limits = TelegramLimits(args.overall)
    api = BotApiStandIn(TOKEN)
    api.gate = limits
    for telegram_id in everyone:
        api.open_chat(ChatUser(telegram_id, "Pengguna"))
    result: dict[str, Any] = {}
    async with serve(api) as root:
        first = people[0][0]
        started = time.monotonic()
        process = await launch_bot(bot_dir, folder, api, root)
        try:
            start_run = Run(limits, api, (0, 0), rng)
            await step(start_run, first, "first_reply", lambda: api.send_text(first, "/bantuan"), sends)
            result["first_reply_ms"] = round(limits.calls[first.id][-1][0] * 1000 - started * 1000)
            print(f"first reply {result['first_reply_ms']} ms after start", file=sys.stderr)
            profiler = await start_profiler(args.profile, process.pid) if args.profile else None
            phases = [("human", (1.0, 4.0)), ("flat", (0.0, 0.0))] if args.pace == "human" else [("flat", (0, 0))]
            for nth, (phase, pause) in enumerate(phases):
                run = Run(limits, api, pause, rng)
                photos = [phone_photo(user.id * 2 + (phase == "flat")) for user, _ in people]
                calls_before, throttled_before = len(api.calls), limits.throttled
                cpu_before, wall_before = cpu_seconds(process.pid), time.monotonic()
                await reports(run, people, photos, nth)
                cpu = cpu_seconds(process.pid) - cpu_before
                wall = time.monotonic() - wall_before
                calls = Counter(
                    call.method for call in api.calls[calls_before:] if call.status == 200 and not reminder(call)
                )
                result[f"reminders_during_{phase}"] = sum(1 for call in api.calls[calls_before:] if reminder(call))
                print(f"{phase}: {run.updates} updates in {wall:.1f} s, bot CPU {cpu:.1f} s", file=sys.stderr)
                if phase == "flat":
                    result["updates_per_s_flat"] = round(run.updates / wall, 1)
                    result["updates_per_cpu_s_flat"] = round(run.updates / cpu, 1)
                if phase == phases[0][0]:
                    result |= step_figures(run, cpu, calls, len(people), limits.throttled - throttled_before)
                    result["one_report_calls"] = run.calls_by_step(people[0][0].id)
            await asyncio.sleep(1)  # the last write-behind of the bot's state
            result["peak_rss_mb"] = round(peak_rss_mb(process.pid), 1)
            if profiler is not None:
                profiler.send_signal(signal.SIGINT)
                await profiler.wait()
        finally:
            process.terminate()
            await asyncio.wait_for(process.wait(), 30)
    result["reports_stored"] = stored_reports(db)
    result["reports_sent"] = len(people) * len(phases)
    result["throttled_429"] = limits.throttled
    if result["reports_stored"] != result["reports_sent"]:
        print(f"LOST: {result['reports_stored']} of {result['reports_sent']} reports stored", file=sys.stderr)
    return result


def step_figures(run: Run, cpu: float, calls: Counter[str], reports: int, throttled: int) -> dict[str, Any]:
    non_photo = [ms for name, values in run.timings.items() if name != "photo" for ms in values]
    every = [ms for values in run.timings.values() for ms in values]
    return {
        "steps": {
            name: {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(percentile(values, 0.95), 1)}
            for name, values in run.timings.items()
        },
        "step_p50_ms": round(statistics.median(non_photo), 1),
        "step_p95_ms": round(percentile(non_photo, 0.95), 1),
        "photo_p50_ms": round(statistics.median(run.timings["photo"]), 1),
        "photo_p95_ms": round(percentile(run.timings["photo"], 0.95), 1),
        "reply_p95_ms": round(percentile(every, 0.95), 1),
        "updates": run.updates,
        "cpu_ms_per_update": round(cpu * 1000 / run.updates, 2),
        "api_calls_per_report": round(sum(calls.values()) / reports, 1),
        "api_calls_by_method": dict(calls.most_common()),
        "throttled_429_in_phase": throttled,
        "errors": run.errors[:5],
        "error_count": len(run.errors),
    }


async def measure_echo(companions: int, updates_per_user: int, pause: tuple[float, float]) -> dict[str, Any]:
    limits = TelegramLimits(None)
    api = BotApiStandIn(ECHO_TOKEN)
    api.gate = limits
    async with serve(api) as root:
        base_url, _ = api.urls(root)
        process = await asyncio.create_subprocess_exec(sys.executable, "-c", ECHO_BOT, ECHO_TOKEN, base_url)
        try:
            users = [ChatUser(FIRST_COMPANION_TELEGRAM_ID + index, "Echo") for index in range(companions)]
            warm = Run(limits, api, (0, 0), random.Random(1))
            await step(warm, users[0], "warm", lambda: api.send_text(users[0], "halo"), sends)
            run = Run(limits, api, pause, random.Random(2))
            cpu_before = cpu_seconds(process.pid)
            await asyncio.gather(*(echo_session(run, user, updates_per_user) for user in users))
            cpu = cpu_seconds(process.pid) - cpu_before
        finally:
            process.terminate()
            await asyncio.wait_for(process.wait(), 30)
    return {
        "echo_p50_ms": round(statistics.median(run.timings["echo"]), 1),
        "echo_p95_ms": round(percentile(run.timings["echo"], 0.95), 1),
        "echo_cpu_ms_per_update": round(cpu * 1000 / run.updates, 2),
    }


async def measure_flood(
    args: argparse.Namespace,
    bot_dir: Path,
    folder: Path,
    people: list[tuple[ChatUser, list[dict[str, Any]]]],
    everyone: list[int],
) -> dict[str, Any]:
    """Issue 20: the companions report (human pace) once undisturbed, the baseline, then again
    while one more companion sends `args.flood` messages in `args.flood_seconds` (every tenth a
    photo with `--flood-photos`). Their steps' latencies in both phases; what the flooder got."""
    flooder, people = people[-1][0], people[:-1]
    limits = TelegramLimits(args.overall)
    api = BotApiStandIn(TOKEN)
    api.gate = limits
    for telegram_id in everyone:
        api.open_chat(ChatUser(telegram_id, "Pengguna"))
    result: dict[str, Any] = {
        "flood": args.flood,
        "flood_seconds": args.flood_seconds,
        "flood_photos": args.flood_photos,
    }
    async with serve(api) as root:
        process = await launch_bot(bot_dir, folder, api, root)
        try:
            warm = Run(limits, api, (0, 0), random.Random(1))
            await step(warm, people[0][0], "first_reply", lambda: api.send_text(people[0][0], "/bantuan"), sends)
            for nth, phase in enumerate(("baseline", "during_flood")):
                run = Run(limits, api, (1.0, 4.0), random.Random(36 + nth))
                photos = [phone_photo(user.id * 2 + nth) for user, _ in people]
                calls_before = len(api.calls)
                flooding = (
                    asyncio.create_task(flood(api, flooder, args.flood, args.flood_seconds, args.flood_photos))
                    if phase == "during_flood"
                    else None
                )
                await reports(run, people, photos, nth)
                if flooding is not None:
                    await flooding
                result[phase] = flood_figures(run)
                print(f"{phase}: {result[phase]}", file=sys.stderr)
            to_flooder = [
                call for call in api.calls[calls_before:] if call.status == 200 and call.chat_id == flooder.id
            ]
            result["flooder_answers"] = len(to_flooder)
            result["flooder_notices"] = sum(1 for call in to_flooder if FLOOD_NOTICE in str(call.params.get("text")))
            result["peak_rss_mb"] = round(peak_rss_mb(process.pid), 1)
        finally:
            result["stop_s"] = await stop_within(process, STOP_TIMEOUT_S)
    return result


async def stop_within(process: asyncio.subprocess.Process, timeout_s: float) -> float | None:
    """SIGTERM, as systemd stops the unit; the seconds the stop took, None if it had to be killed."""
    started = time.monotonic()
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), timeout_s)
    except TimeoutError:
        process.kill()
        await process.wait()
        return None
    return round(time.monotonic() - started, 1)


async def flood(api: BotApiStandIn, user: ChatUser, count: int, seconds: float, with_photos: bool) -> None:
    """`count` messages from `user`, evenly over `seconds`; every tenth a photo if `with_photos`."""
    photo = phone_photo(user.id)
    for number in range(count):
        if with_photos and number % 10 == 9:
            api.send_photo(user, photo)
        else:
            api.send_text(user, f"pesan {number}")
        await asyncio.sleep(seconds / count)


def flood_figures(run: Run) -> dict[str, Any]:
    """The other companions' steps: p50/p95 of those other than the photo, and of the photo."""
    others = [ms for name, values in run.timings.items() if name != "photo" for ms in values]
    return {
        "step_p50_ms": round(statistics.median(others), 1),
        "step_p95_ms": round(percentile(others, 0.95), 1),
        "step_max_ms": round(max(others), 1),
        "photo_p95_ms": round(percentile(run.timings["photo"], 0.95), 1),
        "steps": len(others) + len(run.timings["photo"]),
        "unanswered": len(run.errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companions", type=int, default=250)
    parser.add_argument("--households", type=int, default=645_000)
    parser.add_argument("--pace", choices=("human", "flat"), default="human")
    parser.add_argument("--overall", type=int, default=None, help="429 beyond this many messages a second in all")
    parser.add_argument("--bot-dir", default=str(ROOT), help="checkout whose bot is measured")
    parser.add_argument("--db-cache", default=None, help="folder keeping built databases between runs")
    parser.add_argument("--profile", default=None, help="py-spy's collapsed stacks of the bot during the reports")
    parser.add_argument("--flood", type=int, default=0, help="messages one more companion sends while they report")
    parser.add_argument("--flood-seconds", type=float, default=10.0, help="over how many seconds the flood comes")
    parser.add_argument("--flood-photos", action="store_true", help="every tenth message of the flood a photo")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        result: dict[str, Any] = {"companions": args.companions, "households": args.households, "pace": args.pace}
        result["overall_limit"] = args.overall
        bot_dir, folder = Path(args.bot_dir).resolve(), Path(name)
        db_cache = Path(args.db_cache) if args.db_cache else None
        prepared_database(bot_dir, args.households, db_cache, folder / "bot.db")
        compile_bot(bot_dir)
        people, everyone = reporters(folder / "bot.db", args.companions + (args.flood > 0))
        if args.flood:
            result |= asyncio.run(measure_flood(args, bot_dir, folder, people, everyone))
            print(json.dumps(result))
            return
        result |= asyncio.run(measure_bot(args, bot_dir, folder, people, everyone))
    per_user = result["updates"] // args.companions
    pause = (1.0, 4.0) if args.pace == "human" else (0.0, 0.0)
    result |= asyncio.run(measure_echo(args.companions, per_user, pause))
    result["cpu_ratio"] = round(result["cpu_ms_per_update"] / result["echo_cpu_ms_per_update"], 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
