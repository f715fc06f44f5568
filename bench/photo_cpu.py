"""CPU of analysing one visit photo (issue 11): `analyse` against a bare decode of the same JPEG.

Photos: the report bench's phone photos (800×600, `bench.report_flow.phone_photo`) and
Telegram-sized ones (1280×960, the same kind of picture scaled up), different for every round.
Each round times, in CPU seconds of the process (BLAS threads included), the bot's `analyse` and the baseline: opening
and decoding the JPEG as `analyse` does (the `draft` scale included), nothing else. The two
alternate, so a busy machine slows both alike.

    python bench/photo_cpu.py [--rounds 300]

The last stdout line is one JSON object: the medians per size (`analyse_ms_p50`,
`decode_ms_p50`) and `ratio`, analyse over decode for the phone photos.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report_flow import phone_photo  # noqa: E402
from bot.files.photo_analysis import DECODE_SIDE, analyse, warm_up  # noqa: E402

WIB = ZoneInfo("Asia/Jakarta")
SIZES = {"phone_800x600": None, "telegram_1280x960": (1280, 960)}


def photo(seed: int, size: tuple[int, int] | None) -> bytes:
    content = phone_photo(seed)
    if size is None:
        return content
    out = io.BytesIO()
    Image.open(io.BytesIO(content)).resize(size, Image.Resampling.BICUBIC).save(out, "JPEG", quality=85)
    return out.getvalue()


def decode(content: bytes) -> None:
    with Image.open(io.BytesIO(content)) as image:
        image.draft("RGB", (DECODE_SIDE, DECODE_SIDE))
        image.load()


def cpu_ms(work: Callable[[bytes], object], content: bytes) -> float:
    started = time.process_time()
    work(content)
    return (time.process_time() - started) * 1000


def analyse_photo(content: bytes) -> None:
    analyse(content, WIB)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=300, help="photos analysed per size")
    args = parser.parse_args()
    warm_up()
    result: dict[str, object] = {"rounds": args.rounds}
    for name, size in SIZES.items():
        photos = [photo(seed, size) for seed in range(50)]
        analyse(photos[0], WIB)  # first-call costs (imports, caches) left out
        analysed, decoded = [], []
        for number in range(args.rounds):
            content = photos[number % len(photos)]
            analysed.append(cpu_ms(analyse_photo, content))
            decoded.append(cpu_ms(decode, content))
        result[name] = {
            "analyse_ms_p50": round(statistics.median(analysed), 2),
            "decode_ms_p50": round(statistics.median(decoded), 2),
        }
        print(f"{name}: {result[name]}", file=sys.stderr, flush=True)
    phone = result["phone_800x600"]
    assert isinstance(phone, dict)
    result["ratio"] = round(phone["analyse_ms_p50"] / phone["decode_ms_p50"], 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
