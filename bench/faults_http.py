"""Issue 12's fault table over real HTTP: the bot as its own process (`python -m bot`) against
the local Bot API stand-in (`bot/app/demo/bot_api.py`), which injects the faults (`Faults`: 5xx,
429 with `retry_after`, latency; on any method, and on getUpdates).

Companions behave as people do: a step with no answer within `patience_s` is repeated (at most
twice more); a Send without a receipt makes them start the report over (asked whether it is the
same visit, they say yes). Each row of the table is one round: every companion reports one of
their households while the fault lasts; then the faults stop, the bot catches up (its outbox
retries), and the round is counted as in the issue: stored, doubled, started over, error
notices, unanswered actions (a companion's update after which nothing reached their chat), and
the longest wait from a refused getUpdates to the next poll.

Then (`--refusals`, seconds watched, default 30) issue 20's rows: Telegram refusing a message for
good (400, 403) on each kind of send, see `bench/refusals_http.py`: each refused send tried once,
no "Telegram faltered" notice, the admin told once per cause.

Then (`--import-rows`, default 1,000,000) an admin's CSV of that many households is being read
when the bot gets SIGTERM: `stop_during_import` says how long the stop took (the unit's
TimeoutStopSec is 30 s) and whether the next start told the admin.

    python bench/faults_http.py [--companions 25] [--rows none,receipt_502,...] [--refusals 30] [--import-rows N]
                                [--db-url postgresql://…]

Progress on stderr; the last stdout line is one JSON object, a row per fault. `ratio` is the
reports stored over the reports made (1.0: nothing lost, nothing doubled). With `--db-url` the
fault rows and the stop during an import run a second time with the bot on PostgreSQL (the same
province copied into that database's Banten schema, dropped first), under "postgres".
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.http_load import keyboard_with  # noqa: E402
from bench.postgres import PROVINCE, add_db_url, copy_from_sqlite, drop_province  # noqa: E402
from bench.report_flow import phone_photo  # noqa: E402
from bench.synthetic import FIRST_COMPANION_TELEGRAM_ID, SyntheticProvince, populate  # noqa: E402
from bot.app.demo.bot_api import ApiCall, BotApiStandIn, ChatUser, Refusal, serve  # noqa: E402
from bot.texts import t  # noqa: E402
from storage.database import is_postgres_url  # noqa: E402
from storage.engines.postgres import numbered  # noqa: E402
from storage.national import province_schema  # noqa: E402

TOKEN = "7000000021:AABenchTokenForTheFaultStandIn000000"
ADMIN_ID = 4242
CONDITIONS = 5
RECEIPT = "Nomor laporan"
SAME_VISIT = "tetap laporan kunjungan"
NOTICES = (t("error.generic", "id"), t("error.telegram", "id")[:40])
TELEGRAM_NOTICE = NOTICES[1]
# What Telegram says when it refuses a call, by method ("*": any) and status.
DESCRIPTIONS = {
    ("*", 500): "Internal Server Error",
    ("*", 502): "Bad Gateway",
    ("*", 400): "Bad Request: chat not found",
    ("*", 403): "Forbidden: bot was blocked by the user",
    ("answerCallbackQuery", 400): "Bad Request: query is too old and response timeout expired or query ID is invalid",
}


@dataclass
class Rule:
    """A fault for calls of `method` ("*": any) to `chat_id` (None: any), `times` times."""

    method: str
    status: int = 0
    retry_after: int | None = None
    latency_s: float = 0.0
    times: int = 1
    chat_id: int | None = None
    row: str = ""


class Faults:
    """The stand-in's call gate: the first matching rule delays and/or refuses the call."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.row = ""  # the row whose rules are being added
        self.hits: Counter[str] = Counter()  # calls delayed or refused, by row
        self.poll_waits: list[float] = []  # seconds from a refused getUpdates to the next poll
        self._poll_refused_at: float | None = None

    def add(self, rule: Rule) -> None:
        rule.row = self.row
        self.rules.append(rule)

    def heal(self) -> None:
        self.rules.clear()

    async def __call__(self, call: ApiCall) -> Refusal | None:
        refusal = await self._refusal(call)
        if call.method == "getUpdates":
            now = time.monotonic()
            if self._poll_refused_at is not None:
                self.poll_waits.append(now - self._poll_refused_at)
            self._poll_refused_at = now if refusal is not None else None
        return refusal

    async def _refusal(self, call: ApiCall) -> Refusal | None:
        chat_id = chat_of(call)
        rule = next((r for r in self.rules if r.method in (call.method, "*") and r.chat_id in (None, chat_id)), None)
        if rule is None:
            return None
        rule.times -= 1
        if rule.times <= 0:
            self.rules.remove(rule)
        self.hits[rule.row] += 1
        if rule.latency_s:
            await asyncio.sleep(rule.latency_s)
        if not rule.status:
            return None
        if rule.status == 429:
            return Refusal.too_many_requests(rule.retry_after or 1)
        return Refusal(rule.status, DESCRIPTIONS.get((rule.method, rule.status)) or DESCRIPTIONS[("*", rule.status)])


