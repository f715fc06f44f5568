"""What a visit photo tells: checksums, perceptual hashes, and the capture time and GPS
position from its EXIF data (kept only when sent as a file: Telegram strips EXIF from photos).

Reuse of a transformed copy: a copy may be mirrored, rotated by 90/180/270° and cropped to its
centre (down to 70 %). The perceptual hash (phash: the signs of the 8×8 lowest frequencies of
a 32×32 greyscale DCT against their median) changes by 24–40 of its 64 bits under any of those.
So each photo gets two kinds of hashes:
- `variant_hashes`: the hashes of its 8 mirrored/rotated versions, asked for when a photo
  arrives. They come from one block of frequencies (turning the thumbnail is turning the
  picture, and turning the thumbnail transposes its frequencies or flips the odd ones' signs);
- `crop_hashes`: the hashes of its centre crops from 100 % down to 70 % in steps of
  `CROP_STEP`, stored with the photo. A later copy cropped to any fraction lies within half a
  step of one of them (a crop commutes with turning, so both kinds combine).
`bench/photo_reuse.py` measures how far copies and distinct photos are under this scheme,
`bench/photo_cpu.py` what analysing a photo costs.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PIL import ExifTags, Image, UnidentifiedImageError

# NumPy is imported where used: the bot starts without it and `warm_up` loads it in the
# background soon after, so the first photo does not wait either.
if TYPE_CHECKING:
    import numpy as np

_EXIF_TIME_FORMAT = "%Y:%m:%d %H:%M:%S"


# Centre crops stored per photo: 100 %, 97.5 %, … 70 % (13 hashes, 104 bytes).
CROP_STEP = 0.025
CROP_FRACTIONS = tuple(round(1 - step * CROP_STEP, 4) for step in range(13))
# A JPEG is decoded at the smallest of its scales (1/1, 1/2, 1/4, 1/8) at least this large on
# both sides. The stored phash is the decoded picture's: this stays as it is.
DECODE_SIDE = 1024
# Crops and turns are hashed from a greyscale copy squeezed to this square: squeezing commutes
# with centre crops and with turns, and each crop's 32×32 thumbnail squeezes it anyway.
WORKING_SIDE = 256
HASH_BYTES = 8


class NotAnImage(Exception):
    """The bytes are not an image Pillow can read."""


class TooManyPixels(Exception):
    """The image's header announces more pixels than may be decoded."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__(f"{width}x{height}")
        self.megapixels = width * height / 1e6


@dataclass(frozen=True)
class PhotoFacts:
    sha256: str
    size_bytes: int
    phash: str
    width: int
    height: int
    taken_at: int | None
    latitude: float | None
    longitude: float | None
    had_exif: bool = False
    variant_hashes: tuple[int, ...] = field(default=(), repr=False)
    crop_hashes: bytes = field(default=b"", repr=False)


def warm_up() -> None:
    """Import what hashing a photo needs (NumPy), build its crop matrix, keep BLAS on one thread."""
    _blas_on_one_thread()
    _crop_rows(WORKING_SIDE)


def analyse(content: bytes, tz: ZoneInfo, max_pixels: int | None = None) -> PhotoFacts:
    """Hash and measure an image; read its EXIF capture time (local time `tz` unless the
    EXIF gives an offset) and GPS position when present. TooManyPixels, before anything is
    decoded, when the header announces more than `max_pixels` to decode (a JPEG's at the
    reduced scale it is decoded at)."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size  # from the header: nothing is decoded yet
            # A JPEG decodes at 1/2, 1/4 or 1/8 of its size at once (its DCT allows it): the
            # hashes look at 32×32 and WORKING_SIDE pixels, a 50 MP photo needs no more.
            image.draft("RGB", (DECODE_SIDE, DECODE_SIDE))
            decoded_width, decoded_height = image.size
            if max_pixels is not None and decoded_width * decoded_height > max_pixels:
                raise TooManyPixels(decoded_width, decoded_height)
            image.load()
            exif = _readable_exif(image)
            grey = image.convert("L")
            phash = f"{_phash_bits(_plain_thumbnail(grey)):016x}"
            working = grey.resize((WORKING_SIDE, WORKING_SIDE), Image.Resampling.BILINEAR, reducing_gap=2.0)
            variants, crops = _turned_and_cropped(working)
    # Pillow reports some broken files (e.g. a bad PNG chunk) as SyntaxError.
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
        raise NotAnImage(str(exc)) from None
    latitude, longitude = _gps(exif)
    return PhotoFacts(
        sha256=hashlib.sha256(content).hexdigest(),
        size_bytes=len(content),
        phash=phash,
        width=width,
        height=height,
        taken_at=_taken_at(exif, tz),
        latitude=latitude,
        longitude=longitude,
        had_exif=len(exif) > 0,
        variant_hashes=variants,
        crop_hashes=crops,
    )


def _plain_thumbnail(grey: Image.Image) -> np.ndarray:
    """The 32×32 thumbnail of imagehash's phash (Lanczos all the way, as stored hashes were made)."""
    import numpy as np

    return np.asarray(grey.resize((32, 32), Image.Resampling.LANCZOS), dtype=np.float64)


@cache
def _dct_rows() -> np.ndarray:
    """The 8 lowest rows of the 32-point DCT-II matrix, unnormalised (SciPy's `dct` type 2)."""
    import numpy as np

    k, n = np.arange(8)[:, None], np.arange(32)[None, :]
    return 2 * np.cos(np.pi * k * (2 * n + 1) / 64)


