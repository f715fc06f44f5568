"""The bot computes imagehash's phash with NumPy alone (importing SciPy, which imagehash needs,
stalled every reply for ~0.3 s): the library stays the reference its bits are checked against."""

from __future__ import annotations

import importlib.resources
import io
from zoneinfo import ZoneInfo

import imagehash
import pytest
from PIL import Image

from bench.photo_reuse import PHOTOGRAPHS
from bot.files.photo_analysis import analyse


@pytest.mark.parametrize("name", PHOTOGRAPHS)
def test_the_stored_hash_is_imagehash_phash(name: str) -> None:
    photograph = Image.open(io.BytesIO((importlib.resources.files("skimage") / "data" / name).read_bytes()))
    sent = io.BytesIO()
    photograph.convert("RGB").save(sent, "JPEG", quality=82)  # as a phone sends it
    content = sent.getvalue()

    with Image.open(io.BytesIO(content)) as opened:
        expected = str(imagehash.phash(opened))
    assert analyse(content, ZoneInfo("Asia/Jakarta")).phash == expected