def chat_of(call: ApiCall) -> int | None:
    """The chat a call goes to; for the answer to a press, the chat of whoever pressed (the
    stand-in's query ids start with it)."""
    if call.method == "answerCallbackQuery":
        return int(str(call.params.get("callback_query_id")).split("-")[0])
    return call.chat_id


@dataclass
class Fault:
    """A row of the table: `at_start` injects for the whole round, `before_send` for one
    companion just before they press Send."""

    name: str
    at_start: Callable[[Faults, list[int]], None] = lambda faults, chats: None
    before_send: Callable[[Faults, int], None] = lambda faults, chat_id: None


def table(retry_after: int, latency_s: float) -> dict[str, Fault]:
    """The issue's rows, with Telegram's `retry_after` and latency as given."""
    return {
        fault.name: fault
        for fault in (
            Fault("none"),
            Fault("receipt_502", before_send=lambda f, chat: f.add(Rule("sendMessage", 502, chat_id=chat))),
            Fault(
                "receipt_429x4",
                before_send=lambda f, chat: f.add(Rule("sendMessage", 429, retry_after, times=4, chat_id=chat)),
            ),
            Fault(
                "send_message_429",
                at_start=lambda f, chats: [
                    f.add(Rule("sendMessage", 429, retry_after, times=2, chat_id=chat)) for chat in chats
                ],
            ),
            Fault(
                "send_message_latency",
                at_start=lambda f, chats: f.add(Rule("sendMessage", latency_s=latency_s, times=10**6)),
            ),
            Fault("burst_500", before_send=lambda f, chat: f.add(Rule("sendMessage", 500, times=3, chat_id=chat))),
            Fault(
                "get_updates_429_502",
                at_start=lambda f, chats: [
                    f.add(Rule("getUpdates", 429, retry_after)),
                    f.add(Rule("getUpdates", 502, times=2)),
                ],
            ),
            # Issue 20: after a storm PTB waited up to 30 s between polls, and a 429's whole retry_after.
            Fault(
                "get_updates_storm",
                at_start=lambda f, chats: [
                    f.add(Rule("getUpdates", 429, 30)),
                    f.add(Rule("getUpdates", 502, times=4)),
                ],
            ),
        )
    }


@dataclass
class World:
    api: BotApiStandIn
    faults: Faults
    patience_s: float
    actions: list[tuple[int, int]] = field(default_factory=list)  # (chat id, calls before the action)
    started_over: Counter[int] = field(default_factory=Counter)  # by chat


def bot_messages_since(world: World, chat_id: int, since: int) -> list[ApiCall]:
    """What reached the chat since call `since`; a scheduled reminder answers nothing."""
    return [
        call
        for call in world.api.calls[since:]
        if call.status == 200
        and call.chat_id == chat_id
        and call.method.startswith(("send", "edit"))
        and "rep:start" not in json.dumps(call.params.get("reply_markup"))
    ]


