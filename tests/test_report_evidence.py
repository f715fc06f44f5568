"""Evidence of a visit: photos (reuse, EXIF), the live-location track, and what the
companion can look back on (/riwayat, /kpmsaya, the main menu)."""

from __future__ import annotations

import asyncio
import io
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from bot.domain import Role
from handlers.report import photos as report_photos
from tests.support.harness import BotHarness
from tests.support.report import HOME, Reporter, add_household, camera_exif, north_of, picture


@pytest.fixture
async def reporter(bot: BotHarness) -> Reporter:
    user = await bot.register(Role.COMPANION, first_name="Rina")
    await add_household(bot, user, "Siti Aminah", HOME, dtks_id="3604000000000001")
    await add_household(bot, user, "Ujang Saputra", north_of(HOME, 40), dtks_id="3604000000000002")
    return Reporter(bot, user)


async def at_photos(reporter: Reporter, household: str = "Siti Aminah") -> None:
    await reporter.start()
    listed = await reporter.share(HOME)
    await reporter.choose(listed, household)


async def flags(bot: BotHarness, visit_id: int) -> list[tuple[str, int | None]]:
    visit = await bot.services.visits.by_id(visit_id)
    assert visit is not None
    return [(flag.flag, flag.related_visit_id) for flag in visit.flags]


async def finish(reporter: Reporter) -> None:
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    await reporter.user.press("rep:skip")
    await reporter.user.press("rep:send")


# ── Photos ───────────────────────────────────────────────────────────────────


def transformed(content: bytes, change: Callable[[Image.Image], Image.Image]) -> bytes:
    out = io.BytesIO()
    with Image.open(io.BytesIO(content)) as image:
        change(image.convert("RGB")).save(out, "JPEG", quality=85)
    return out.getvalue()


def centre(image: Image.Image, fraction: float) -> Image.Image:
    width, height = image.size
    left, top = round(width * (1 - fraction) / 2), round(height * (1 - fraction) / 2)
    return image.crop((left, top, width - left, height - top))


@pytest.mark.parametrize(
    ("second", "reason"),
    [
        (lambda: picture(21), "sha256"),  # the same bytes, sent again
        (lambda: picture(21, quality=55), "phash"),  # the same picture, compressed again
        (lambda: transformed(picture(21), ImageOps.mirror), "copy"),
        (lambda: transformed(picture(21), lambda image: image.transpose(Image.Transpose.ROTATE_180)), "copy"),
        (
            lambda: transformed(picture(21), lambda image: centre(image.transpose(Image.Transpose.ROTATE_90), 0.72)),
            "copy",
        ),
    ],
    ids=["same-bytes", "recompressed", "mirrored", "rotated-180", "rotated-90-cropped-72%"],
)
async def test_a_photo_of_another_visit_is_flagged_as_reused(
    bot: BotHarness,
    reporter: Reporter,
    second,
    reason: str,  # type: ignore[no-untyped-def]
) -> None:
    await at_photos(reporter)
    await reporter.user.send_photo(picture(21))
    await finish(reporter)
    bot.clock.advance(3600)
    await at_photos(reporter, "Ujang Saputra")
    answer = await reporter.user.send_photo(second())
    assert "pernah dipakai di laporan #1" in answer.text
    await finish(reporter)
    assert await flags(bot, 2) == [("reused_photo", 1)]
    detail = await bot.services.db.fetch_value("SELECT detail FROM visit_flags WHERE visit_id = 2")
    assert detail == reason


async def test_the_same_telegram_file_is_reused_even_from_another_companion(
    bot: BotHarness, reporter: Reporter
) -> None:
    await at_photos(reporter)
    await reporter.user.send_photo(picture(30), file_id="shared-file")
    await finish(reporter)
    other = Reporter(bot, await bot.register(Role.COMPANION, first_name="Dedi"))
    await add_household(bot, other.user, "Aminah Hasanah", north_of(HOME, 20))
    await at_photos(other, "Aminah Hasanah")
    bot.api.add_file("shared-file-2", picture(31))
    message = other.user.message(
        photo=[{"file_id": "shared-file-2", "file_unique_id": "u-shared-file", "width": 128, "height": 128}]
    )
    answer = await other.user.send_message(message)
    assert "pernah dipakai di laporan #1" in answer.text


