"""Many companions reporting at once through the real Application (issue 4).

250 companions of the synthetic province each complete a visit report concurrently — /lapor,
live location, household, photo, conditions, note, Send — through the real Application on
a fake Bot API (tests/support/harness.py). At the same time, in the same event loop, a bare PTB echo
bot answers 250 users' text messages on the same kind of fake API: the baseline. Running
both together gives them the same machine: on a shared machine, an echo bot measured alone
took 0.17–0.48 ms per update from one run to the next, depending on how idle it was.

Each simulated person pauses between steps (`--think`, seconds, random in the range), as a
companion tapping through the report does; the echo users pause the same way. Telegram's own
send limit (AIORateLimiter in the bot) is switched off, so the figures measure the bot's
processing, not the throttling of a real server. Both bots are timed from the start of
their handling of an update to its end (not the building of the update).

    python bench/report_flow.py [--size 645000] [--companions 250] [--think 1 4]

Progress goes to stderr; the last stdout line is one JSON object with p50/p95 per step,
`photo_p95_ms` (download, hashing, storing), and `ratio` = the bot's median processing time
per non-photo update / the echo bot's median. `foundation_ratio` is the same for /bantuan
(no report code at all): the floor the foundation's per-update work sets. `bare_toggle_ratio`
is the same for a third bare PTB bot, running alongside, that does only what a condition
toggle must do (answer the press, redraw the keyboard): the floor PTB itself sets for the
report's most frequent update.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bench.synthetic import FIRST_COMPANION_TELEGRAM_ID, PROVINCE_HOUSEHOLDS, SyntheticProvince, populate  # noqa: E402
from handlers.report import keyboards as report_keyboards  # noqa: E402
from tests.support.harness import TEST_TOKEN, BotHarness, BotResponse, FakeBotApi, FakeUser  # noqa: E402

BARE_UPDATES_PER_USER = 10
BARE_UPDATE_IDS = itertools.count(1)
FLOOR_UPDATES_PER_USER = 4


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def phone_photo(seed: int) -> bytes:
    """A photo-sized JPEG (800×600, ~100 kB), different for every companion."""
    rng = random.Random(seed)
    small = Image.frombytes("RGB", (100, 75), rng.randbytes(100 * 75 * 3))
    out = io.BytesIO()
    small.resize((800, 600), Image.Resampling.BICUBIC).save(out, "JPEG", quality=85)
    return out.getvalue()


class Pacing:
    """Pauses between a person's steps."""

    def __init__(self, low: float, high: float, seed: int) -> None:
        self._low, self._high, self._rng = low, high, random.Random(seed)

    async def pause(self) -> None:
        await asyncio.sleep(self._rng.uniform(self._low, self._high))


PACING: Pacing = Pacing(0, 0, 0)


async def timed(step: str, timings: dict[str, list[float]], call: Awaitable[BotResponse]) -> BotResponse:
    await PACING.pause()
    response = await call
    # The Application's handling only, as for the echo bot: not the building of the update.
    timings[step].append(response.processing_ms)
    return response


async def one_report(
    bot: BotHarness, user: FakeUser, household: Any, photo: bytes, timings: dict[str, list[float]]
) -> None:
    await timed("lapor", timings, user.command("lapor"))
    await timed(
        "location",
        timings,
        user.send_location(household["latitude"] + 0.0001, household["longitude"], live_period=3600, accuracy=8),
    )
    await timed("household", timings, user.press(f"rep:h:{household['id']}"))
    await timed("photo", timings, user.send_photo(photo))
    await timed("photos_done", timings, user.press("rep:pd"))
    for index in range(len(bot.settings.report.conditions)):
        await timed("condition", timings, user.press(f"rep:c:{index}"))
    await timed("conditions_done", timings, user.press("rep:cd"))
    await timed("note", timings, user.send_text("Kondisi keluarga baik."))
    await timed("send", timings, user.press("rep:send"))


async def measure(folder: Path, companions: int) -> tuple[dict[str, list[float]], list[float], list[float], int, int]:
    """Step timings of the reporting companions, the echo and bare toggle bots' timings, reports
    stored, errors."""
    bot = BotHarness(folder)
    await bot.start()
    # Telegram's send limit is not what is measured here (see the module docstring).
    bot.app.bot._rate_limiter = None
    echo = echo_application()
    bare_toggle = bare_toggle_application(bot.settings.report.conditions)
    try:
        households = await bot.services.db.fetch_all(
            "SELECT companion_id, MIN(id) AS id FROM households GROUP BY companion_id ORDER BY companion_id LIMIT ?",
            (companions,),
        )
        work = []
        timings: dict[str, list[float]] = defaultdict(list)
        echo_timings: list[float] = []
        toggle_timings: list[float] = []
        for row in households:
            household = await bot.services.db.fetch_one("SELECT * FROM households WHERE id = ?", (row["id"],))
            user = bot.user(FIRST_COMPANION_TELEGRAM_ID + row["companion_id"] - 1, "Pendamping")
            work.append(one_report(bot, user, household, phone_photo(row["companion_id"]), timings))
        echo_users = [FIRST_COMPANION_TELEGRAM_ID + index for index in range(len(households))]
        async with echo, bare_toggle:
            print(f"{len(work)} companions reporting, {len(echo_users)} users of each bare bot", file=sys.stderr)
            await asyncio.gather(
                *work,
                *(
                    bare_session(echo, text_update, user_id, BARE_UPDATES_PER_USER, echo_timings)
                    for user_id in echo_users
                ),
                *(
                    bare_session(bare_toggle, press_update, user_id, BARE_UPDATES_PER_USER, toggle_timings)
                    for user_id in echo_users
                ),
            )
            # The foundation's own cost per update (drop redelivery, person lookup, persistence) for
            # comparison: /bantuan, which touches nothing of the report.
            print("the same companions asking /bantuan", file=sys.stderr)
            users = [
                bot.user(FIRST_COMPANION_TELEGRAM_ID + row["companion_id"] - 1, "Pendamping") for row in households
            ]

            async def ask_help(user: FakeUser) -> None:
                for _ in range(FLOOR_UPDATES_PER_USER):
                    await timed("floor_bantuan", timings, user.command("bantuan"))

            await asyncio.gather(
                *(ask_help(user) for user in users),
                *(
                    bare_session(echo, text_update, user_id, FLOOR_UPDATES_PER_USER, echo_timings)
                    for user_id in echo_users
                ),
            )
        stored = int(await bot.services.db.fetch_value("SELECT COUNT(*) FROM visits"))
        errors = sum(1 for call in bot.api.calls if "Maaf, terjadi kesalahan" in call.text)
        return timings, echo_timings, toggle_timings, stored, errors
    finally:
        await bot.stop()