async def step(
    world: World, user: ChatUser, act: Callable[[], object], done: Callable[[list[ApiCall]], bool]
) -> list[ApiCall]:
    """Act and wait for an answer that satisfies `done`; without one within patience, act again
    (three times in all). Returns what reached the chat since the first try."""
    first = len(world.api.calls)
    for _ in range(3):
        since = len(world.api.calls)
        world.actions.append((user.id, since))
        act()
        deadline = time.monotonic() + world.patience_s
        while (left := deadline - time.monotonic()) > 0:
            if done(bot_messages_since(world, user.id, since)):
                return bot_messages_since(world, user.id, first)
            await world.api.wait_for_change(world.api.version, min(left, 0.5))
    return bot_messages_since(world, user.id, first)


def texts(calls: list[ApiCall]) -> str:
    return "\n".join(str(call.params.get("text") or call.params.get("caption") or "") for call in calls)


async def one_report(
    world: World,
    fault: Fault,
    user: ChatUser,
    household: dict[str, Any],
    photo: bytes,
    *,
    live: bool = True,
    start_over: bool = True,
) -> None:
    """One report; a static location (`live=False`) flags it, so its coordinator is alerted.
    Without a receipt the companion starts over, unless `start_over` is False."""
    api = world.api
    chat = api.open_chat(user)

    def press(prefix: str, data: str) -> Callable[[], object]:
        return lambda: api.press(user, keyboard_with(chat, prefix) or chat.messages[-1].message_id, data)

    def keyboard(prefix: str, before: int | None = None) -> Callable[[list[ApiCall]], bool]:
        return lambda calls: bool(calls) and keyboard_with(chat, prefix) not in (None, before)

    def sent(calls: list[ApiCall]) -> bool:
        return bool(calls)

    for attempt in range(2):
        await step(world, user, lambda: api.send_text(user, "/lapor"), sent)
        before = keyboard_with(chat, "rep:h:")
        await step(
            world,
            user,
            lambda: api.send_location(
                user,
                household["latitude"] + 0.0001,
                household["longitude"],
                live_period=3600 if live else None,
                accuracy=8,
            ),
            keyboard("rep:h:", before),
        )
        await step(world, user, press("rep:h:", f"rep:h:{household['id']}"), sent)
        await step(world, user, lambda: api.send_photo(user, photo), keyboard("rep:pd"))
        await step(world, user, press("rep:pd", "rep:pd"), keyboard("rep:c:"))
        for index in range(CONDITIONS):
            await step(world, user, press("rep:c:", f"rep:c:{index}"), sent)
        await step(world, user, press("rep:cd", "rep:cd"), sent)
        await step(world, user, lambda: api.send_text(user, "Kondisi keluarga baik."), keyboard("rep:send"))
        if attempt == 0:
            world.faults.row = fault.name
            fault.before_send(world.faults, user.id)
        answers = await step(
            world,
            user,
            press("rep:send", "rep:send"),
            lambda calls: RECEIPT in texts(calls) or keyboard_with(chat, "rep:same") is not None,
        )
        if keyboard_with(chat, "rep:same") is not None and RECEIPT not in texts(answers):
            answers = await step(world, user, press("rep:same", "rep:same"), lambda calls: SAME_VISIT in texts(calls))
        if RECEIPT in texts(answers) or SAME_VISIT in texts(answers) or not start_over:
            return
        world.started_over[user.id] += 1


async def peek(db: Path | str, sql: str, *params: Any) -> tuple[Any, ...]:
    """One row the bot (another process) has stored, in its SQLite file or its PostgreSQL schema."""
    if is_postgres_url(db):
        conn = await asyncpg.connect(str(db), server_settings={"search_path": province_schema(PROVINCE)})
        try:
            return tuple(await conn.fetchrow(numbered(sql), *params))
        finally:
            await conn.close()
    with sqlite3.connect(db) as sqlite:
        return tuple(sqlite.execute(sql, params).fetchone())


