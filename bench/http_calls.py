"""CPU per Bot API call of the bot's HTTP client (aiohttp, `handlers/plumbing/http.py`) against
PTB's default (httpx), each in its own process sending messages to the local Bot API stand-in.

    python bench/http_calls.py [--calls 2000] [--concurrency 20] [--rounds 2]

A call is PTB's whole `send_message` (building the request, the HTTP exchange, reading the
answer); CPU is the client process's own. The last stdout line is JSON; `ratio` is aiohttp's
median CPU per call over httpx's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.app.demo.bot_api import BotApiStandIn, ChatUser, serve  # noqa: E402

TOKEN = "7000000013:AABenchTokenForTheHttpCallsStandIn00"
CLIENT = """
import asyncio, json, sys, time
from telegram import Bot
from telegram.request import HTTPXRequest
from handlers.plumbing.http import AiohttpRequest

kind, base, token, chat, calls, concurrency = sys.argv[1:4] + [int(value) for value in sys.argv[4:7]]

async def main():
    request = HTTPXRequest(connection_pool_size=256) if kind == "httpx" else AiohttpRequest()
    async with Bot(token, base_url=base, request=request) as bot:
        for _ in range(50):
            await bot.send_message(chat, "warm")
        slots = asyncio.Semaphore(concurrency)

        async def one(number):
            async with slots:
                await bot.send_message(chat, f"pesan {number}")

        cpu = time.process_time()
        await asyncio.gather(*(one(number) for number in range(calls)))
        print(json.dumps({"cpu_ms_per_call": (time.process_time() - cpu) * 1000 / calls}))

asyncio.run(main())
"""


async def measure(args: argparse.Namespace) -> dict[str, list[float]]:
    api = BotApiStandIn(TOKEN)
    user = ChatUser(5001, "Siti")
    api.open_chat(user)
    figures: dict[str, list[float]] = {"httpx": [], "aiohttp": []}
    async with serve(api) as root:
        base_url, _ = api.urls(root)
        for _ in range(args.rounds):
            for kind in figures:
                parameters = [kind, base_url, TOKEN, str(user.id), str(args.calls), str(args.concurrency)]
                client = await asyncio.create_subprocess_exec(
                    sys.executable, "-c", CLIENT, *parameters, cwd=ROOT, stdout=asyncio.subprocess.PIPE
                )
                out, _ = await client.communicate()
                figures[kind].append(json.loads(out.decode().strip().splitlines()[-1])["cpu_ms_per_call"])
                print(f"{kind}: {figures[kind][-1]:.2f} ms CPU a call", file=sys.stderr)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    figures = asyncio.run(measure(args))
    httpx, aiohttp = statistics.median(figures["httpx"]), statistics.median(figures["aiohttp"])
    print(
        json.dumps(
            {
                "calls": args.calls,
                "concurrency": args.concurrency,
                "httpx_cpu_ms_per_call": round(httpx, 3),
                "aiohttp_cpu_ms_per_call": round(aiohttp, 3),
                "ratio": round(aiohttp / httpx, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
