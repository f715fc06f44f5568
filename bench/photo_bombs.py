"""Benchmark: six companions send a huge image file at the photo step at the same moment.

Each run is a fresh process driving the real Application (tests/support/harness.py: real Update JSON,
fake Bot API), with six companions at the photo step who send their file at once:
  - `bot`: the shipped configuration (pixel cap, byte cap, 2 decoders, JPEG drafts);
  - `baseline`: what the bot did before: no caps but Pillow's own 179-megapixel guard, every
    photo decoded at once (6 decoders).
Two sets of files: six 12,000 × 12,000 PNGs (~0.1 MB each: refused by the bot from their
header) and six 6,000 × 6,000 JPEGs (36 MP, accepted: decoded at a reduced scale).

    python bench/photo_bombs.py [--side 12000] [--jpeg-side 6000]

Each run reports its peak resident memory (VmHWM), time and what the companions were told.
The last stdout line is one JSON object; `ratio` is the bot's peak over the baseline's for the
PNGs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPANIONS = 6

RUN = """
import asyncio, json, sys, tempfile, time
from pathlib import Path
from bot.domain import Role
from tests.support.harness import BotHarness
from tests.support.report import HOME, Reporter, add_household

files, mode = [Path(p) for p in sys.argv[1].split(",")], sys.argv[2]
config = {} if mode == "bot" else {
    "report": {"photo_max_mb": 2000, "photo_max_megapixels": 200, "photo_decoders": 8}
}

def hwm():
    line = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM"))
    return int(line.split()[1]) / 1024

async def main():
    with tempfile.TemporaryDirectory() as folder:
        async with BotHarness(Path(folder), config=config) as bot:
            reporters = []
            for number in range(len(files)):
                user = await bot.register(Role.COMPANION, first_name=f"P{number}")
                await add_household(bot, user, f"Siti {number}", HOME, dtks_id=f"36040000000{number:05d}")
                reporter = Reporter(bot, user)
                await reporter.start()
                listed = await reporter.share(HOME)
                await reporter.choose(listed, f"Siti {number}")
                reporters.append(reporter)
            before = hwm()
            contents = [path.read_bytes() for path in files]
            started = time.perf_counter()
            answers = await asyncio.gather(*(
                r.user.send_document(content, path.name, "image/png" if path.suffix == ".png" else "image/jpeg")
                for r, content, path in zip(reporters, contents, files)
            ))
            elapsed = time.perf_counter() - started
    told = sorted({a.text.split(".")[0][:60] for a in answers})
    print(json.dumps({"peak_mb": round(hwm(), 1), "before_mb": round(before, 1), "s": round(elapsed, 2), "told": told}))

asyncio.run(main())
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def make_files(folder: Path, side: int, jpeg_side: int) -> dict[str, list[Path]]:
    from PIL import Image, ImageDraw

    png = Image.new("L", (side, side), 255)
    ImageDraw.Draw(png).ellipse((side // 4, side // 4, side * 3 // 4, side * 3 // 4), fill=0)
    pngs = []
    for number in range(COMPANIONS):
        path = folder / f"besar-{number}.png"
        png.putpixel((number, number), number)  # six different files
        png.save(path, optimize=False, compress_level=9)
        pngs.append(path)
    del png
    jpeg = Image.new("RGB", (jpeg_side, jpeg_side), (200, 180, 160))
    ImageDraw.Draw(jpeg).rectangle((jpeg_side // 3, jpeg_side // 3, jpeg_side // 2, jpeg_side // 2), fill=(10, 20, 30))
    jpegs = []
    for number in range(COMPANIONS):
        path = folder / f"foto-{number}.jpg"
        jpeg.putpixel((number, number), (number, 0, 0))
        jpeg.save(path, quality=90)
        jpegs.append(path)
    return {"png": pngs, "jpeg": jpegs}


def run(files: list[Path], mode: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", RUN, ",".join(map(str, files)), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        return {"outcome": f"exit {result.returncode}", "stderr": result.stderr[-300:]}
    return dict(json.loads(lines[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--side", type=int, default=12_000, help="side of the PNGs, pixels")
    parser.add_argument("--jpeg-side", type=int, default=6_000, help="side of the JPEGs, pixels")
    args = parser.parse_args()
    figures: dict[str, object] = {"companions": COMPANIONS, "side": args.side, "jpeg_side": args.jpeg_side}
    with tempfile.TemporaryDirectory(prefix="photo-bombs-") as folder:
        log("drawing the files…")
        sets = make_files(Path(folder), args.side, args.jpeg_side)
        for name, files in sets.items():
            figures[f"{name}_file_mb"] = round(files[0].stat().st_size / 2**20, 2)
            for mode in ("bot", "baseline"):
                figures[f"{name}_{mode}"] = outcome = run(files, mode)
                log(f"{name} {mode}: {outcome}")
    bot_peak = figures["png_bot"].get("peak_mb")  # type: ignore[union-attr]
    baseline_peak = figures["png_baseline"].get("peak_mb")  # type: ignore[union-attr]
    if isinstance(bot_peak, float) and isinstance(baseline_peak, float):
        figures["ratio"] = round(bot_peak / baseline_peak, 3)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
