"""The report's evidence files: visit photos (downloaded, hashed, checked for reuse and EXIF)
and voice notes, stored under photo_dir/<YYYY>/<MM>/<DD>/<dtks_id>/."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from telegram import Document, Message, PhotoSize, Update, Voice
from telegram.error import TelegramError

from bot.domain import Household, VisitFlag
from bot.files.photo_analysis import NotAnImage, PhotoFacts, TooManyPixels, analyse
from bot.rules.readable import chat_time, distance_text
from bot.rules.report import (
    DraftPhoto,
    ReportDraft,
    SharedLocation,
    photo_warnings,
)
from bot.rules.verdict import distance_m
from bot.texts import t
from handlers.plumbing.context import BotContext
from handlers.plumbing.journey import Next, answer_query
from handlers.plumbing.replies import reply
from handlers.report import keyboards as kb
from handlers.report.prompts import ask_conditions, show_summary
from handlers.report.session import NOTE, PHOTOS, REPORT, send
from storage.photos_index import PhotoReuse

BYTES_PER_MB = 2**20
DECODERS = "photo_decoders"
# Photos are analysed in a thread pool of their own (as large as asyncio's default one): in the
# default pool, a burst of photos queued every file write and reuse comparison (and digests,
# exports) behind it. How many are decoded at once is the pixel budget's to say.
ANALYSERS = ThreadPoolExecutor(thread_name_prefix="photo-analysis")


@REPORT.step
async def receive_photo(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Download, hash and check one photo (or image file) and keep it in the draft."""
    message = update.effective_message
    assert message is not None and draft.location is not None and draft.household_id is not None
    if message.forward_origin is not None:
        await reply(update, context, "report.photo.forwarded")
        return PHOTOS
    file: PhotoSize | Document = message.photo[-1] if message.photo else message.document  # type: ignore[assignment]
    if any(p.message_id == message.message_id or p.file_unique_id == file.file_unique_id for p in draft.photos):
        await reply(update, context, "report.photo.duplicate")
        return PHOTOS
    settings = context.services.settings
    limits = settings.report
    max_bytes = int(limits.photo_max_mb * BYTES_PER_MB)
    if (file.file_size or 0) > max_bytes:
        await _too_large(
            update, context, f"{(file.file_size or 0) / BYTES_PER_MB:.1f} MB", f"{limits.photo_max_mb:g} MB"
        )
        return PHOTOS
    try:
        # The household is read while the photo downloads.
        content, household = await asyncio.gather(
            _download(context, file.file_id), context.services.households.by_id(draft.household_id)
        )
    except TelegramError:
        await reply(update, context, "report.photo.download_failed")
        return PHOTOS
    assert household is not None
    max_pixels = int(limits.photo_max_megapixels * 1e6)
    # A photo's size is Telegram's (at most 2560 px a side); a file's is known only once read.
    pixels = min(file.width * file.height, max_pixels) if isinstance(file, PhotoSize) else max_pixels
    try:
        async with _decoding(context).room_for(pixels):
            facts = await asyncio.get_running_loop().run_in_executor(
                ANALYSERS, analyse, content, settings.locale.tz, max_pixels
            )
    except NotAnImage:
        await reply(update, context, "report.photo.not_image")
        return PHOTOS
    except TooManyPixels as large:
        await _too_large(update, context, f"{large.megapixels:.0f} MP", f"{limits.photo_max_megapixels:g} MP")
        return PHOTOS
    if any(p.sha256 == facts.sha256 for p in draft.photos):
        await reply(update, context, "report.photo.duplicate")
        return PHOTOS
    path, reuse = await asyncio.gather(
        store_file(context, household, f"{file.file_unique_id}{_extension(message)}", content),
        earlier_use(context, facts, file.file_unique_id),
    )
    # EXIF is checked only for files: a photo sent the normal way had it stripped by Telegram,
    # so whatever it carries was written by Telegram, not by the camera.
    exif = facts if message.document is not None else None
    photo = DraftPhoto(
        file_id=file.file_id,
        file_unique_id=file.file_unique_id,
        path=path,
        sha256=facts.sha256,
        size_bytes=facts.size_bytes,
        phash=facts.phash,
        width=facts.width,
        height=facts.height,
        message_id=message.message_id,
        exif_taken_at=exif.taken_at if exif else None,
        exif_latitude=exif.latitude if exif else None,
        exif_longitude=exif.longitude if exif else None,
        reused_visit_id=reuse.visit_id if reuse else None,
        reuse_reason=reuse.reason if reuse else None,
        had_exif=facts.had_exif,
        crop_hashes=facts.crop_hashes.hex(),
    )
    draft.photos.append(photo)
    lang = context.language
    lines = [t("report.photo.received", lang, count=len(draft.photos))]
    lines += [
        _warning_text(flag, photo, draft.location, context, lang)
        for flag in photo_warnings(photo, draft.location, settings.verification)
    ]
    if len(draft.photos) >= settings.report.photos_max:
        await send(update, context, "\n".join(lines))
        return await ask_conditions(update, context, draft)
    remaining = settings.report.photos_min - len(draft.photos)
    if remaining > 0:
        lines.append(t("report.photo.more", lang, remaining=remaining))
        await send(update, context, "\n".join(lines))
    else:
        lines.append(t("report.photo.enough", lang))
        await send(update, context, "\n".join(lines), kb.photos_done(lang))
    return PHOTOS


