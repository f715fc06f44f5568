"""Whatever the bot composes fits one Telegram message (4,096 characters): a longer text is
shortened at a line with a note, and the whole of it comes as an attached file."""

from __future__ import annotations

from handlers.plumbing.replies import MESSAGE_LIMIT, fit_message, telegram_length
from storage.models import Role
from tests.harness import BotHarness


def test_a_text_that_fits_is_left_alone() -> None:
    assert fit_message("<b>Halo</b>\nSiti", "id") == ("<b>Halo</b>\nSiti", None)


def test_a_long_text_keeps_whole_lines_and_the_file_has_everything() -> None:
    lines = [f"<b>{number}</b> Siti &amp; Budi 👩‍👧 {'x' * 60}" for number in range(200)]
    shown, whole = fit_message("\n".join(lines), "id")
    assert telegram_length(shown) <= MESSAGE_LIMIT
    assert shown.startswith(lines[0]) and "berkas terlampir" in shown
    assert all(line in lines for line in shown.split("\n\n")[0].split("\n")), "no line cut in half"
    assert whole is not None
    text = whole.decode()
    assert "199 Siti & Budi 👩‍👧" in text and "<b>" not in text


def test_one_endless_line_is_cut_as_plain_text() -> None:
    shown, whole = fit_message("<b>" + "a&lt;" * 3000 + "</b>", "en")
    assert telegram_length(shown) <= MESSAGE_LIMIT and "<b>" not in shown and "attached file" in shown
    assert whole is not None and whole.decode() == "a<" * 3000


async def test_an_import_summary_too_long_for_a_message_comes_with_a_file(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    extra = [f"kolom_tambahan_yang_tidak_dikenal_oleh_bot_jamsosratu_nomor_{number}" for number in range(90)]
    header = ",".join(["id_dtks", "nama_kepala", "kode_wilayah", *extra])
    row = ",".join(["3604000000000001", "Siti", "3604", *("" for _ in extra)])
    answer = await admin.send_document(f"{header}\n{row}\n".encode(), "kpm.csv", "text/csv")
    assert all(telegram_length(text) <= MESSAGE_LIMIT for text in answer.texts)
    summary = next(text for text in answer.texts if "KPM baru: 1" in text)
    assert "berkas terlampir" in summary and answer.button("Terapkan")
    [(name, content)] = answer.documents()
    assert name == "pesan-lengkap.txt" and "nomor_89" in content.decode()