async def test_different_photos_are_not_flagged(bot: BotHarness, reporter: Reporter) -> None:
    await at_photos(reporter)
    await reporter.user.send_photo(picture(40))
    await finish(reporter)
    bot.clock.advance(3600)
    await at_photos(reporter, "Ujang Saputra")
    answer = await reporter.user.send_photo(picture(41))
    assert "pernah dipakai" not in answer.text
    await finish(reporter)
    assert await flags(bot, 2) == []


async def test_a_forwarded_photo_is_refused(bot: BotHarness, reporter: Reporter) -> None:
    await at_photos(reporter)
    answer = await reporter.user.send_photo(picture(50), forwarded=True)
    assert "diteruskan tidak diterima" in answer.text
    assert "rep:pd" not in str(answer.buttons)
    assert "Foto 1 diterima" in (await reporter.user.send_photo(picture(51))).text


async def test_a_file_that_is_not_a_readable_image_is_refused(bot: BotHarness, reporter: Reporter) -> None:
    await at_photos(reporter)
    answer = await reporter.user.send_document(b"not a jpeg at all", "foto.jpg", "image/jpeg")
    assert "bukan gambar" in answer.text


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header announces `width` × `height` pixels (valid checksums)."""
    out = io.BytesIO()
    Image.new("L", (8, 8)).save(out, "PNG")
    content = bytearray(out.getvalue())
    header = b"IHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes(content[24:29])
    content[12:29] = header
    content[29:33] = zlib.crc32(header).to_bytes(4, "big")
    return bytes(content)


async def test_images_over_the_caps_are_refused_before_decoding_and_the_draft_stays(
    bot: BotHarness, reporter: Reporter
) -> None:
    await at_photos(reporter)
    huge = await reporter.user.send_document(png_claiming(12_000, 12_000), "peta.png", "image/png")
    assert "terlalu besar (144 MP; batasnya 16 MP)" in huge.text and "foto biasa" in huge.text
    heavy = reporter.user.message(
        document={
            "file_id": "big",
            "file_unique_id": "u-big",
            "file_name": "a.jpg",
            "mime_type": "image/jpeg",
            "file_size": 30 * 2**20,
        }
    )
    answer = await reporter.user.send_message(heavy)
    assert "terlalu besar (30.0 MB; batasnya 20 MB)" in answer.text
    assert not bot.api.calls_to("getFile")[1:], "the heavy file was never downloaded"
    assert "Foto 1 diterima" in (await reporter.user.send_photo(picture(53))).text


async def test_photos_are_decoded_off_the_event_loop_within_the_pixels_of_photo_decoders_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's size is known only once read, so it counts as the largest image: at most
    `photo_decoders` files are decoded at a time. A Telegram photo counts its own pixels, so
    a burst of photos is decoded side by side within the same memory."""
    async with BotHarness(tmp_path, config={"report": {"photo_decoders": 2}}) as bot:
        reporters = []
        for number in range(4):
            reporter = Reporter(bot, await bot.register(Role.COMPANION, first_name=f"Pendamping {number}"))
            await add_household(bot, reporter.user, "Siti Aminah", HOME, dtks_id=f"36040000000000{number:02d}")
            await at_photos(reporter)
            reporters.append(reporter)
        release, counted = threading.Event(), threading.Lock()
        decoding = {"now": 0, "most": 0}
        analyse = report_photos.analyse

        def held(*args: object) -> object:
            with counted:
                decoding["now"] += 1
                decoding["most"] = max(decoding["most"], decoding["now"])
            release.wait(10)
            with counted:
                decoding["now"] -= 1
            return analyse(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(report_photos, "analyse", held)
        fetched = len(bot.api.calls_to("getFile"))
        files = [
            asyncio.create_task(reporter.user.send_document(picture(60 + n), f"IMG_{n}.jpg", "image/jpeg"))
            for n, reporter in enumerate(reporters)
        ]
        await bot.wait_for(lambda: len(bot.api.calls_to("getFile")) == fetched + 4 and decoding["now"] >= 2)
        # Two files are being decoded and two wait their turn; everyone else is served meanwhile.
        coordinator = await bot.register(Role.COORDINATOR)
        assert (await coordinator.command("bantuan")).text
        assert decoding == {"now": 2, "most": 2}
        release.set()
        answers = await asyncio.gather(*files)
        assert all("Foto 1 diterima" in answer.text for answer in answers)
        assert decoding == {"now": 0, "most": 2}

        release.clear()
        decoding["most"] = 0
        photos = [asyncio.create_task(reporter.photo(seed=70 + n)) for n, reporter in enumerate(reporters)]
        await bot.wait_for(lambda: decoding["now"] == 4)  # 4 photos of 640 × 480 within 2 × 16 MP
        release.set()
        answers = await asyncio.gather(*photos)
        assert all("Foto 2 diterima" in answer.text for answer in answers)
        assert decoding == {"now": 0, "most": 4}


async def test_a_failed_download_asks_again(bot: BotHarness, reporter: Reporter) -> None:
    await at_photos(reporter)
    bot.api.fail("getFile", status=400, description="Bad Request: file is too big")
    answer = await reporter.user.send_photo(picture(52))
    assert "tidak dapat diunduh" in answer.text
    assert "Foto 1 diterima" in (await reporter.user.send_photo(picture(52))).text


async def test_an_image_file_keeps_its_exif_and_is_compared_with_the_visit(bot: BotHarness, reporter: Reporter) -> None:
    await at_photos(reporter)
    far = (HOME[0] + 0.05, HOME[1])  # ~5.5 km away
    content = picture(60, exif=camera_exif("2025:11:27 07:00:00", *far))
    answer = await reporter.user.send_document(content, "IMG_0001.JPG", "image/jpeg")
    assert "diambil pada 27/11/2025 07:00 WIB" in answer.text
    assert "diambil 5,5 km dari posisi Anda" in answer.text
    await finish(reporter)
    assert {flag for flag, _ in await flags(bot, 1)} == {"exif_time_skew", "exif_far"}
    row = await bot.services.db.fetch_one("SELECT * FROM photos WHERE visit_id = 1")
    assert row is not None
    assert row["exif_taken_at"] == bot.clock.now() - 3 * 3600
    assert row["exif_latitude"] == pytest.approx(far[0], abs=1e-4)
    assert row["exif_longitude"] == pytest.approx(far[1], abs=1e-4)
    assert row["path"].endswith(".jpg")
    stored = Path(bot.settings.storage.photo_dir) / row["path"]
    assert stored.read_bytes() == content
    assert row["had_exif"] == 1


async def test_exif_is_checked_only_for_files_and_its_presence_is_stored(bot: BotHarness, reporter: Reporter) -> None:
    """Telegram strips EXIF from photos sent the normal way: such a photo's EXIF (none in real
    life) is never checked; whether each photo carried EXIF is stored either way."""
    await at_photos(reporter)
    far = (HOME[0] + 0.05, HOME[1])
    answer = await reporter.user.send_photo(picture(62, exif=camera_exif("2025:11:27 07:00:00", *far)))
    assert "⚠️" not in answer.text
    await reporter.user.send_photo(picture(63))
    await finish(reporter)
    assert await flags(bot, 1) == []
    rows = await bot.services.db.fetch_all("SELECT had_exif, exif_taken_at FROM photos ORDER BY id")
    assert [tuple(row) for row in rows] == [(1, None), (0, None)]


async def test_exif_that_matches_the_visit_is_not_flagged(bot: BotHarness, reporter: Reporter) -> None:
    await at_photos(reporter)
    content = picture(61, exif=camera_exif("2025:11:27 09:58:00", *north_of(HOME, 15)))
    answer = await reporter.user.send_document(content, "IMG_0002.jpg", "image/jpeg")
    assert "⚠️" not in answer.text
    await finish(reporter)
    assert await flags(bot, 1) == []


async def test_photo_limits_come_from_the_configuration(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, config={"report": {"photos_min": 2, "photos_max": 3}}) as bot:
        user = await bot.register(Role.COMPANION)
        await add_household(bot, user, "Siti Aminah")
        reporter = Reporter(bot, user)
        await at_photos(reporter)
        first = await user.send_photo(picture(70))
        assert "Kirim 1 foto lagi" in first.text and first.buttons == []
        early = await user.press("rep:pd")
        assert early.calls[-1].params["text"] == "Kirim 1 foto lagi dulu."
        assert "Lanjutkan" in str((await user.send_photo(picture(71))).buttons)
        third = await user.send_photo(picture(72))
        assert "Tandai setiap syarat" in third.text  # the last allowed photo moves on


async def test_a_voice_note_is_stored_as_a_file(bot: BotHarness, reporter: Reporter) -> None:
    await at_photos(reporter)
    await reporter.user.send_photo(picture(80))
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    summary = await reporter.user.send_voice(b"OggS-voice-note")
    assert "Catatan: pesan suara" in summary.text
    await reporter.user.press("rep:send")
    path = await bot.services.db.fetch_value("SELECT voice_note_path FROM visits")
    assert path.startswith("2025/11/27/3604000000000001/voice-")
    assert (Path(bot.settings.storage.photo_dir) / path).read_bytes() == b"OggS-voice-note"


# ── Live location ────────────────────────────────────────────────────────────


async def test_live_location_updates_are_tracked_during_the_report_only(bot: BotHarness, reporter: Reporter) -> None:
    user = reporter.user
    await reporter.start()
    listed = await reporter.share(north_of(HOME, 10))
    original = reporter.location
    assert original is not None
    bot.clock.advance(60)
    assert (await user.move_live_location(original, *north_of(HOME, 20))).calls == []
    await reporter.choose(listed, "Siti Aminah")
    bot.clock.advance(60)
    await user.move_live_location(original, *north_of(HOME, 30))
    await user.send_photo(picture(90))
    await finish(reporter)
    visit = await bot.services.db.fetch_one("SELECT * FROM visits")
    assert visit is not None
    assert visit["dwell_s"] == 120
    assert visit["max_distance_m"] == pytest.approx(30, abs=1)
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM visit_track") == 2

    bot.clock.advance(180)  # after the report, the live location still runs
    assert (await user.move_live_location(original, *north_of(HOME, 600))).calls == []
    after = await bot.services.db.fetch_one("SELECT dwell_s, max_distance_m FROM visits")
    assert after is not None and tuple(after) == (120, visit["max_distance_m"]), "the report is as it was sent"
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM visit_track") == 2


async def test_updates_after_the_live_period_or_from_another_chat_are_ignored(
    bot: BotHarness, reporter: Reporter
) -> None:
    await reporter.report("Siti Aminah", HOME)
    original = reporter.location
    assert original is not None
    stranger = bot.user()
    foreign = {**original, "chat": {"id": stranger.id, "type": "private"}, "from": stranger.sender()}
    assert (await stranger.move_live_location(foreign, *HOME)).calls == []
    other_chat = {**original, "chat": {"id": -100123, "type": "supergroup", "title": "Grup"}}
    in_group = await reporter.user.move_live_location(other_chat, *HOME)
    assert [call.method for call in in_group.calls] == ["leaveChat"], "the bot only leaves the group"
    bot.clock.advance(3601)
    assert (await reporter.user.move_live_location(original, *HOME)).calls == []
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM visit_track") == 0


async def test_a_cancelled_report_keeps_no_track(bot: BotHarness, reporter: Reporter) -> None:
    await reporter.start()
    await reporter.share(HOME)
    original = reporter.location
    assert original is not None
    await reporter.user.command("batal")
    bot.clock.advance(30)
    answer = await reporter.user.move_live_location(original, *HOME)
    assert answer.calls == []
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM visit_track") == 0


# ── What the companion can look back on ──────────────────────────────────────


async def test_companion_greeting_has_the_report_menu_and_its_buttons_work(bot: BotHarness, reporter: Reporter) -> None:
    greeting = await reporter.user.command("start")
    assert greeting.keyboard == ["📍 Lapor kunjungan", "🗂 Riwayat laporan", "🏠 KPM saya"]
    assert "/lapor" in greeting.text
    started = await reporter.user.send_text("📍 Lapor kunjungan")
    assert "Bagikan <b>lokasi langsung</b>" in started.text
    await reporter.user.command("batal")
    from_reminder = await reporter.user.press("rep:start")
    assert "Bagikan <b>lokasi langsung</b>" in from_reminder.text


async def test_coordinators_greeting_has_no_report_menu(bot: BotHarness) -> None:
    coordinator = await bot.register(Role.COORDINATOR)
    assert (await coordinator.command("start")).keyboard == []


async def test_riwayat_lists_the_latest_reports_with_flags(bot: BotHarness, reporter: Reporter) -> None:
    assert "belum mengirim laporan" in (await reporter.user.command("riwayat")).text
    await reporter.report("Siti Aminah", HOME)
    bot.clock.advance(3600)
    await reporter.report("Ujang Saputra", north_of(HOME, 700), seed=2)
    answer = await reporter.user.send_text("🗂 Riwayat laporan")
    lines = answer.text.splitlines()
    assert lines[0] == "Laporan terakhir Anda:"
    assert lines[1].startswith("#2 · 27/11/2025 11:00 WIB · Ujang Saputra (Sukamaju) · di luar radius · ⚠️ di luar")
    assert lines[2] == "#1 · 27/11/2025 10:00 WIB · Siti Aminah (Sukamaju) · terverifikasi"


async def test_riwayat_shows_what_the_coordinator_decided_and_why(bot: BotHarness, reporter: Reporter) -> None:
    """The rejection notice comes once; /riwayat keeps saying it, with the reason."""
    coordinator = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Bambang")
    for number, name in enumerate(("Siti Aminah", "Ujang Saputra", "Dewi Lestari"), start=1):
        await add_household(bot, reporter.user, name, north_of(HOME, 100 * number))
        await reporter.report(name, north_of(HOME, 100 * number + 700), seed=number)
        bot.clock.advance(3600)
    await reporter.report("Siti Aminah", north_of(HOME, 100), seed=4)  # verified, never reviewed
    await coordinator.press("rev:a:1")
    await coordinator.press("rev:r:2")
    await coordinator.send_text("Foto tidak menunjukkan rumah KPM")
    await coordinator.press("rev:v:3")

    lines = (await reporter.user.command("riwayat")).text.splitlines()

    assert lines[1].startswith("#4 ") and lines[2].startswith("#3 ")
    assert lines[3] == "   🔁 Koordinator meminta kunjungan ulang"
    assert (
        lines[4].startswith("#2 ") and lines[5] == "   ❌ Ditolak koordinator. Alasan: Foto tidak menunjukkan rumah KPM"
    )
    assert lines[6].startswith("#1 ") and lines[7] == "   ✅ Diterima koordinator"
    assert len(lines) == 8, "a report nobody reviewed gets no line of its own"


async def test_kpmsaya_lists_overdue_households_first(bot: BotHarness, reporter: Reporter) -> None:
    await add_household(bot, reporter.user, "Baru Sekali", north_of(HOME, 900))
    await reporter.report("Siti Aminah", HOME)
    bot.clock.advance(40 * 86400)
    await reporter.report("Ujang Saputra", north_of(HOME, 40), seed=2)
    answer = await reporter.user.command("kpmsaya")
    lines = answer.text.splitlines()
    assert lines[0].startswith("KPM Anda (3)")
    assert lines[1].startswith("⏰ Baru Sekali") and "belum pernah dikunjungi" in lines[1]
    assert lines[2].startswith("⏰ Siti Aminah") and "terakhir 27/11/2025" in lines[2]
    assert lines[3].startswith("✔️ Ujang Saputra") and "terakhir 06/01/2026" in lines[3]


async def test_kpmsaya_keeps_a_long_list_within_one_message(bot: BotHarness, reporter: Reporter) -> None:
    for index in range(41):
        await add_household(bot, reporter.user, f"Warga {index:02d}", north_of(HOME, 100 + index))
    answer = await reporter.user.send_text("🏠 KPM saya")
    lines = answer.text.splitlines()
    assert lines[0].startswith("KPM Anda (43)")
    assert len(lines) == 1 + 40 + 1 and lines[-1] == "… dan 3 KPM lainnya."
    assert len(answer.text) < 4096
