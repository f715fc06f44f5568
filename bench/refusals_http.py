"""Issue 20's rows of the fault table over real HTTP: Telegram refusing a message for good (400
"chat not found", 403 "bot was blocked by the user", 400 "query is too old" for the answer to a
press) on each kind of send, with the bot as its own process (`python -m bot`) against the local
Bot API stand-in. `bench/faults_http.py` runs it after the transient faults.

Each row has its own people in a small synthetic province:
- receipt: a companion reports; from Send on, Telegram refuses every message to them;
- alert: a companion reports with a static location (flagged); the alert to the coordinator of
  their region is refused;
- reminder: the reminder round at start (the catch-up) is refused for one companion;
- digest_file: the weekly digest at start (scheduled daily here, so the catch-up sends it): its
  workbook is refused for one coordinator;
- review_answer: a coordinator presses "accept" on an alert; the answer to the press is refused.

Then the bot runs on for `watch_s` (alert rounds every 5 s, outbox retries after 1, 2, 4 s), and
each row is counted: `tries` of the refused send (target 1: never retried), `misleading_notices`
("Telegram sempat terganggu" sent or tried in the row's chats, target 0), `stored` (the report or
review the send was about). And for the admin: `refusal_notices` (target: one per cause, not per
message) and `blocked_notices` (a 403 on a scheduled send: who blocked the bot, per job).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.faults_http import (
    ADMIN_ID,
    RECEIPT,
    TELEGRAM_NOTICE,
    TOKEN,
    Fault,
    Faults,
    Rule,
    World,
    chat_of,
    one_report,
    start_bot,
    stop_bot,
    texts,
)
from bench.http_load import keyboard_with
from bench.report_flow import phone_photo
from bench.synthetic import SyntheticProvince, populate
from bot.app.demo.bot_api import ApiCall, BotApiStandIn, ChatUser, serve

KINDS = ("receipt", "alert", "reminder", "digest_file", "review_answer")
STATUSES = (400, 403)
FIRST_COORDINATOR_ID = 600_000_000
REFUSED_FOR_GOOD = 10**6  # a refusal lasts: "chat not found" stays so


@dataclass
class Row:
    """One row's people: who gets the refused send, who reports (if anyone), their household."""

    kind: str
    status: int
    recipient: ChatUser
    reporter: ChatUser | None = None
    household: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        return f"{self.kind}_{self.status}"

    def refused_send(self, call: ApiCall) -> bool:
        """Whether `call` is (a try of) the send this row refuses."""
        if chat_of(call) != self.recipient.id:
            return False
        text = texts([call])
        return {
            "receipt": call.method == "sendMessage" and RECEIPT in text,
            "alert": call.method == "sendMessage" and "ditandai" in text,
            "reminder": call.method == "sendMessage" and "perlu dikunjungi" in text,
            "digest_file": call.method == "sendDocument",
            "review_answer": call.method == "answerCallbackQuery",
        }[self.kind]


