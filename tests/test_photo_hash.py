"""The bot computes imagehash's phash with NumPy alone (importing SciPy, which imagehash needs,
stalled every reply for ~0.3 s): the library stays the reference its bits are checked against.
The crops' and turns' hashes, from matrix products, are checked against Pillow's crops and turns."""

from __future__ import annotations

import importlib.resources
import io
from zoneinfo import ZoneInfo

import imagehash
import numpy as np
import pytest
import scipy.fft
from PIL import Image

from bench.photo_reuse import PHOTOGRAPHS
from bot.files.photo_analysis import CROP_FRACTIONS, HASH_BYTES, PhotoFacts, _turned_and_cropped, analyse


@pytest.mark.parametrize("name", PHOTOGRAPHS)
def test_the_stored_hash_is_imagehash_phash(name: str) -> None:
    photograph = Image.open(io.BytesIO((importlib.resources.files("skimage") / "data" / name).read_bytes()))
    sent = io.BytesIO()
    photograph.convert("RGB").save(sent, "JPEG", quality=82)  # as a phone sends it
    content = sent.getvalue()

    with Image.open(io.BytesIO(content)) as opened:
        expected = str(imagehash.phash(opened))
    assert analyse(content, ZoneInfo("Asia/Jakarta")).phash == expected


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _first_crop(facts: PhotoFacts) -> int:
    return int.from_bytes(facts.crop_hashes[:HASH_BYTES], "little")


def test_each_crop_hash_is_the_phash_of_the_crop_pillow_cuts() -> None:
    """The crops' frequencies come from one matrix product: each equals the phash (imagehash's
    DCT) of the crop cut and resized by Pillow, here on a copy whose crops all end on whole
    pixels (400 px: 10 px per 2.5 % step)."""
    side = 400
    working = Image.fromarray(np.random.default_rng(11).uniform(0, 255, (side, side)).astype(np.float32), mode="F")

    stored = _turned_and_cropped(working)[1]

    for number, fraction in enumerate(CROP_FRACTIONS):
        cut = round(side * fraction)
        left = (side - cut) // 2
        thumbnail = working.crop((left, left, left + cut, left + cut)).resize((32, 32), Image.Resampling.LANCZOS)
        frequencies = scipy.fft.dct(scipy.fft.dct(np.asarray(thumbnail, dtype=np.float64), axis=0), axis=1)[:8, :8]
        expected = int(str(imagehash.ImageHash(frequencies > np.median(frequencies))), 16)
        assert int.from_bytes(stored[number * HASH_BYTES : (number + 1) * HASH_BYTES], "little") == expected


def test_the_variant_hashes_are_the_hashes_of_the_turned_pictures() -> None:
    """The 8 variants come from turning one block of frequencies: they are what the picture
    mirrored and rotated (Pillow's 7 transpositions and itself) hashes to, identity first."""
    picture = Image.fromarray(np.random.default_rng(12).integers(0, 256, (256, 256), dtype=np.uint8), mode="L")
    tz = ZoneInfo("Asia/Jakarta")

    variants = analyse(_png(picture), tz).variant_hashes
    turned = [_first_crop(analyse(_png(picture.transpose(turn)), tz)) for turn in Image.Transpose]

    assert variants[0] == _first_crop(analyse(_png(picture), tz))
    assert sorted(variants) == sorted([variants[0], *turned])
    assert len(set(variants)) == 8
