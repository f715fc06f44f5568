"""Whatever the bot composes fits Telegram's limits, counted in UTF-16 code units as Telegram
counts them (4,096 for a message, 1,024 for a caption): a longer text is shortened at a line
with a note, and the whole of it comes as an attached file (a caption's, as the next message)."""

from __future__ import annotations

from pathlib import Path

from telegram import Message

from bot.domain import Role
from handlers.plumbing.replies import CAPTION_LIMIT, MESSAGE_LIMIT, fit_message, send_captioned, telegram_length
from handlers.review.alerts import send_alerts
from handlers.scheduled.jobs import REMINDERS, WEEKLY_DIGEST, run_due
from tests.support.harness import BotHarness, FakeClock
from tests.support.office import add_household, add_visit, wib

NO_BACKOFF = {"delivery": {"retry_backoff_s": [0]}}


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


# Worst cases: names as long as a Telegram profile allows (64 + 64 characters), built of emoji
# that count two UTF-16 units each (a family of four is 11 units in 7 characters), and rows enough
# that no message could hold them.
FAMILY = "👩\u200d👩\u200d👧\u200d👦"
LONG_NAME = (FAMILY * 8 + " Siti Aminah binti Haji Abdul " + "🇮🇩" * 8)[:128]
LONG_DESA = ("Kampung Cibadak Hilir 🌾 " * 10)[:200]


def assert_every_send_fits(bot: BotHarness) -> int:
    """Every text and caption the bot sent is within Telegram's limits, counted in UTF-16 units
    with the HTML tags (stricter than Telegram, which counts the parsed text); returns the longest."""
    sends = [call for call in bot.api.calls if call.method.startswith(("send", "edit"))]
    assert sends
    longest = 0
    for call in sends:
        for name, limit in (("text", MESSAGE_LIMIT), ("caption", CAPTION_LIMIT)):
            value = call.params.get(name)
            if isinstance(value, str):
                assert telegram_length(value) <= limit, (call.method, name, telegram_length(value))
                longest = max(longest, telegram_length(value))
    return longest


def whole_texts(bot: BotHarness, chat_id: int) -> list[str]:
    """The attached files holding a shortened message's whole text, sent to `chat_id`."""
    return [
        content.decode()
        for call in bot.api.calls_to("sendDocument")
        if call.chat_id == chat_id
        for name, content in call.files.values()
        if name == "pesan-lengkap.txt"
    ]


def test_characters_are_counted_as_telegram_counts_them() -> None:
    assert len(FAMILY) == 7 and telegram_length(FAMILY) == 11
    lines = [LONG_NAME] * 30  # 3,690 characters, but 6,000 UTF-16 units
    assert sum(len(line) + 1 for line in lines) < MESSAGE_LIMIT < telegram_length("\n".join(lines))
    shown, whole = fit_message("\n".join(lines), "id")
    assert telegram_length(shown) <= MESSAGE_LIMIT and whole is not None


async def test_lists_of_people_invitations_and_households_fit_with_the_whole_list_attached(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    companions = [await bot.register(Role.COMPANION, first_name=f"{number:03d} {LONG_NAME}") for number in range(60)]
    for number in range(60):
        await bot.services.invitations.create(
            token=f"token-{number}",
            role=Role.COMPANION,
            region_code="3604",
            full_name=f"{number:03d} {LONG_NAME}",
            created_by=admin.person.id,  # type: ignore[union-attr]
            ttl_s=3600,
        )
    for number in range(30):
        await add_household(bot, companions[0], f"Siti {number:03d} {LONG_NAME}"[:100], desa=LONG_DESA)

    for command, args in (("orang", ()), ("undangan", ()), ("kpm", ("Siti",))):
        answer = await admin.command(command, *args)
        assert answer.texts, command
    assert_every_send_fits(bot)
    people, invitations, *found = whole_texts(bot, admin.id)
    assert all(f"{number:03d} {LONG_NAME}" in people for number in range(60))
    assert all(f"{number:03d} {LONG_NAME}" in invitations for number in range(60))
    assert len(found) <= 1, "/kpm lists a bounded number of matches"


async def test_scheduled_sends_fit_reminders_digests_alerts_and_the_blocked_list(tmp_path: Path) -> None:
    config = {"reminders": {"max_listed": 40}, "digest": {"longest_unvisited": 50}, **NO_BACKOFF}
    async with BotHarness(tmp_path, config=config, clock=FakeClock(wib(2026, 11, 30, 9))) as bot:
        admin = await bot.register(Role.ADMIN)
        coordinator = await bot.register(Role.COORDINATOR, regions=("3604",), first_name=LONG_NAME)
        rina = await bot.register(Role.COMPANION, first_name=LONG_NAME)
        households = [
            await add_household(bot, rina, f"{number:03d} {LONG_NAME}"[:100], desa=LONG_DESA) for number in range(60)
        ]
        for household in households[:8]:  # one batch of alerts: eight reports with the longest notes
            await add_visit(
                bot, household, rina, bot.clock.now() - 600, flags=("outside",), note=("Catatan 📝 " * 200)[:1000]
            )
        blockers = [await bot.register(Role.COMPANION, first_name=f"{number:03d} {LONG_NAME}") for number in range(40)]
        for blocker in blockers:
            await add_household(bot, blocker, "Ujang")
            bot.api.block(blocker.id)

        await run_due(bot.app, REMINDERS)
        await run_due(bot.app, WEEKLY_DIGEST)
        await send_alerts(bot.app)
        assert_every_send_fits(bot)

        [reminder] = [call for call in bot.api.calls_to("sendMessage") if call.chat_id == rina.id]
        assert reminder.buttons, "the reminder keeps its button"
        assert any("040 " + LONG_NAME[:20] in text for text in whole_texts(bot, rina.id))
        # Alerts come in batches one message holds: each shows every report its buttons act on.
        alerts = [call for call in bot.api.calls_to("sendMessage") if call.chat_id == coordinator.id and call.buttons]
        assert len(alerts) > 1 and sum(len(alert.buttons) for alert in alerts) == 8 * 5
        for alert in alerts:
            shown = {f"<b>#{button['callback_data'].rsplit(':', 1)[1]}</b>" for button in alert.buttons}
            assert all(number in alert.text for number in shown) and "berkas terlampir" not in alert.text
        [blocked] = whole_texts(bot, admin.id)
        assert all(f"{number:03d} {LONG_NAME}" in blocked for number in range(40))


async def test_a_caption_too_long_is_shortened_and_followed_by_the_whole_text(bot: BotHarness) -> None:
    user = await bot.register(Role.COORDINATOR)
    caption = "\n".join(f"{number}. {LONG_NAME}" for number in range(10))

    async def photo(shown: str) -> Message:
        return await bot.app.bot.send_photo(user.id, b"\x89PNG", caption=shown)

    await send_captioned(bot.app.bot, user.id, caption, "id", photo)
    [sent] = bot.api.calls_to("sendPhoto")
    assert (
        telegram_length(sent.params["caption"]) <= CAPTION_LIMIT
        and "lanjutan di pesan berikut" in sent.params["caption"]
    )
    [rest] = bot.api.calls_to("sendMessage")
    assert rest.text == caption