def cast(db: Path, statuses: tuple[int, ...]) -> list[Row]:
    """The people of every row, added to the database: companions from the synthetic province (those
    of the alert and review rows in regions of their own, with a coordinator each), a coordinator
    of yet another region for each digest row."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    companions = conn.execute(
        "SELECT p.id, p.telegram_user_id, r.region_code FROM people p JOIN person_regions r ON r.person_id = p.id"
        " WHERE p.role = 'companion' ORDER BY p.id"
    ).fetchall()
    by_region: dict[str, list[sqlite3.Row]] = {}
    for companion in companions:
        by_region.setdefault(companion["region_code"], []).append(companion)
    regions = list(by_region)
    rows: list[Row] = []
    coordinators: list[tuple[int, str]] = []

    def household_of(companion_id: int) -> dict[str, Any]:
        return dict(conn.execute("SELECT * FROM households WHERE companion_id = ? LIMIT 1", (companion_id,)).fetchone())

    def coordinator(region: str) -> ChatUser:
        coordinators.append((FIRST_COORDINATOR_ID + len(coordinators), region))
        return ChatUser(coordinators[-1][0], "Koordinator")

    spare = [c for region in regions[len(statuses) * 2 :] for c in by_region[region]]
    for number, status in enumerate(statuses):
        alert_region, review_region = regions[number * 2], regions[number * 2 + 1]
        receipt, reminder = spare[number * 2], spare[number * 2 + 1]
        for kind, companion, region in (
            ("alert", by_region[alert_region][0], alert_region),
            ("review_answer", by_region[review_region][0], review_region),
        ):
            reporter = ChatUser(companion["telegram_user_id"], "Pendamping")
            rows.append(Row(kind, status, coordinator(region), reporter, household_of(companion["id"])))
        rows.append(
            Row(
                "receipt",
                status,
                ChatUser(receipt["telegram_user_id"], "Pendamping"),
                household=household_of(receipt["id"]),
            )
        )
        rows.append(Row("reminder", status, ChatUser(reminder["telegram_user_id"], "Pendamping")))
        rows.append(Row("digest_file", status, coordinator(regions[-1 - number])))
    with conn:
        for telegram_id, region in coordinators:
            cursor = conn.execute(
                "INSERT INTO people (telegram_user_id, full_name, role, created_at, updated_at)"
                " VALUES (?, ?, 'coordinator', 0, 0)",
                (telegram_id, f"Koordinator {telegram_id}"),
            )
            conn.execute(
                "INSERT INTO person_regions (person_id, region_code) VALUES (?, ?)", (cursor.lastrowid, region)
            )
    conn.close()
    return rows


async def until(check: Callable[[], bool], api: BotApiStandIn, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not check():
        if (left := deadline - time.monotonic()) <= 0:
            return False
        await api.wait_for_change(api.version, min(left, 0.5))
    return True


def review_status(db: Path, household_id: int) -> str | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT review_status FROM visits WHERE household_id = ?", (household_id,)).fetchone()
    return None if row is None else row[0]


def reports_of(db: Path, household_id: int) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM visits WHERE household_id = ?", (household_id,)).fetchone()[0])


async def review(world: World, row: Row, db: Path, patience_s: float) -> None:
    """The row's coordinator presses "accept" under the alert; Telegram refuses the answer to the press."""
    api, coordinator = world.api, row.recipient
    chat = api.open_chat(coordinator)
    if not await until(lambda: keyboard_with(chat, "rev:a:") is not None, api, 30):
        return
    message_id = keyboard_with(chat, "rev:a:")
    assert message_id is not None
    buttons = [b for line in chat.message(message_id).inline_keyboard or [] for b in line]
    accept = next(str(b["callback_data"]) for b in buttons if str(b.get("callback_data", "")).startswith("rev:a:"))
    world.faults.row = row.name
    world.faults.add(Rule("answerCallbackQuery", row.status, times=REFUSED_FOR_GOOD, chat_id=coordinator.id))
    api.press(coordinator, message_id, accept)
    assert row.household is not None
    await until(lambda: review_status(db, row.household["id"]) is not None, api, patience_s * 3)


