"""Does reuse detection catch transformed copies, and never confuse distinct photos? (issue 10)

Corpus: the real photographs scikit-image ships in `skimage/data` (the package is BSD-3-Clause;
the sample images are public domain or CC0/CC-BY as each `skimage.data` function's docstring
states: NASA photographs, Library of Congress, photographers who gave them to the project),
without the second image of its stereo pair (motorcycle_right, the same scene) and without
drawings, plus synthetic pictures (random shapes over random gradients, `--synthetic N`).

Every original is stored as the bot stores a photo (`analyse`: its crop hashes). Each one then
comes back transformed as a companion could send it: mirrored, flipped, rotated 90/180/270°,
centre-cropped to random fractions between 70 % and 100 % (and to exactly 70 %), and combined
(mirrored and cropped, rotated and cropped), each resized to Telegram's 1280 px and re-encoded
as JPEG. A copy is caught when the bot's comparison (`closest_copy` within
`report.copy_max_distance`) finds its own original. False matches: every original sent again
(re-encoded) and every transformed copy, compared with every *other* original; one within the
limit is a false match.

Baseline, in the same run: the check before issue 10, the plain perceptual hash within
`report.phash_max_distance`.

    python bench/photo_reuse.py [--synthetic 40] [--crops 4]

Progress goes to stderr; the last stdout line is one JSON object: `caught`, `transformed`,
`false_matches`, `distinct_pairs`, the largest distance of a caught copy and the smallest of a
distinct pair, the baseline's figures, the median time to analyse a photo (and `ratio` against
the baseline's plain phash) and the median time to compare one photo with a companion's year
of photos (5,000 photos).
"""

from __future__ import annotations

import argparse
import importlib.resources
import io
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import imagehash
from PIL import Image, ImageDraw, ImageOps

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.config import ReportConfig  # noqa: E402
from bot.files.photo_analysis import PhotoFacts, analyse, closest_copy  # noqa: E402

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
YEAR_OF_PHOTOS = 5000

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, default=40, help="synthetic pictures added to the photographs")
    parser.add_argument("--crops", type=int, default=4, help="random centre crops per original")
    args = parser.parse_args()
    config = ReportConfig()
    limit, plain_limit = config.copy_max_distance, config.phash_max_distance
    rng = random.Random(10)

    originals = photographs() | synthetic(args.synthetic)
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

    caught = transformed = false_matches = distinct_pairs = 0
    baseline_caught = baseline_false = 0
    largest_caught, smallest_distinct = 0, 64
    missed: list[str] = []
    for number, (name, image) in enumerate(originals.items(), start=1):
        sent = {"again": image} | {label: change(image) for label, change in transforms(rng, args.crops).items()}
        for label, copy in sent.items():
            facts = analyse(as_sent(copy), WIB)
            if label != "again":
                transformed += 1
                own = closest_copy(facts.variant_hashes, [(0, stored[name].crop_hashes)])
                assert own is not None
                if own[1] <= limit:
                    caught += 1
                    largest_caught = max(largest_caught, own[1])
                else:
                    missed.append(f"{name} {label} ({own[1]} bits)")
                baseline_caught += plain_distance(facts.phash, stored[name].phash) <= plain_limit
            for other, other_facts in stored.items():
                if other == name:
                    continue
                distinct_pairs += 1
                found = closest_copy(facts.variant_hashes, [(0, other_facts.crop_hashes)])
                assert found is not None
                smallest_distinct = min(smallest_distinct, found[1])
                false_matches += found[1] <= limit
                baseline_false += plain_distance(facts.phash, other_facts.phash) <= plain_limit
        if number % 10 == 0:
            log(f"{number}/{len(originals)} originals: {caught}/{transformed} caught, {false_matches} false matches")
    for line in missed:
        log(f"missed: {line}")

    # One photo against a companion's year of photos (13 crop hashes each), as the bot compares.
    names = list(stored)
    year = [(number, stored[names[number % len(names)]].crop_hashes) for number in range(YEAR_OF_PHOTOS)]
    probe = next(iter(stored.values())).variant_hashes
    compare_ms = []
    for _ in range(20):
        started = time.perf_counter()
        closest_copy(probe, year)
        compare_ms.append((time.perf_counter() - started) * 1000)

    result = {
        "originals": len(originals),
        "photographs": len(PHOTOGRAPHS),
        "transformed": transformed,
        "caught": caught,
        "distinct_pairs": distinct_pairs,
        "false_matches": false_matches,
        "copy_max_distance": limit,
        "largest_caught_distance": largest_caught,
        "smallest_distinct_distance": smallest_distinct,
        "baseline_caught": baseline_caught,
        "baseline_false_matches": baseline_false,
        "analyse_ms_p50": round(statistics.median(analyse_ms), 2),
        "baseline_phash_ms_p50": round(statistics.median(baseline_ms), 2),
        "ratio": round(statistics.median(analyse_ms) / statistics.median(baseline_ms), 2),
        "compare_year_ms_p50": round(statistics.median(compare_ms), 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