def echo_application() -> Application[Any, Any, Any, Any, Any, Any]:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text:
            await context.bot.send_message(message.chat_id, message.text)

    return bare_application(MessageHandler(filters.TEXT, echo))


def bare_toggle_application(conditions: list[str]) -> Application[Any, Any, Any, Any, Any, Any]:
    async def toggle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is not None:
            await query.answer()
            await query.edit_message_reply_markup(report_keyboards.conditions(conditions, {}, "id"))

    return bare_application(CallbackQueryHandler(toggle))


def bare_application(handler: BaseHandler[Any, Any, Any]) -> Application[Any, Any, Any, Any, Any, Any]:
    app = (
        ApplicationBuilder()
        .token(TEST_TOKEN)
        .request(FakeBotApi())
        .get_updates_request(FakeBotApi())
        .concurrent_updates(256)
        .build()
    )
    app.add_handler(handler)
    return app


def text_update(user_id: int, number: int) -> dict[str, Any]:
    return {
        "update_id": next(BARE_UPDATE_IDS),
        "message": {
            "message_id": number + 1,
            "date": int(time.time()),
            "text": f"pesan {number}",
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Echo"},
        },
    }


def press_update(user_id: int, number: int) -> dict[str, Any]:
    return {
        "update_id": next(BARE_UPDATE_IDS),
        "callback_query": {
            "id": f"{user_id}-{number}",
            "chat_instance": str(user_id),
            "data": f"{report_keyboards.TOGGLE}{number % 5}",
            "from": {"id": user_id, "is_bot": False, "first_name": "Echo"},
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "text": "Tandai",
                "chat": {"id": user_id, "type": "private"},
                "from": {"id": 1, "is_bot": True, "first_name": "Bare"},
            },
        },
    }


async def bare_session(
    app: Application[Any, Any, Any, Any, Any, Any],
    make_update: Callable[[int, int], dict[str, Any]],
    user_id: int,
    count: int,
    timings: list[float],
) -> None:
    """One user sending `count` updates to a bare bot, pausing between them as the companions do."""
    for number in range(count):
        update = Update.de_json(make_update(user_id, number), app.bot)
        await PACING.pause()
        start = time.perf_counter()
        await app.update_processor.process_update(update, app.process_update(update))
        timings.append((time.perf_counter() - start) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=PROVINCE_HOUSEHOLDS)
    parser.add_argument("--companions", type=int, default=250)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 4.0), metavar=("MIN", "MAX"))
    args = parser.parse_args()
    global PACING
    PACING = Pacing(*args.think, seed=36)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        started = time.perf_counter()
        populate(SyntheticProvince(args.size), folder / "bot.db")
        print(f"populated {args.size} households in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        timings, echo, bare_toggle, stored, errors = asyncio.run(measure(folder, args.companions))
    floor = timings.pop("floor_bantuan")
    non_photo = [ms for step, values in timings.items() if step != "photo" for ms in values]
    result: dict[str, Any] = {
        "households": args.size,
        "companions": args.companions,
        "think_s": list(args.think),
        "reports_stored": stored,
        "errors": errors,
        "steps": {
            step: {"p50_ms": round(statistics.median(values), 2), "p95_ms": round(percentile(values, 0.95), 2)}
            for step, values in timings.items()
        },
        "photo_p95_ms": round(percentile(timings["photo"], 0.95), 2),
        "bot_non_photo_p50_ms": round(statistics.median(non_photo), 3),
        "echo_p50_ms": round(statistics.median(echo), 3),
        "ratio": round(statistics.median(non_photo) / statistics.median(echo), 2),
        "foundation_bantuan_p50_ms": round(statistics.median(floor), 3),
        "foundation_ratio": round(statistics.median(floor) / statistics.median(echo), 2),
        "bare_toggle_p50_ms": round(statistics.median(bare_toggle), 3),
        "bare_toggle_ratio": round(statistics.median(bare_toggle) / statistics.median(echo), 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
