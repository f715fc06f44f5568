"""Does reuse detection catch transformed copies, and never confuse distinct photos? (issues 10, 24)

Corpus: the real photographs scikit-image ships in `skimage/data` (the package is BSD-3-Clause;
the sample images are public domain or CC0/CC-BY as each `skimage.data` function's docstring
states: NASA photographs, Library of Congress, photographers who gave them to the project),
without the second image of its stereo pair (motorcycle_right, the same scene) and without
drawings, plus synthetic pictures (random shapes over random gradients, `--synthetic N`).

Every original is stored as the bot stores a photo (`analyse`: its crop hashes), in a database
migrated like the bot's, among `--filler` other photos (random crop hashes, each photo's 13
crops a few bits apart as a real photo's are), so that the look-up works on a province's
index. Each original then comes back transformed as a companion could send it: mirrored,
flipped, rotated 90/180/270°, centre-cropped to random fractions between 70 % and 100 % (and
to exactly 70 %), and combined (mirrored and cropped, rotated and cropped), each resized to
Telegram's 1280 px and re-encoded as JPEG. Each copy is looked for as the bot looks, province-
wide through the index (`PhotoIndex.copies` within `report.copy_max_distance`): it is caught
when its own original is found. False matches: every original sent again (re-encoded) and every
transformed copy, against every *other* original: one the index finds is a false match (found
filler photos are counted apart: random hashes, not pictures). Every answer is checked against
the pairwise comparison of all crops (`mismatches`, must be 0).

Baseline, in the same run: the check before issue 10, the plain perceptual hash within
`report.phash_max_distance`; and, for the time of one look-up, a scan of every stored crop hash,
read from the database each time (as a look-up without the index would) or held in memory.

    python bench/photo_reuse.py [--synthetic 40] [--crops 4] [--filler 50000]

Progress goes to stderr; the last stdout line is one JSON object: `caught`, `transformed`,
`false_matches`, `distinct_pairs`, `mismatches`, the largest distance of a caught copy and the
smallest of a distinct pair, the baseline's figures, the median time to analyse a photo (and
`ratio` against the baseline's plain phash), and the median time of one province-wide look-up
through the index against the scans of all stored crop hashes.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.resources
import io
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import imagehash
import numpy as np
from PIL import Image, ImageDraw, ImageOps

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.config import ReportConfig  # noqa: E402
from bot.files.photo_analysis import CROP_FRACTIONS, PhotoFacts, analyse  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.photos_index import PhotoIndex  # noqa: E402

# skimage/data's photographs (drawings, charts and the stereo pair's twin left out).
PHOTOGRAPHS = (
    "astronaut.png",
    "brick.png",
    "camera.png",
    "cell.png",
    "chelsea.png",
    "clock_motion.png",
    "coffee.png",
    "coins.png",
    "grass.png",
    "gravel.png",
    "hubble_deep_field.jpg",
    "ihc.png",
    "microaneurysms.png",
    "moon.png",
    "motorcycle_left.png",
    "page.png",
    "retina.jpg",
    "rocket.jpg",
    "text.png",
)
TELEGRAM_SIDE = 1280
WIB = ZoneInfo("Asia/Jakarta")
# Stored photos' visits: the originals are visits 1..N, the filler photos come after them.
FILLER_VISITS_FROM = 1_000_000
# Look-ups also timed as scans (the baseline), of the copies sent.
SCANNED = 20

Transform = Callable[[Image.Image], Image.Image]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def photographs() -> dict[str, Image.Image]:
    folder = importlib.resources.files("skimage") / "data"
    return {name: Image.open(io.BytesIO((folder / name).read_bytes())).convert("RGB") for name in PHOTOGRAPHS}


def synthetic(count: int) -> dict[str, Image.Image]:
    """Pictures of random shapes over a random gradient, 800×600."""
    pictures = {}
    for seed in range(count):
        rng = random.Random(seed)
        start, end = (tuple(rng.randrange(256) for _ in range(3)) for _ in range(2))
        image = Image.linear_gradient("L").resize((800, 600)).rotate(rng.randrange(360), expand=False)
        image = ImageOps.colorize(image, start, end)  # type: ignore[arg-type]
        draw = ImageDraw.Draw(image)
        for _ in range(rng.randrange(4, 12)):
            box = sorted(rng.randrange(800) for _ in range(2)), sorted(rng.randrange(600) for _ in range(2))
            shape = (box[0][0], box[1][0], box[0][1], box[1][1])
            colour = tuple(rng.randrange(256) for _ in range(3))
            (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(shape, fill=colour)  # type: ignore[operator]
        pictures[f"synthetic-{seed}"] = image
    return pictures


def centre_crop(fraction: float) -> Transform:
    def crop(image: Image.Image) -> Image.Image:
        width, height = image.size
        crop_width, crop_height = round(width * fraction), round(height * fraction)
        left, top = (width - crop_width) // 2, (height - crop_height) // 2
        return image.crop((left, top, left + crop_width, top + crop_height))

    return crop


def transforms(rng: random.Random, crops: int) -> dict[str, Transform]:
    turns: dict[str, Transform] = {
        "mirror": ImageOps.mirror,
        "flip": ImageOps.flip,
        "rotate90": lambda image: image.transpose(Image.Transpose.ROTATE_90),
        "rotate180": lambda image: image.transpose(Image.Transpose.ROTATE_180),
        "rotate270": lambda image: image.transpose(Image.Transpose.ROTATE_270),
    }
    fractions = [0.7] + [round(rng.uniform(0.7, 0.99), 3) for _ in range(crops)]
    cropped: dict[str, Transform] = {f"crop{fraction:.3f}": centre_crop(fraction) for fraction in fractions}
    mirrored_crop = round(rng.uniform(0.7, 0.99), 3)
    turned_crop = round(rng.uniform(0.7, 0.99), 3)
    combined: dict[str, Transform] = {
        f"mirror+crop{mirrored_crop:.3f}": lambda image: ImageOps.mirror(centre_crop(mirrored_crop)(image)),
        f"rotate90+crop{turned_crop:.3f}": lambda image: centre_crop(turned_crop)(
            image.transpose(Image.Transpose.ROTATE_90)
        ),
    }
    return turns | cropped | combined


def as_sent(image: Image.Image, quality: int = 82) -> bytes:
    """The picture as Telegram delivers a photo: at most 1280 px, re-encoded as JPEG."""
    copy = image.copy()
    copy.thumbnail((TELEGRAM_SIDE, TELEGRAM_SIDE))
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=quality)
    return out.getvalue()


def plain_distance(first: str, second: str) -> int:
    return (int(first, 16) ^ int(second, 16)).bit_count()


def closest_crop(variants: tuple[int, ...], crop_hashes: bytes) -> int:
    """The pairwise comparison: bits between the closest of a photo's turned hashes and of a
    stored photo's crop hashes."""
    stored = np.frombuffer(crop_hashes, dtype="<u8")
    wanted = np.array(variants, dtype=np.uint64)
    return int(np.bitwise_count(stored[None, :] ^ wanted[:, None]).min())


