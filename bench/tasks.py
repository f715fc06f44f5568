"""A task to every companion of the province, measured over real HTTP (issue 22).

The bot runs as its own process (`python -m bot`) against the local Bot API stand-in with
Telegram's 429 limits (`bench/http_load.py`'s `TelegramLimits`; `--overall 30` is Telegram's
limit on all messages). An admin gives a task to every companion (/tugas baru, text, "every
companion", no households, no due date, Kirim) while `--reporting` companions make a visit
report at a human pace (1–4 s between steps). Measured:

- `delivery_s`: from Kirim to the last companion's task message (with its ✅ Siap button);
- `step_p95_ms_during`: the reporting companions' step latency meanwhile (photo steps apart, as
  in `bench/http_load.py`), against `step_p95_ms_baseline`, the same companions' reports just
  before, with no task going out;
- `progress_p95_ms`: the admin's `/tugas <number>` for a task of 10,000 households (given
  through /tugas with a CSV of their DTKS ids), its progress and what is left.

250 companions do not all report in the same seconds: a working day of theirs is ~32,000
report steps (250 × 10 reports × 13 steps) in 8 hours, about one a second; `--reporting 10` at a
human pace is ~4 a second, a busy peak.

    python bench/tasks.py [--households 645000] [--reporting 10] [--overall 30] [--db-cache DIR]

Progress on stderr; the last stdout line is JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.http_load import (  # noqa: E402
    TOKEN,
    Run,
    TelegramLimits,
    bot_env,
    compile_bot,
    keyboard_with,
    prepared_database,
    python_of,
    reporters,
    reports,
    sends,
    step,
)
from bench.report_flow import percentile, phone_photo  # noqa: E402
from bot.app.demo.bot_api import BotApiStandIn, ChatUser, serve  # noqa: E402

ADMIN = ChatUser(400_000_001, "Admin")
TASK_HOUSEHOLDS = 10_000
PROGRESS_ASKS = 20
DELIVERY_TIMEOUT_S = 120.0


def has_task(api: BotApiStandIn, chat_id: int, task_id: int) -> bool:
    """Whether the chat holds the task's message (its ✅ Siap button)."""
    data = f"ack:{task_id}"
    return any(
        button.get("callback_data") == data
        for message in api.chat(chat_id).messages
        if message.from_bot
        for row in message.inline_keyboard or []
        for button in row
    )


async def watch_delivery(api: BotApiStandIn, recipients: list[int], task_id: int) -> dict[int, float]:
    """When each recipient's chat first held the task (polled every 10 ms)."""
    arrived: dict[int, float] = {}
    deadline = time.monotonic() + DELIVERY_TIMEOUT_S
    while len(arrived) < len(recipients) and time.monotonic() < deadline:
        for chat_id in recipients:
            if chat_id not in arrived and has_task(api, chat_id, task_id):
                arrived[chat_id] = time.monotonic()
        await asyncio.sleep(0.01)
    return arrived


async def give_task(run: Run, text: str, audience: str, households: bytes | None = None) -> None:
    """The admin's /tugas up to the preview: text, audience, households (a CSV) or none, no due date."""
    api, chat = run.api, run.api.open_chat(ADMIN)

    def press(prefix: str, data: str) -> Any:
        return lambda: api.press(ADMIN, keyboard_with(chat, prefix) or 0, data)

    await step(run, ADMIN, "tugas", lambda: api.send_text(ADMIN, "/tugas baru"), sends)
    await step(run, ADMIN, "text", lambda: api.send_text(ADMIN, text), sends)
    await step(run, ADMIN, "audience", press("task:au:", f"task:au:{audience}"), sends)
    if households is None:
        await step(run, ADMIN, "skip", press("task:skip", "task:skip"), sends)
    else:
        upload = lambda: api.send_document(ADMIN, households, "kpm.csv", "text/csv")  # noqa: E731
        await step(run, ADMIN, "households", upload, lambda calls: keyboard_with(chat, "task:nodue") is not None)
    await step(
        run, ADMIN, "due", press("task:nodue", "task:nodue"), lambda calls: keyboard_with(chat, "task:send") is not None
    )


def stored(api: BotApiStandIn, task_id: int) -> bool:
    """Whether the admin was told the task is stored (the journey's last answer)."""
    return any(f"#{task_id} disimpan" in (message.html or "") for message in api.chat(ADMIN.id).messages)


def non_photo_p95(run: Run) -> float:
    return round(percentile([ms for name, values in run.timings.items() if name != "photo" for ms in values], 0.95), 1)


def task_households(db: Path) -> bytes:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT dtks_id FROM households ORDER BY id LIMIT ?", (TASK_HOUSEHOLDS,)).fetchall()
    finally:
        conn.close()
    return ("id_dtks\n" + "".join(f"{row[0]}\n" for row in rows)).encode()


