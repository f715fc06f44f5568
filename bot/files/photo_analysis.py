"""What a visit photo tells: checksums, a perceptual hash, and the capture time and GPS
position from its EXIF data (kept only when sent as a file: Telegram strips EXIF from photos)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PIL import ExifTags, Image, UnidentifiedImageError

_EXIF_TIME_FORMAT = "%Y:%m:%d %H:%M:%S"


class NotAnImage(Exception):
    """The bytes are not an image Pillow can read."""


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


def warm_up() -> None:
    """Import imagehash and the SciPy FFT it uses on first use (about 0.3 s): the bot starts
    without them and loads them in the background soon after, not on the first photo."""
    import imagehash  # noqa: F401
    import scipy.fftpack  # noqa: F401


def analyse(content: bytes, tz: ZoneInfo) -> PhotoFacts:
    """Hash and measure an image; read its EXIF capture time (local time `tz` unless the
    EXIF gives an offset) and GPS position when present."""
    import imagehash

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            width, height = image.size
            phash = str(imagehash.phash(image))
            exif = _readable_exif(image)
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
    )


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