def filler_crops(rng: random.Random) -> bytes:
    """A random photo's crop hashes: each crop a few bits from the one before, as a picture's are."""
    value, crops = rng.getrandbits(64), []
    for _ in CROP_FRACTIONS:
        for bit in rng.sample(range(64), 2):
            value ^= 1 << bit
        crops.append(value)
    return np.array(crops, dtype="<u8").tobytes()


def store(path: Path, originals: list[PhotoFacts], filler: int, rng: random.Random) -> bytes:
    """The originals (visits 1..N) and `filler` random photos into the bot's schema (the trigger
    of migration 0014 cuts their keys); returns the filler's crop hashes, for the scan."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")  # visits are not what is measured
    conn.execute("PRAGMA synchronous = OFF")
    filler_hashes = [filler_crops(rng) for _ in range(filler)]
    rows: list[tuple[int, str | None, bytes]] = [
        (number, facts.phash, facts.crop_hashes) for number, facts in enumerate(originals, start=1)
    ]
    rows += [(FILLER_VISITS_FROM + number, None, crops) for number, crops in enumerate(filler_hashes)]
    with conn:
        conn.executemany(
            "INSERT INTO photos (visit_id, file_id, file_unique_id, path, sha256, phash, size_bytes, created_at,"
            " crop_hashes) VALUES (?1, 'f' || ?1, 'u' || ?1, 'p' || ?1, 's' || ?1, ?2, 1, 0, ?3)",
            rows,
        )
    conn.close()
    return b"".join(filler_hashes)


async def migrate(path: Path) -> None:
    db = Database(path)
    await db.open()
    await db.close()


async def look_up(
    path: Path, probes: list[tuple[int, ...]], limit: int
) -> tuple[list[list[int]], list[float], list[float]]:
    """Every probe's matches through the bot's index (all of them, not just the first), timed;
    and the time of the first probes found by a scan of every stored photo's crop hashes."""
    db = Database(path)
    await db.open()
    index = PhotoIndex(db)
    found, timings, scans = [], [], []
    try:
        await index.copies(probes[0], limit)  # opens the index's reader
        for variants in probes:
            started = time.perf_counter()
            matches = await index.copies(variants, limit, limit=1000)
            timings.append((time.perf_counter() - started) * 1000)
            found.append([match.visit_id for match in matches])
        for variants in probes[:SCANNED]:
            started = time.perf_counter()
            rows = await db.fetch_all("SELECT visit_id, crop_hashes FROM photos WHERE crop_hashes IS NOT NULL")
            stored = np.frombuffer(b"".join(row[1] for row in rows), dtype="<u8")
            owners = np.repeat([row[0] for row in rows], [len(row[1]) // 8 for row in rows])
            close = np.bitwise_count(stored[:, None] ^ np.array(variants, dtype=np.uint64)[None, :]).min(axis=1)
            set(owners[close <= limit].tolist())
            scans.append((time.perf_counter() - started) * 1000)
    finally:
        await db.close()
    return found, timings, scans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, default=40, help="synthetic pictures added to the photographs")
    parser.add_argument("--crops", type=int, default=4, help="random centre crops per original")
    parser.add_argument("--filler", type=int, default=50_000, help="other stored photos (random hashes)")
    args = parser.parse_args()
    config = ReportConfig()
    limit, plain_limit = config.copy_max_distance, config.phash_max_distance
    rng = random.Random(10)

    originals = photographs() | synthetic(args.synthetic)
    names = list(originals)
    log(f"{len(originals)} originals ({len(PHOTOGRAPHS)} photographs, {args.synthetic} synthetic)")
    analyse_ms, baseline_ms = [], []
    stored: dict[str, PhotoFacts] = {}
    for name, image in originals.items():
        content = as_sent(image, quality=90)
        started = time.perf_counter()
        stored[name] = analyse(content, WIB)
        analyse_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with Image.open(io.BytesIO(content)) as opened:
            imagehash.phash(opened)
        baseline_ms.append((time.perf_counter() - started) * 1000)

    sent: list[tuple[str, str, PhotoFacts]] = []  # (original, transformation, the copy's facts)
    for name, image in originals.items():
        copies = {"again": image} | {label: change(image) for label, change in transforms(rng, args.crops).items()}
        sent += [(name, label, analyse(as_sent(copy), WIB)) for label, copy in copies.items()]
    log(f"{len(sent)} copies sent; storing the originals among {args.filler:,} other photos")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photos.db"
        asyncio.run(migrate(path))
        filler = store(path, [stored[name] for name in names], args.filler, rng)
        found, lookup_ms, scan_db_ms = asyncio.run(look_up(path, [facts.variant_hashes for _, _, facts in sent], limit))

    caught = transformed = false_matches = distinct_pairs = filler_matches = mismatches = 0
    baseline_caught = baseline_false = 0
    largest_caught, smallest_distinct = 0, 64
    missed: list[str] = []
    for (name, label, facts), matches in zip(sent, found, strict=True):
        own = names.index(name) + 1
        filler_matches += sum(1 for visit in matches if visit >= FILLER_VISITS_FROM)
        expected = set()
        for number, other in enumerate(names, start=1):
            distance = closest_crop(facts.variant_hashes, stored[other].crop_hashes)
            if distance <= limit:
                expected.add(number)
            if other != name:
                distinct_pairs += 1
                smallest_distinct = min(smallest_distinct, distance)
                false_matches += number in matches
                baseline_false += plain_distance(facts.phash, stored[other].phash) <= plain_limit
            elif label != "again":
                transformed += 1
                if own in matches:
                    caught += 1
                    largest_caught = max(largest_caught, distance)
                else:
                    missed.append(f"{name} {label} ({distance} bits)")
                baseline_caught += plain_distance(facts.phash, stored[name].phash) <= plain_limit
        mismatches += expected != {visit for visit in matches if visit < FILLER_VISITS_FROM}
    for line in missed:
        log(f"missed: {line}")

    # The baselines of a look-up: every stored crop hash compared, held in memory (104 bytes a
    # photo for good) or read from the database each time.
    everything = b"".join([stored[name].crop_hashes for name in names]) + filler
    scan_ms = []
    for _, _, facts in sent[:SCANNED]:
        started = time.perf_counter()
        closest_crop(facts.variant_hashes, everything)
        scan_ms.append((time.perf_counter() - started) * 1000)

    result = {
        "originals": len(originals),
        "photographs": len(PHOTOGRAPHS),
        "stored_photos": len(originals) + args.filler,
        "transformed": transformed,
        "caught": caught,
        "distinct_pairs": distinct_pairs,
        "false_matches": false_matches,
        "filler_matches": filler_matches,
        "mismatches": mismatches,
        "copy_max_distance": limit,
        "largest_caught_distance": largest_caught,
        "smallest_distinct_distance": smallest_distinct,
        "baseline_caught": baseline_caught,
        "baseline_false_matches": baseline_false,
        "analyse_ms_p50": round(statistics.median(analyse_ms), 2),
        "baseline_phash_ms_p50": round(statistics.median(baseline_ms), 2),
        "ratio": round(statistics.median(analyse_ms) / statistics.median(baseline_ms), 2),
        "index_lookup_ms_p50": round(statistics.median(lookup_ms), 2),
        "scan_memory_ms_p50": round(statistics.median(scan_ms), 2),
        "scan_database_ms_p50": round(statistics.median(scan_db_ms), 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