async def run_refusals(
    folder: Path,
    statuses: tuple[int, ...] = STATUSES,
    *,
    patience_s: float,
    watch_s: float,
    log: Callable[[str], None] = lambda line: None,
) -> dict[str, Any]:
    """Every kind of send refused with each of `statuses`, in one run of the bot; the counts."""
    db = folder / "bot.db"
    await asyncio.to_thread(populate, SyntheticProvince(2000, companion_count=16), db)
    rows = cast(db, statuses)
    faults = Faults()
    api = BotApiStandIn(TOKEN)
    api.gate = faults
    with sqlite3.connect(db) as conn:  # everyone has opened the bot (the stand-in refuses unknown chats)
        for (telegram_id,) in conn.execute("SELECT telegram_user_id FROM people"):
            api.open_chat(ChatUser(telegram_id, "Pengguna"))
    for row in rows:  # what is sent at start: the catch-up's reminders and digests
        faults.row = row.name
        if row.kind == "reminder":
            faults.add(Rule("sendMessage", row.status, times=REFUSED_FOR_GOOD, chat_id=row.recipient.id))
        if row.kind == "digest_file":
            faults.add(Rule("sendDocument", row.status, times=REFUSED_FOR_GOOD, chat_id=row.recipient.id))
    environment = {
        "JAMSOSRATU__ADMINS__BOOTSTRAP_USER_IDS": f"[{ADMIN_ID}]",
        "JAMSOSRATU__SCHEDULES__ALERTS_EVERY_S": "5",
        "JAMSOSRATU__SCHEDULES__WEEKLY_DIGEST": "daily 00:00",
        "JAMSOSRATU__REMINDERS__QUIET_HOURS": "null",
    }
    admin = ChatUser(ADMIN_ID, "Admin")
    async with serve(api) as root:
        process = await start_bot(folder, api, root, environment)
        try:
            api.send_text(admin, "/start")
            await until(lambda: any(call.chat_id == ADMIN_ID for call in api.calls), api, 60)
            # The catch-up's digests have gone (the chart is their last message) before the alerts are refused.
            digested = [row.recipient.id for row in rows if row.kind in ("alert", "review_answer")]
            await until(
                lambda: all(any(c.chat_id == i and c.method == "sendPhoto" for c in api.calls) for i in digested),
                api,
                60,
            )
            log("started; reminders and digests sent")
            world = World(api, faults, patience_s)
            for row in rows:
                if row.kind == "alert":
                    faults.row = row.name
                    faults.add(Rule("sendMessage", row.status, times=REFUSED_FOR_GOOD, chat_id=row.recipient.id))

            def refuse_from_send(row: Row) -> Fault:
                def refuse(f: Faults, chat: int) -> None:
                    f.add(Rule("sendMessage", row.status, times=REFUSED_FOR_GOOD, chat_id=chat))

                return Fault(row.name, before_send=refuse)

            reporting = [
                one_report(
                    world,
                    refuse_from_send(row) if row.kind == "receipt" else Fault(row.name),
                    row.reporter or row.recipient,
                    row.household,
                    phone_photo(row.recipient.id),
                    live=row.kind == "receipt",
                    start_over=False,
                )
                for row in rows
                if row.household is not None
            ]
            await asyncio.gather(*reporting)
            log("reported")
            await asyncio.gather(*(review(world, row, db, patience_s) for row in rows if row.kind == "review_answer"))
            log(f"reviewed; watching for {watch_s:.0f} s")
            await asyncio.sleep(watch_s)
        finally:
            await stop_bot(process)
    return count(api, db, rows, faults)


def count(api: BotApiStandIn, db: Path, rows: list[Row], faults: Faults) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for row in rows:
        chats = {row.recipient.id} | ({row.reporter.id} if row.reporter else set())
        stored: bool | None = None
        if row.kind == "receipt" and row.household is not None:
            stored = reports_of(db, row.household["id"]) == 1
        if row.kind == "review_answer" and row.household is not None:
            stored = review_status(db, row.household["id"]) == "accepted"
        results[row.name] = {
            "tries": sum(1 for call in api.calls if row.refused_send(call)),
            "misleading_notices": sum(
                1 for call in api.calls if chat_of(call) in chats and TELEGRAM_NOTICE in texts([call])
            ),
            "stored": stored,
            "faults_hit": faults.hits[row.name],
        }
    to_admin = [texts([call]) for call in api.calls if call.chat_id == ADMIN_ID and call.status == 200]
    results["admin"] = {
        "refusal_notices": sum(1 for text in to_admin if "Telegram menolak" in text),
        "blocked_notices": sum(1 for text in to_admin if "memblokir bot" in text),
    }
    return results
