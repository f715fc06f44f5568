"""User stories across the journeys: an admin invites people and imports households, a
companion reports a visit, the office alerts, reviews, reminds and exports — all through the
real Application, as the people involved live it."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.config import Settings
from bot.domain import Role, Verdict, Visit
from bot.rules.households import mask_number
from bot.texts import t
from handlers.review.alerts import send_alerts
from handlers.scheduled.jobs import REMINDERS, run_due
from tests.support.harness import BotHarness, FakeClock, FakeUser
from tests.support.invitations import token_of
from tests.support.office import wib
from tests.support.report import HOME, Reporter, north_of, picture

NOW = wib(2026, 11, 27, 10, 0)
UNKNOWN = t("unknown_command")
STRANGER = t("stranger.start", **Settings().text_values("id"))
HEADER = "id_dtks,no_kk,nik_kepala,nama_kepala,alamat,kode_wilayah,kecamatan,desa,lintang,bujur,pendamping"
# The two households of the CSV: one at HOME, one 3 km north of it.
SITI = ("3604000000000001", "3604011203150012", "3604015507800003", "Siti Aminah", HOME)
UJANG = ("3604000000000002", "3604011203150029", "3604015507800044", "Ujang Saputra", north_of(HOME, 3000))


@dataclass
class Serang:
    """Kabupaten Serang after the admin set it up: people invited, households imported."""

    bot: BotHarness
    admin: FakeUser
    companion: FakeUser
    coordinator: FakeUser
    setup_calls: int  # Bot API calls made while setting up (welcomes, notices)

    def reporter(self) -> Reporter:
        return Reporter(self.bot, self.companion)

    def sent_to(self, user: FakeUser, method: str = "sendMessage") -> list[Any]:
        """What `user` received through `method` since the setup."""
        return [
            call for call in self.bot.api.calls[self.setup_calls :] if call.method == method and call.chat_id == user.id
        ]

    async def visits(self) -> list[Visit]:
        assert self.companion.person is not None
        return await self.bot.services.visits.latest_of_companion(self.companion.person.id)


def households_csv(companion: FakeUser) -> bytes:
    lines = [HEADER]
    for dtks, kk, nik, name, (lat, lon) in (SITI, UJANG):
        lines.append(
            f"{dtks},{kk},{nik},{name},Kp. Pejaten RT 001,3604,Kramatwatu,Pejaten,{lat:.6f},{lon:.6f},{companion.id}"
        )
    return ("\n".join(lines) + "\n").encode()


async def join(bot: BotHarness, admin: FakeUser, role: str, name: str) -> FakeUser:
    """The admin invites `name` for Kabupaten Serang; they open the link and are registered."""
    invitation = await admin.command("undang", role, "3604", name)
    assert "Kabupaten Serang (3604)" in invitation.text
    user = bot.user(first_name=name)
    welcome = await user.command("start", token_of(invitation))
    assert "Selamat datang" in welcome.text
    user.person = await bot.services.people.by_telegram_id(user.id)
    assert user.person is not None and user.person.region_codes == ("3604",)
    return user


@pytest.fixture
async def serang(tmp_path: Path) -> AsyncIterator[Serang]:
    async with BotHarness(tmp_path, clock=FakeClock(NOW), config={"delivery": {"retry_backoff_s": [0]}}) as bot:
        admin = await bot.register(Role.ADMIN, first_name="Dinsos")
        companion = await join(bot, admin, "pendamping", "Rina")
        coordinator = await join(bot, admin, "koordinator", "Kordi")
        assert companion.person is not None and companion.person.role is Role.COMPANION
        assert coordinator.person is not None and coordinator.person.role is Role.COORDINATOR

        checked = await admin.send_document(households_csv(companion), "kpm.csv", "text/csv")
        assert "KPM baru: 2" in checked.text and "baris tidak valid: 0" in checked.text
        assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM households") == 0
        applied = await admin.press(checked.button("Terapkan"))
        assert "2 KPM baru" in applied.text
        owners = await bot.services.db.fetch_all("SELECT companion_id FROM households")
        assert [row[0] for row in owners] == [companion.person.id] * 2
        yield Serang(bot, admin, companion, coordinator, len(bot.api.calls))


async def test_a_visit_at_the_house_is_verified_and_nobody_is_alerted(serang: Serang) -> None:
    receipt = await serang.reporter().report("Siti Aminah", north_of(HOME, 5))

    assert "Nomor laporan: <b>#1</b>" in receipt.text and "ditandai" not in receipt.text
    [visit] = await serang.visits()
    siti = await serang.bot.services.db.fetch_value("SELECT id FROM households WHERE dtks_id = ?", (SITI[0],))
    assert visit.household_id == siti and visit.verdict is Verdict.VERIFIED and visit.flags == ()
    assert visit.live and len(visit.conditions) == len(serang.bot.settings.report.conditions)
    assert await serang.bot.services.db.fetch_value("SELECT COUNT(*) FROM photos") == 1

    assert await send_alerts(serang.bot.app) == 0
    assert serang.sent_to(serang.coordinator) == []
    assert serang.sent_to(serang.admin) == []


async def test_a_visit_from_afar_is_alerted_sent_back_and_tops_the_next_reminder(serang: Serang) -> None:
    bot = serang.bot
    receipt = await serang.reporter().report("Siti Aminah", north_of(HOME, 800), seed=4)
    assert "di luar radius" in receipt.text
    [visit] = await serang.visits()
    assert visit.verdict is Verdict.OUTSIDE and [flag.flag for flag in visit.flags] == ["outside"]

    # The report asked for an alert round at once: no need to wait for the 20-second round.
    alerted = "SELECT alerted_at IS NOT NULL FROM visits WHERE id = ?"
    # Until the round has marked the visit alerted: a second round meanwhile would settle it again.
    await bot.wait_for(lambda: bot.services.db.fetch_value(alerted, (visit.id,)))
    [alert] = serang.sent_to(serang.coordinator)
    assert f"#{visit.id}" in alert.text and "Siti Aminah (Pejaten)" in alert.text
    assert "di luar radius" in alert.text and "800 m" in alert.text
    assert {button["callback_data"] for button in alert.buttons} == {f"rev:{a}:{visit.id}" for a in "plarv"}
    assert SITI[1] not in alert.text and SITI[2] not in alert.text, "no KK or NIK in an alert"
    assert serang.sent_to(serang.admin) == [], "the region has a coordinator: admins are not alerted"
    assert await send_alerts(bot.app) == 0 and len(serang.sent_to(serang.coordinator)) == 1

    photos = await serang.coordinator.press(f"rev:p:{visit.id}")
    [photo] = [call for call in photos.calls if call.method == "sendPhoto"]
    assert next(iter(photo.files.values()))[1] == picture(4), "the photo the companion sent, from storage"
    place = await serang.coordinator.press(f"rev:l:{visit.id}")
    [pin] = [call for call in place.calls if call.method == "sendLocation"]
    assert float(pin.params["latitude"]) == pytest.approx(north_of(HOME, 800)[0])

    told_before = len(serang.sent_to(serang.companion))
    revisit = next(button for button in alert.buttons if button["callback_data"] == f"rev:v:{visit.id}")
    answer = await serang.coordinator.press(revisit)
    assert "diminta berkunjung ulang" in answer.text
    [told] = serang.sent_to(serang.companion)[told_before:]
    assert "mengunjungi ulang <b>Siti Aminah</b>" in told.text
    assert await bot.services.db.fetch_value("SELECT review_status FROM visits") == "revisit"

    bot.clock.set(wib(2026, 11, 28, 7, 30))  # the next morning's round
    await run_due(bot.app, REMINDERS)
    reminder = serang.sent_to(serang.companion)[-1]
    assert reminder.buttons == [{"text": "📝 Mulai laporan kunjungan", "callback_data": "rep:start"}]
    lines = reminder.text.splitlines()
    # Ujang Saputra, imported yesterday and never visited, is not due before overdue_days.
    assert "1 KPM perlu dikunjungi" in lines[0]
    assert "🔁 Siti Aminah" in lines[1] and "Ujang Saputra" not in reminder.text

    bot.clock.set(wib(2026, 12, 28, 7, 30))  # 30 days and a night after the import
    await run_due(bot.app, REMINDERS)
    lines = serang.sent_to(serang.companion)[-1].text.splitlines()
    assert "2 KPM perlu dikunjungi" in lines[0]
    assert "🔁 Siti Aminah" in lines[1]
    assert "Ujang Saputra" in lines[2] and "belum pernah dikunjungi, terdaftar 30 hari lalu" in lines[2]


async def test_the_reminder_button_starts_a_visit_report(serang: Serang) -> None:
    serang.bot.clock.advance(31 * 24 * 3600)  # the imported households are due now
    await run_due(serang.bot.app, REMINDERS)
    [reminder] = serang.sent_to(serang.companion)
    assert "Siti Aminah" in reminder.text and "Ujang Saputra" in reminder.text
    [button] = reminder.buttons
    assert button["callback_data"] == "rep:start"

    asked = await serang.companion.press(button)

    assert "Bagikan lokasi langsung" in asked.text
    assert asked.keyboard == ["✖ Batal"]
    reporter = serang.reporter()
    listed = await reporter.share(north_of(HOME, 5))
    assert listed.buttons[0]["text"].startswith("Siti Aminah")
    await reporter.choose(listed, "Siti Aminah")
    await reporter.photo()
    await serang.companion.press("rep:pd")
    await reporter.conditions()
    await serang.companion.press("rep:skip")
    receipt = await serang.companion.press("rep:send")
    assert "Nomor laporan: <b>#1</b>" in receipt.text
    [visit] = await serang.visits()
    assert visit.verdict is Verdict.VERIFIED


async def test_numbers_are_masked_for_the_coordinator_and_full_for_the_admin(serang: Serang) -> None:
    _, kk, nik, *_ = SITI
    await serang.reporter().report("Siti Aminah", north_of(HOME, 5))

    card = await serang.coordinator.command("kpm", SITI[0])
    assert "Siti Aminah" in card.text
    assert mask_number(kk) in card.text and mask_number(nik) in card.text
    assert kk not in card.text and nik not in card.text
    full = await serang.admin.command("kpm", SITI[0])
    assert kk in full.text and nik in full.text

    for user, shown_kk, shown_nik in ((serang.coordinator, mask_number(kk), mask_number(nik)), (serang.admin, kk, nik)):
        export = await user.command("ekspor", "2026-11-01", "2026-11-30")
        files = dict(export.documents())
        rows = list(csv.DictReader(io.StringIO(files["kunjungan-20261101-20261130.csv"].decode("utf-8-sig"))))
        assert [(r["No. KK"], r["NIK kepala keluarga"]) for r in rows] == [(shown_kk, shown_nik)]
        sheet = load_workbook(io.BytesIO(files["kunjungan-20261101-20261130.xlsx"])).active
        assert sheet is not None
        header, *cells = list(sheet.iter_rows(values_only=True))
        assert [(r[header.index("No. KK")], r[header.index("NIK kepala keluarga")]) for r in cells] == [
            (shown_kk, shown_nik)
        ]

    assert (await serang.companion.command("ekspor", "2026-11-01", "2026-11-30")).texts == [UNKNOWN]
    assert (await serang.companion.command("ringkasan")).texts == [UNKNOWN]
    assert serang.sent_to(serang.companion, "sendDocument") == []


async def test_a_companion_deactivated_mid_report_becomes_a_stranger(serang: Serang) -> None:
    reporter = serang.reporter()
    await reporter.start()
    listed = await reporter.share(north_of(HOME, 5))
    chosen = await reporter.choose(listed, "Siti Aminah")
    assert "Terverifikasi" in chosen.text
    assert "Foto 1 diterima" in (await reporter.photo(seed=1)).text

    assert serang.companion.person is not None
    off = await serang.admin.command("nonaktifkan", str(serang.companion.person.id))
    assert "Rina dinonaktifkan" in off.text

    second_photo = await reporter.photo(seed=2)
    assert second_photo.texts == [STRANGER]
    assert "getFile" not in [call.method for call in second_photo.calls], "nothing is downloaded"
    assert "report_draft" not in serang.bot.app.user_data.get(serang.companion.id, {})
    stale = await serang.companion.press("rep:pd")  # the report ended: only a toast, nothing sent
    assert stale.texts == [] and [call.method for call in stale.calls] == ["answerCallbackQuery"]
    assert (await serang.companion.send_text("halo")).texts == [STRANGER]
    assert (await serang.companion.command("lapor")).texts == [UNKNOWN]
    assert await serang.visits() == []
    for table in ("visits", "photos", "visit_flags", "visit_track"):
        assert await serang.bot.services.db.fetch_value(f"SELECT COUNT(*) FROM {table}") == 0, table

    before = len(serang.sent_to(serang.companion))
    await run_due(serang.bot.app, REMINDERS)
    assert len(serang.sent_to(serang.companion)) == before, "no reminders for a deactivated companion"