async def measure(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    db = folder / "bot.db"
    people, everyone = reporters(db, args.reporting)
    companions = [telegram_id for telegram_id in everyone if telegram_id != ADMIN.id]
    limits = TelegramLimits(args.overall)
    api = BotApiStandIn(TOKEN)
    api.gate = limits
    for telegram_id in everyone:
        api.open_chat(ChatUser(telegram_id, "Pengguna"))
    result: dict[str, Any] = {}
    async with serve(api) as root:
        base_url, base_file_url = api.urls(root)
        env = bot_env(
            ROOT,
            TELEGRAM_BOT_TOKEN=TOKEN,
            JAMSOSRATU__DATABASE__PATH=str(db),
            JAMSOSRATU__STORAGE__PHOTO_DIR=str(folder / "photos"),
            JAMSOSRATU__TELEGRAM__BASE_URL=base_url,
            JAMSOSRATU__TELEGRAM__BASE_FILE_URL=base_file_url,
            JAMSOSRATU__LOGGING__LEVEL="WARNING",
            JAMSOSRATU__ADMINS__BOOTSTRAP_USER_IDS=f"[{ADMIN.id}]",
            # Nothing else in the scheduled lane, whatever the hour the bench runs at.
            JAMSOSRATU__SCHEDULES__CATCH_UP_GRACE_DAYS="0",
            JAMSOSRATU__REMINDERS__QUIET_HOURS="null",
        )
        process = await asyncio.create_subprocess_exec(python_of(ROOT), "-m", "bot", cwd=ROOT, env=env)
        try:
            rng = random.Random(22)
            admin = Run(limits, api, (0, 0), rng)
            await step(admin, ADMIN, "first_reply", lambda: api.send_text(ADMIN, "/bantuan"), sends)

            baseline = Run(limits, api, (1.0, 4.0), rng)
            await reports(baseline, people, [phone_photo(user.id * 2) for user, _ in people], 0)
            result["step_p95_ms_baseline"] = non_photo_p95(baseline)
            print(
                f"baseline: {baseline.updates} report steps, p95 {result['step_p95_ms_baseline']} ms", file=sys.stderr
            )

            await give_task(admin, "Rapat koordinasi hari Senin pukul 09.00 di kantor Dinas Sosial.", "scope")
            chat = api.chat(ADMIN.id)
            during = Run(limits, api, (1.0, 4.0), rng)
            kirim = time.monotonic()
            api.press(ADMIN, keyboard_with(chat, "task:send") or 0, "task:send")
            arrived, _ = await asyncio.gather(
                watch_delivery(api, companions, 1),
                reports(during, people, [phone_photo(user.id * 2 + 1) for user, _ in people], 1),
            )
            result["recipients"] = len(companions)
            result["delivered"] = len(arrived)
            result["delivery_s"] = round(max(arrived.values()) - kirim, 2) if arrived else None
            result["first_delivery_s"] = round(min(arrived.values()) - kirim, 2) if arrived else None
            result["step_p95_ms_during"] = non_photo_p95(during)
            result["step_errors"] = len(baseline.errors) + len(during.errors)
            print(f"delivered {len(arrived)} of {len(companions)} in {result['delivery_s']} s", file=sys.stderr)

            await give_task(admin, "Pendataan ulang KPM berikut.", "households", task_households(db))
            kirim_again = lambda: api.press(ADMIN, keyboard_with(chat, "task:send") or 0, "task:send")  # noqa: E731
            await step(admin, ADMIN, "kirim", kirim_again, lambda calls: stored(api, 2))
            # A second or two apart, as a person asks, once the chat's own pace (a message a
            # second, short bursts) has room again after the journey's answers: not measured.
            await asyncio.sleep(3)
            asks = Run(limits, api, (1.0, 2.0), rng)
            for _ in range(PROGRESS_ASKS):
                await step(asks, ADMIN, "progress", lambda: api.send_text(ADMIN, "/tugas 2"), sends)
            result["progress_p50_ms"] = round(statistics.median(asks.timings["progress"]), 1)
            result["progress_p95_ms"] = round(percentile(asks.timings["progress"], 0.95), 1)
            result["throttled_429"] = limits.throttled
        finally:
            process.terminate()
            await asyncio.wait_for(process.wait(), 30)
    result["ratio"] = round(result["step_p95_ms_during"] / result["step_p95_ms_baseline"], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=645_000)
    parser.add_argument("--reporting", type=int, default=10, help="companions reporting while the task goes out")
    parser.add_argument("--overall", type=int, default=30, help="429 beyond this many messages a second in all")
    parser.add_argument("--db-cache", default=None, help="folder keeping built databases between runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        prepared_database(ROOT, args.households, Path(args.db_cache) if args.db_cache else None, folder / "bot.db")
        compile_bot(ROOT)
        result: dict[str, Any] = {"households": args.households, "reporting": args.reporting, "overall": args.overall}
        result |= asyncio.run(measure(args, folder))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