class PixelBudget:
    """Pixels being decoded at the same time, over every companion, within what
    `report.photo_decoders` images of the largest size allowed would take (memory grows with
    decoded pixels): a burst of Telegram photos (at most ~6.5 MP each, most about 1 MP) is
    decoded side by side instead of one after another, while a file of unknown size takes
    the room of the largest. First come, first decoded."""

    def __init__(self, pixels: int) -> None:
        self._free = pixels
        self._queue: deque[tuple[int, asyncio.Future[None]]] = deque()

    @asynccontextmanager
    async def room_for(self, pixels: int) -> AsyncIterator[None]:
        if self._queue or pixels > self._free:
            waiter = asyncio.get_running_loop().create_future()
            self._queue.append((pixels, waiter))
            try:
                await waiter
            except BaseException:
                if waiter.done() and not waiter.cancelled():
                    self._release(pixels)  # granted while being cancelled
                elif (pixels, waiter) in self._queue:  # a release may have passed over it already
                    self._queue.remove((pixels, waiter))
                    self._wake()
                raise
        else:
            self._free -= pixels
        try:
            yield
        finally:
            self._release(pixels)

    def _release(self, pixels: int) -> None:
        self._free += pixels
        self._wake()

    def _wake(self) -> None:
        while self._queue and self._queue[0][0] <= self._free:
            pixels, waiter = self._queue.popleft()
            if not waiter.done():
                self._free -= pixels
                waiter.set_result(None)


def _decoding(context: BotContext) -> PixelBudget:
    """The application's pixel budget for decoding photos."""
    budget = context.bot_data.get(DECODERS)
    if not isinstance(budget, PixelBudget):
        report = context.services.settings.report
        pixels = int(report.photo_decoders * report.photo_max_megapixels * 1e6)
        budget = context.bot_data[DECODERS] = PixelBudget(pixels)
    return budget


async def _too_large(update: Update, context: BotContext, size: str, limit: str) -> None:
    await reply(update, context, "report.photo.too_large", size=size, limit=limit)


async def earlier_use(context: BotContext, facts: PhotoFacts, file_unique_id: str) -> PhotoReuse | None:
    """The earlier report that used this picture, anywhere in the province: the same file,
    bytes or picture, or a mirrored, turned or cropped copy."""
    index, report = context.services.photo_index, context.services.settings.report
    found = await index.earlier_use(
        file_unique_id=file_unique_id, sha256=facts.sha256, phash=facts.phash, max_distance=report.phash_max_distance
    )
    if found is not None:
        return found
    copies = await index.copies(facts.variant_hashes, report.copy_max_distance)
    return copies[0] if copies else None


def _warning_text(flag: VisitFlag, photo: DraftPhoto, location: SharedLocation, context: BotContext, lang: str) -> str:
    if flag.flag == "reused_photo":
        return t("report.photo.reused", lang, visit=flag.related_visit_id)
    if flag.flag == "exif_time_skew" and photo.exif_taken_at is not None:
        return t(
            "report.photo.exif_time_skew",
            lang,
            taken=chat_time(photo.exif_taken_at, context.services.settings.locale.tz),
        )
    assert photo.exif_latitude is not None and photo.exif_longitude is not None
    away = distance_m(photo.exif_latitude, photo.exif_longitude, location.latitude, location.longitude)
    return t("report.photo.exif_far", lang, distance=distance_text(away, lang))


async def _download(context: BotContext, file_id: str) -> bytes:
    return bytes(await (await context.bot.get_file(file_id)).download_as_bytearray())


def _extension(message: Message) -> str:
    if message.document is not None and message.document.file_name:
        suffix = Path(message.document.file_name).suffix.lower()
        if suffix.isascii() and 1 < len(suffix) <= 6 and suffix[1:].isalnum():
            return suffix
    return ".jpg"


def _safe(name: str) -> str:
    """A file or folder name without path separators or other surprises."""
    return "".join(c for c in name if c.isascii() and (c.isalnum() or c in "-_."))


async def store_file(context: BotContext, household: Household, name: str, content: bytes) -> str:
    """Write original bytes under photo_dir/<YYYY>/<MM>/<DD>/<dtks_id>/; return the relative path."""
    settings = context.services.settings
    day = datetime.fromtimestamp(context.services.clock.now(), settings.locale.tz)
    relative = Path(f"{day:%Y}", f"{day:%m}", f"{day:%d}", _safe(household.dtks_id) or str(household.id), _safe(name))
    target = settings.storage.photo_dir / relative

    def write() -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    await asyncio.to_thread(write)
    return relative.as_posix()


@REPORT.step
async def finish_photos(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Move on to the conditions once enough photos arrived."""
    remaining = context.services.settings.report.photos_min - len(draft.photos)
    if remaining > 0:
        await answer_query(update, context, "report.photos.too_few", remaining=remaining)
        return PHOTOS
    await answer_query(update, context)
    return await ask_conditions(update, context, draft)


@REPORT.step
async def receive_voice_note(update: Update, context: BotContext, draft: ReportDraft) -> Next:
    """Store the voice note as a file and show the summary."""
    message = update.effective_message
    assert message is not None and draft.household_id is not None
    voice: Voice | None = message.voice
    assert voice is not None
    try:
        content = await _download(context, voice.file_id)
    except TelegramError:
        await reply(update, context, "report.photo.download_failed")
        return NOTE
    household = await context.services.households.by_id(draft.household_id)
    assert household is not None
    draft.voice_note_path = await store_file(context, household, f"voice-{voice.file_unique_id}.ogg", content)
    return await show_summary(update, context, draft)