async def pending_outbox(db: Path | str) -> int:
    return int((await peek(db, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'"))[0])


async def stored(db: Path | str, households: list[int]) -> tuple[int, int]:
    """(reports stored for these households, distinct households among them)."""
    marks = ",".join("?" * len(households))
    sql = f"SELECT COUNT(*), COUNT(DISTINCT household_id) FROM visits WHERE household_id IN ({marks})"
    row = await peek(db, sql, *households)
    return int(row[0]), int(row[1])


def companions_with_households(db: Path, count: int, rounds: int) -> list[tuple[ChatUser, list[dict[str, Any]]]]:
    """`count` companions, each with `rounds` of their households (one per round)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    people = []
    for companion in conn.execute(
        "SELECT companion_id FROM households GROUP BY companion_id HAVING COUNT(*) >= ? ORDER BY companion_id LIMIT ?",
        (rounds, count),
    ).fetchall():
        households = conn.execute(
            "SELECT * FROM households WHERE companion_id = ? ORDER BY id LIMIT ?", (companion[0], rounds)
        ).fetchall()
        user = ChatUser(FIRST_COMPANION_TELEGRAM_ID + companion[0] - 1, "Pendamping")
        people.append((user, [dict(row) for row in households]))
    conn.close()
    return people


async def settle(world: World, db: Path | str, quiet_s: float, timeout_s: float) -> None:
    """Until the outbox is empty and nothing reached any chat for `quiet_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        version = world.api.version
        await asyncio.sleep(quiet_s)
        if world.api.version == version and await pending_outbox(db) == 0:
            return


async def run_rows(
    folder: Path,
    rows: list[Fault],
    companions: int,
    *,
    patience_s: float,
    settle_s: float = 2.0,
    together: bool = False,
    log: Callable[[str], None] = lambda line: None,
    db_url: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Run each row with the bot as its own process; the counts of each row. `together` runs
    the rows at the same time, each with companions of its own (faster; a fault on every chat
    or on getUpdates then reaches the other rows' companions too). With `db_url` the bot keeps
    its data on that PostgreSQL database (the province copied there first)."""
    file = folder / "bot.db"
    groups = len(rows) if together else 1
    everyone = max(companions * groups, 8)  # the synthetic province has a companion in each of its 8 regions
    province = SyntheticProvince(everyone * len(rows) * 8, companion_count=everyone)
    await asyncio.to_thread(populate, province, file)  # it runs its own event loop
    people = companions_with_households(file, companions * groups, len(rows))
    db: Path | str = file
    if db_url:
        await copy_from_sqlite(file, db_url)
        db = db_url
    assert len(people) == companions * groups, "every companion needs a household for each row"
    if together:
        rounds = [
            [(fault, people[index * companions : (index + 1) * companions], 0) for index, fault in enumerate(rows)]
        ]
    else:
        rounds = [[(fault, people, number)] for number, fault in enumerate(rows)]
    faults = Faults()
    api = BotApiStandIn(TOKEN)
    api.gate = faults
    api.updates_gate = faults
    results: dict[str, dict[str, Any]] = {}
    async with serve(api) as root:
        process = await start_bot(folder, api, root, {"JAMSOSRATU__DATABASE__URL": str(db)})
        try:
            for round_ in rounds:
                world = World(api, faults, patience_s)
                calls_before = len(api.calls)
                faults.poll_waits.clear()
                for fault, group, _ in round_:
                    faults.row = fault.name
                    fault.at_start(faults, [user.id for user, _ in group])
                await asyncio.gather(
                    *(
                        one_report(world, fault, user, households[number], phone_photo(user.id * 10 + number))
                        for fault, group, number in round_
                        for user, households in group
                    )
                )
                faults.heal()
                await settle(world, db, settle_s, timeout_s=120)
                for fault, group, number in round_:
                    chats = {user.id for user, _ in group}
                    households = [households[number]["id"] for _, households in group]
                    results[fault.name] = await count(world, db, households, chats, calls_before) | {
                        "faults_hit": faults.hits[fault.name],
                        "longest_poll_wait_s": round(max(faults.poll_waits, default=0.0), 1),
                    }
                    log(f"{fault.name}: {results[fault.name]}")
        finally:
            await stop_bot(process)
    return results


async def start_bot(
    folder: Path, api: BotApiStandIn, root: str, environment: dict[str, str]
) -> asyncio.subprocess.Process:
    """`python -m bot` against the stand-in at `root`, its database (unless `environment` names
    another) and photos in `folder`, its log appended to folder/bot.log."""
    base_url, base_file_url = api.urls(root)
    env = {key: value for key, value in os.environ.items() if not key.startswith("JAMSOSRATU__")}
    env |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "PYTHONPATH": str(ROOT),
        "JAMSOSRATU__DATABASE__URL": str(folder / "bot.db"),
        "JAMSOSRATU__STORAGE__PHOTO_DIR": str(folder / "photos"),
        "JAMSOSRATU__TELEGRAM__BASE_URL": base_url,
        "JAMSOSRATU__TELEGRAM__BASE_FILE_URL": base_file_url,
        "JAMSOSRATU__TELEGRAM__POLL_TIMEOUT_S": "5",
        "JAMSOSRATU__DELIVERY__RETRY_BACKOFF_S": "[1, 2, 4]",
        "JAMSOSRATU__LOGGING__LEVEL": "WARNING",
        **environment,
    }
    with (folder / "bot.log").open("a") as bot_log:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=ROOT, env=env, stdout=bot_log, stderr=bot_log
        )


async def stop_bot(process: asyncio.subprocess.Process) -> float:
    """SIGTERM, as systemd stops the unit; the seconds until the process is gone."""
    started = time.monotonic()
    if process.returncode is None:
        process.terminate()
    await asyncio.wait_for(process.wait(), 60)
    return time.monotonic() - started


async def answer_to(api: BotApiStandIn, chat_id: int, text: str, timeout_s: float) -> bool:
    """Wait until a message containing `text` reached the chat."""
    deadline = time.monotonic() + timeout_s
    while (left := deadline - time.monotonic()) > 0:
        if any(text in texts([call]) for call in api.calls if call.status == 200 and call.chat_id == chat_id):
            return True
        await api.wait_for_change(api.version, min(left, 0.5))
    return False


async def staged_rows(db: Path | str) -> int:
    return int((await peek(db, "SELECT COUNT(*) FROM import_rows"))[0])


def household_csv(rows: int) -> bytes:
    lines = ["id_dtks,nama_kepala,kode_wilayah"]
    lines += [f"3604{number:012d},Siti Aminah,3604" for number in range(1, rows + 1)]
    return ("\n".join(lines) + "\n").encode()


async def stop_during_import(
    folder: Path, rows: int, log: Callable[[str], None] = lambda line: None, db_url: str | None = None
) -> dict[str, Any]:
    """An admin's file of `rows` households is being read when the bot gets SIGTERM: how long
    the stop takes, and what the admin is told at the next start (on `db_url`'s Banten schema,
    made anew, when given)."""
    admin = ChatUser(ADMIN_ID, "Admin")
    api = BotApiStandIn(TOKEN)
    db: Path | str = folder / "bot.db"
    if db_url:
        await drop_province(db_url)
        db = db_url
    environment = {
        "JAMSOSRATU__ADMINS__BOOTSTRAP_USER_IDS": f"[{ADMIN_ID}]",
        "JAMSOSRATU__REGISTRY__IMPORT_MAX_MB": "500",
        "JAMSOSRATU__DATABASE__URL": str(db),
    }
    content = household_csv(rows)
    async with serve(api) as root:
        process = await start_bot(folder, api, root, environment)
        try:
            api.send_text(admin, "/start")
            assert await answer_to(api, admin.id, "", 60), "the bot answers"
            api.send_document(admin, content, "kpm-besar.csv", "text/csv")
            deadline = time.monotonic() + 120
            # Until the first rows are staged: the file is being read (another process's database).
            while await staged_rows(db) == 0 and time.monotonic() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            log(f"{len(content) / 2**20:.0f} MB file being read; SIGTERM")
            stop_s = await stop_bot(process)
            exit_code = process.returncode
            process = await start_bot(folder, api, root, environment)
            told = await answer_to(api, admin.id, "saat memeriksa kpm-besar.csv", 60)
        finally:
            await stop_bot(process)
    return {
        "rows": rows,
        "file_mb": round(len(content) / 2**20, 1),
        "stop_s": round(stop_s, 2),
        "exit_code": exit_code,
        "told_after_restart": told,
        # Had the stop waited for the check to end, the dry run would have been answered.
        "checked_to_the_end": any("Hasil pemeriksaan" in texts([call]) for call in api.calls if call.status == 200),
        "staged_rows_left": await staged_rows(db),
    }


async def count(
    world: World, db: Path | str, households: list[int], chats: set[int], calls_before: int
) -> dict[str, int]:
    reports, distinct = await stored(db, households)
    delivered = [
        call
        for call in world.api.calls[calls_before:]
        if call.status == 200 and call.chat_id in chats and call.method.startswith(("send", "edit"))
    ]
    notices = Counter(
        call.chat_id for call in delivered if any(notice in str(call.params.get("text", "")) for notice in NOTICES)
    )
    actions = [(chat_id, since) for chat_id, since in world.actions if chat_id in chats]
    return {
        "stored": reports,
        "doubled": reports - distinct,
        "started_over": sum(world.started_over[chat_id] for chat_id in chats),
        "error_notices": sum(notices.values()),
        "most_notices_one_companion": max(notices.values(), default=0),
        "unanswered": sum(1 for chat_id, since in actions if not bot_messages_since(world, chat_id, since)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companions", type=int, default=25)
    parser.add_argument("--rows", default=",".join(table(3, 7)))
    parser.add_argument("--patience", type=float, default=10.0, help="seconds a companion waits for an answer")
    parser.add_argument("--import-rows", type=int, default=1_000_000, help="rows of the file read at SIGTERM (0: skip)")
    parser.add_argument("--refusals", type=float, default=30.0, help="seconds watching refused sends (0: skip)")
    add_db_url(parser)
    args = parser.parse_args()
    faults = table(retry_after=3, latency_s=7)
    rows = [faults[name] for name in args.rows.split(",") if name]
    started = time.perf_counter()

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    figures: dict[str, Any] = {"companions": args.companions}
    backends: list[tuple[dict[str, Any], str | None]] = [(figures, None)]
    if args.db_url:
        figures["postgres"] = {}
        backends.append((figures["postgres"], args.db_url))
    for into, db_url in backends:
        with tempfile.TemporaryDirectory(prefix="bench-faults-") as folder:
            if rows:
                results = asyncio.run(
                    run_rows(Path(folder), rows, args.companions, patience_s=args.patience, log=log, db_url=db_url)
                )
                into["rows"] = results
                into["ratio"] = round(sum(row["stored"] for row in results.values()) / (args.companions * len(rows)), 3)
        if args.import_rows:
            with tempfile.TemporaryDirectory(prefix="bench-stop-") as folder:
                into["stop_during_import"] = asyncio.run(
                    stop_during_import(Path(folder), args.import_rows, log, db_url)
                )
                log(f"stop during import: {into['stop_during_import']}")
    if args.refusals:
        from bench.refusals_http import run_refusals  # it builds on this module

        with tempfile.TemporaryDirectory(prefix="bench-refusals-") as folder:
            figures["refusals"] = asyncio.run(
                run_refusals(Path(folder), patience_s=args.patience, watch_s=args.refusals, log=log)
            )
            log(f"refusals: {figures['refusals']}")
    figures["seconds"] = round(time.perf_counter() - started)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
