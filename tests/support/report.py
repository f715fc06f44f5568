"""Helpers for the visit report tests: households near a known spot, test pictures, and a
companion walking through the report conversation."""

from __future__ import annotations

import io
import random
import zlib
from dataclasses import dataclass
from typing import Any

from PIL import ExifTags, Image

from bot.domain import Household, NewHousehold
from tests.support.harness import BotHarness, BotResponse, FakeUser

# A house in Kabupaten Serang; offsets in degrees of latitude (~111 m per 0.001).
HOME = (-6.120000, 106.150000)
METRE = 1 / 110_590  # metres of latitude near 6° S


def north_of(point: tuple[float, float], metres: float) -> tuple[float, float]:
    return point[0] + metres * METRE, point[1]


async def add_household(
    bot: BotHarness,
    companion: FakeUser | None,
    name: str,
    position: tuple[float, float] | None = HOME,
    *,
    dtks_id: str | None = None,
    desa: str = "Sukamaju",
) -> Household:
    latitude, longitude = position if position else (None, None)
    return await bot.services.households.add(
        NewHousehold(
            dtks_id=dtks_id or f"3604{zlib.crc32(name.encode()) % 10**12:012d}",
            head_name=name,
            region_code="3604",
            desa=desa,
            latitude=latitude,
            longitude=longitude,
            coordinates_source="import" if position else None,
            companion_id=companion.person.id if companion and companion.person else None,
        ),
        actor_id=None,
    )


def picture(seed: int, *, size: int = 32, exif: Image.Exif | None = None, quality: int = 90) -> bytes:
    """A small JPEG of random noise: different seeds give clearly different pictures."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (size, size), bytes(rng.randrange(256) for _ in range(size * size * 3)))
    image = image.resize((size * 4, size * 4), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def camera_exif(taken: str, latitude: float | None = None, longitude: float | None = None) -> Image.Exif:
    """EXIF as a phone camera writes it: local capture time and, if given, GPS degrees."""
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    if latitude is not None and longitude is not None:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "S" if latitude < 0 else "N"
        gps[ExifTags.GPS.GPSLatitude] = _dms(abs(latitude))
        gps[ExifTags.GPS.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
        gps[ExifTags.GPS.GPSLongitude] = _dms(abs(longitude))
    return exif


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    return float(degrees), float(minutes), round((value - degrees - minutes / 60) * 3600, 4)


@dataclass
class Reporter:
    """A companion going through the report, step by step."""

    bot: BotHarness
    user: FakeUser
    location: dict[str, Any] | None = None

    async def start(self) -> BotResponse:
        return await self.user.command("lapor")

    async def share(
        self, position: tuple[float, float] = HOME, *, live: bool = True, accuracy: float | None = 10
    ) -> BotResponse:
        self.location = self.user.location_message(*position, live_period=3600 if live else None, accuracy=accuracy)
        return await self.user.send_message(self.location)

    async def choose(self, answer: BotResponse, name: str) -> BotResponse:
        return await self.user.press(answer.button(name))

    async def photo(self, seed: int = 1) -> BotResponse:
        return await self.user.send_photo(picture(seed))

    async def conditions(self) -> BotResponse:
        """Mark every condition once (checked), then continue."""
        conditions = self.bot.settings.report.conditions
        for index in range(len(conditions)):
            await self.user.press(f"rep:c:{index}")
        return await self.user.press("rep:cd")

    async def to_confirm(
        self,
        household: str,
        position: tuple[float, float] = HOME,
        *,
        live: bool = True,
        accuracy: float | None = 10,
        seed: int = 1,
    ) -> BotResponse:
        """Everything up to the summary; a verdict other than verified is accepted."""
        await self.start()
        listed = await self.share(position, live=live, accuracy=accuracy)
        chosen = await self.choose(listed, household)
        if any(b["callback_data"] == "rep:go" for b in chosen.buttons):
            await self.user.press("rep:go")
        await self.photo(seed)
        await self.user.press("rep:pd")
        await self.conditions()
        return await self.user.press("rep:skip")

    async def report(self, household: str, position: tuple[float, float] = HOME, **options: Any) -> BotResponse:
        """A whole report; asked whether it repeats a report just stored, the answer is "a new visit"."""
        await self.to_confirm(household, position, **options)
        sent = await self.user.press("rep:send")
        if any(button.get("callback_data") == "rep:new" for button in sent.buttons):
            sent = await self.user.press("rep:new")
        return sent