def _phash_bits(pixels: np.ndarray) -> int:
    """imagehash's phash of a 32×32 greyscale thumbnail, as a 64-bit integer: the signs of its 8×8
    lowest DCT frequencies against their median. The DCT as the product with its matrix (only
    the 8 rows used) gives imagehash's bits without SciPy, whose import (~0.3 s of CPU holding
    the interpreter) stalled every reply whenever it happened in the running bot."""
    dct = _dct_rows()
    return _hashes((dct @ pixels @ dct.T)[None])[0]


def _hashes(frequencies: np.ndarray) -> list[int]:
    """The 64-bit hashes of a stack of 8×8 low-frequency blocks: each bit says whether its
    frequency is above the block's median (row-major, first frequency in the highest bit)."""
    import numpy as np

    flat = frequencies.reshape(len(frequencies), 64)
    bits = flat > np.median(flat, axis=1, keepdims=True)
    return [int(value) for value in np.packbits(bits, axis=1).view(">u8").ravel()]


@cache
def _crop_rows(size: int) -> np.ndarray:
    """For every centre crop (`CROP_FRACTIONS`) of a side of `size` pixels, the 8 lowest DCT
    frequencies of its Lanczos resampling to 32 pixels, as one (8 × crops, size) matrix:
    resampling and the DCT are both linear, so a crop's 8×8 frequencies are
    rows · picture · columnsᵀ. The weights are Pillow's for the crop resized on its own (the
    filter sees no pixel outside it, as in a copy cropped to it), at its exact fractional bounds."""
    import numpy as np

    fractions = np.array(CROP_FRACTIONS)[:, None, None]
    starts, ends = size * (1 - fractions) / 2, size * (1 + fractions) / 2
    scales = size * fractions / 32  # picture pixels per thumbnail pixel
    centres = starts + (np.arange(32)[None, :, None] + 0.5) * scales
    pixels = np.arange(size)[None, None, :] + 0.5  # pixel centres
    offsets = (pixels - centres) / np.maximum(scales, 1.0)  # the filter widens when shrinking
    inside = (np.abs(offsets) < 3) & (pixels > starts) & (pixels < ends)
    weights = np.where(inside, np.sinc(offsets) * np.sinc(offsets / 3), 0.0)
    weights /= weights.sum(axis=2, keepdims=True)
    return (_dct_rows() @ weights).reshape(len(CROP_FRACTIONS) * 8, size)


def _turned_and_cropped(working: Image.Image) -> tuple[tuple[int, ...], bytes]:
    """The hashes of the picture's 8 mirrored and rotated versions (identity first) and of its
    centre crops (`CROP_FRACTIONS`, 8 bytes each, little-endian). Two matrix products give every
    crop's low frequencies (NumPy's BLAS runs them without holding the interpreter); turning a
    thumbnail only transposes its frequencies or flips the signs of the odd ones."""
    import numpy as np

    _blas_on_one_thread()
    pixels = np.asarray(working, dtype=np.float64)
    height, width = pixels.shape
    crops = len(CROP_FRACTIONS)
    rows = (_crop_rows(height) @ pixels).reshape(crops, 8, width)
    low = rows @ _crop_rows(width).reshape(crops, 8, width).transpose(0, 2, 1)
    whole = low[0]
    odd = np.where(np.arange(8) % 2, -1.0, 1.0)
    turns = [
        column_signs * (row_signs[:, None] * block)
        for block in (whole, whole.T)
        for row_signs in (np.ones(8), odd)
        for column_signs in (np.ones(8), odd)
    ]
    return tuple(_hashes(np.stack(turns))), np.array(_hashes(low), dtype="<u8").tobytes()


@cache
def _blas_on_one_thread() -> None:
    """NumPy's BLAS (OpenBLAS) multiplies matrices of a photo's size on every core, and its idle
    threads spin on: 20 ms of process CPU per photo instead of 8. Photos are hashed in worker threads side
    by side already, so BLAS gets one thread (for the whole process)."""
    import numpy  # noqa: F401  (its BLAS is limited once loaded, not before)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def _readable_exif(image: Image.Image) -> Image.Exif:
    """The picture's EXIF, or none when it is damaged: a bad header drops only the EXIF facts."""
    try:
        return image.getexif()
    except (SyntaxError, ValueError, OSError):
        return Image.Exif()


def phash_distance(first: str, second: str) -> int:
    """Number of differing bits between two hex perceptual hashes."""
    return (int(first, 16) ^ int(second, 16)).bit_count()


def _taken_at(exif: Image.Exif, tz: ZoneInfo) -> int | None:
    details = exif.get_ifd(ExifTags.IFD.Exif)
    raw = details.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    if not isinstance(raw, str):
        return None
    offset = details.get(ExifTags.Base.OffsetTimeOriginal)
    try:
        if isinstance(offset, str) and offset.strip():
            return int(datetime.strptime(f"{raw.strip()} {offset.strip()}", f"{_EXIF_TIME_FORMAT} %z").timestamp())
        return int(datetime.strptime(raw.strip(), _EXIF_TIME_FORMAT).replace(tzinfo=tz).timestamp())
    except ValueError:
        return None


def _gps(exif: Image.Exif) -> tuple[float | None, float | None]:
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    latitude = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef), "S")
    longitude = _degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef), "W")
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


def _degrees(value: Any, ref: Any, negative: str) -> float | None:
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = degrees + minutes / 60 + seconds / 3600
    return -result if str(ref).strip().upper() == negative else result
