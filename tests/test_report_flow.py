"""The visit report as companions live it: from /lapor to the receipt, with each verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.domain import Role, Verdict, Visit
from tests.support.harness import BotHarness
from tests.support.report import HOME, Reporter, add_household, north_of


@pytest.fixture
async def companion(bot: BotHarness) -> Reporter:
    return Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))


async def visits_of(bot: BotHarness, reporter: Reporter) -> list[Visit]:
    assert reporter.user.person is not None
    return await bot.services.visits.latest_of_companion(reporter.user.person.id)


async def test_companion_at_the_house_reports_a_verified_visit(bot: BotHarness, companion: Reporter) -> None:
    """A companion at the house shares a live location, picks the household, sends a photo,
    confirms → one verified visit stored, no flags."""
    siti = await add_household(bot, companion.user, "Siti Aminah", HOME, dtks_id="3604000000000001")
    await add_household(bot, companion.user, "Ujang Saputra", north_of(HOME, 400))

    asked = await companion.start()
    assert "lokasi" in asked.text and "Bagikan lokasi langsung" in asked.text
    # During the report the keyboard holds only Cancel: no main menu, no static-location button.
    assert asked.keyboard == ["✖ Batal"]

    listed = await companion.share(north_of(HOME, 5), accuracy=8)
    labels = [button["text"] for button in listed.buttons if button["callback_data"].startswith("rep:h:")]
    assert labels[0].startswith("Siti Aminah · Sukamaju · 5 m")
    assert labels[1].startswith("Ujang Saputra")

    verdict = await companion.choose(listed, "Siti Aminah")
    assert "Terverifikasi" in verdict.text and "Kirim foto" in verdict.text

    photo = await companion.photo(seed=7)
    assert "Foto 1 diterima" in photo.text
    assert [call.method for call in photo.calls].count("getFile") == 1
    conditions = await companion.user.press("rep:pd")
    assert "Posyandu anak balita" in str(conditions.buttons)
    toggled = await companion.user.press("rep:c:1")
    assert "✅ Posyandu" in str(toggled.buttons)
    too_early = await companion.user.press("rep:cd")
    assert "Tandai dulu semua syarat" in str(too_early.calls[-1].params)
    for index in (0, 2, 3, 4):
        await companion.user.press(f"rep:c:{index}")
    await companion.user.press("rep:c:4")  # second press: problem
    await companion.user.press("rep:cd")
    summary = await companion.user.send_text("Anak kedua jarang ke sekolah")
    assert "Ringkasan laporan" in summary.text
    assert "Siti Aminah (3604000000000001)" in summary.text
    assert "27/11/2025 10:00 WIB" in summary.text
    assert "terverifikasi" in summary.text and "Foto: 1" in summary.text
    assert "⚠️ Perawatan penyandang disabilitas berat: ada masalah" in summary.text
    assert "Akan ditandai" not in summary.text

    receipt = await companion.user.press("rep:send")
    assert "Nomor laporan: <b>#1</b>" in receipt.text
    assert "ditandai" not in receipt.text
    [receipt_call] = [call for call in receipt.calls if "Nomor laporan" in call.text]
    assert receipt_call.params["reply_markup"]["keyboard"]  # main menu is back
    assert receipt.button("Tidak ada")  # then the offer to report changes, skipped in one tap

    [visit] = await visits_of(bot, companion)
    assert visit.household_id == siti.id and visit.verdict is Verdict.VERIFIED and visit.flags == ()
    assert visit.live and visit.accuracy_m == 8
    assert visit.conditions["posyandu"] == "checked" and visit.conditions["disability_care"] == "problem"
    assert visit.note == "Anak kedua jarang ke sekolah"
    photos = await bot.services.db.fetch_all("SELECT * FROM photos WHERE visit_id = ?", (visit.id,))
    assert len(photos) == 1 and len(photos[0]["sha256"]) == 64 and len(photos[0]["phash"]) == 16
    assert photos[0]["path"].startswith("2025/11/27/3604000000000001/")
    assert (Path(bot.settings.storage.photo_dir) / photos[0]["path"]).stat().st_size == photos[0]["size_bytes"]
    assert "report_draft" not in bot.app.user_data[companion.user.id]


async def test_a_position_at_the_edge_is_uncertain_and_flagged(bot: BotHarness, companion: Reporter) -> None:
    await add_household(bot, companion.user, "Dewi Wati")
    await companion.start()
    listed = await companion.share(north_of(HOME, 90), accuracy=30)
    verdict = await companion.choose(listed, "Dewi Wati")
    assert "Belum pasti" in verdict.text and "90 m" in verdict.text
    assert {b["callback_data"] for b in verdict.buttons} == {"rep:go", "rep:x"}
    await companion.user.press("rep:go")
    await companion.photo()
    await companion.user.press("rep:pd")
    await companion.conditions()
    summary = await companion.user.press("rep:skip")
    assert "Akan ditandai: jarak belum pasti" in summary.text
    receipt = await companion.user.press("rep:send")
    assert "ditandai untuk diperiksa koordinator: jarak belum pasti" in receipt.text
    [visit] = await visits_of(bot, companion)
    assert visit.verdict is Verdict.UNCERTAIN
    assert [(f.flag, f.detail) for f in visit.flags] == [("uncertain", "90 m")]
    assert await bot.services.db.fetch_value("SELECT alerted_at FROM visits") is None


async def test_a_position_far_away_is_outside_and_can_be_cancelled(bot: BotHarness, companion: Reporter) -> None:
    await add_household(bot, companion.user, "Asep Fauzi")
    await companion.start()
    listed = await companion.share(north_of(HOME, 2500), accuracy=20)
    verdict = await companion.choose(listed, "Asep Fauzi")
    assert "Di luar radius" in verdict.text and "2,5 km" in verdict.text
    cancelled = await companion.user.press("rep:x")
    assert "dibatalkan" in cancelled.text
    assert await visits_of(bot, companion) == []
    receipt = await companion.report("Asep Fauzi", north_of(HOME, 2500))
    assert "di luar radius" in receipt.text
    [visit] = await visits_of(bot, companion)
    assert visit.verdict is Verdict.OUTSIDE and visit.flags[0].flag == "outside"


async def test_accuracy_is_capped_when_judging(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, config={"verification": {"accuracy_cap_m": 50, "max_accuracy_m": 500}}) as bot:
        reporter = Reporter(bot, await bot.register(Role.COMPANION))
        await add_household(bot, reporter.user, "Nur Hasanah")
        await reporter.start()
        listed = await reporter.share(north_of(HOME, 300), accuracy=400)
        verdict = await reporter.choose(listed, "Nur Hasanah")
        assert "Di luar radius" in verdict.text  # 300 m − 50 m (capped) is still beyond 100 m


async def test_household_without_coordinates_gets_no_reference_and_a_proposal(
    bot: BotHarness, companion: Reporter
) -> None:
    household = await add_household(bot, companion.user, "Eti Rohaeti", None, dtks_id="3604000000000077")
    await companion.start()
    listed = await companion.share(HOME)
    assert "Tidak ada KPM Anda yang berkoordinat" in listed.text
    found = await companion.user.send_text("3604000000000077")
    assert "Eti Rohaeti · Sukamaju · tanpa koordinat" in str(found.buttons)
    verdict = await companion.choose(found, "Eti Rohaeti")
    assert "belum punya koordinat" in verdict.text
    noted = await companion.user.press("rep:prop")
    assert "Usulan lokasi dicatat" in noted.text
    await companion.photo()
    await companion.user.press("rep:pd")
    await companion.conditions()
    await companion.user.press("rep:skip")
    await companion.user.press("rep:send")
    [visit] = await visits_of(bot, companion)
    assert visit.verdict is Verdict.NO_REFERENCE and visit.distance_m is None
    assert [f.flag for f in visit.flags] == ["no_reference"]
    [proposal] = await bot.services.proposals.pending()
    assert (proposal.household_id, proposal.visit_id, proposal.reason) == (household.id, visit.id, "no_reference")
    assert (proposal.latitude, proposal.longitude) == HOME


async def test_static_location_is_accepted_but_flagged(bot: BotHarness, companion: Reporter) -> None:
    await add_household(bot, companion.user, "Iis Komariah")
    await companion.start()
    shared = await companion.share(HOME, live=False)
    assert "akan ditandai" in shared.text
    await companion.user.press(shared.button("Iis Komariah"))
    await companion.photo()
    await companion.user.press("rep:pd")
    await companion.conditions()
    summary = await companion.user.press("rep:skip")
    assert "lokasi biasa (statis)" in summary.text
    await companion.user.press("rep:send")
    [visit] = await visits_of(bot, companion)
    assert not visit.live and [f.flag for f in visit.flags] == ["static"]


async def test_static_location_is_refused_when_live_is_required(tmp_path: Path) -> None:
    async with BotHarness(tmp_path, config={"verification": {"require_live_location": True}}) as bot:
        reporter = Reporter(bot, await bot.register(Role.COMPANION))
        await add_household(bot, reporter.user, "Ade Maulana")
        await reporter.start()
        refused = await reporter.share(HOME, live=False)
        assert "Hanya lokasi langsung" in refused.text and refused.buttons == []
        listed = await reporter.share(HOME, live=True)
        assert "Ade Maulana" in str(listed.buttons)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"forwarded": True}, "diteruskan"),
        ({"date_offset": -900}, "15 menit sebelum laporan dimulai"),
        ({"accuracy": 400}, "±400 m"),
    ],
)
async def test_untrustworthy_locations_are_refused_with_the_reason(
    bot: BotHarness, companion: Reporter, options: dict[str, Any], expected: str
) -> None:
    await add_household(bot, companion.user, "Yanti Sumarni")
    await companion.start()
    offset = options.pop("date_offset", None)
    if offset is not None:
        options["date"] = bot.clock.now() + offset
    refused = await companion.user.send_location(*HOME, live_period=3600, **{"accuracy": 10, **options})
    assert expected in refused.text
    assert refused.buttons == []
    listed = await companion.share(HOME)
    assert "Yanti Sumarni" in str(listed.buttons)


async def test_a_venue_is_not_a_position(bot: BotHarness, companion: Reporter) -> None:
    await add_household(bot, companion.user, "Maman Iskandar")
    await companion.start()
    refused = await companion.user.send_venue(*HOME)
    assert "bukan posisi Anda" in refused.text and refused.buttons == []


async def test_impossible_travel_flags_both_reports(bot: BotHarness, companion: Reporter) -> None:
    await add_household(bot, companion.user, "Entin Mulyani", HOME)
    far = (HOME[0] - 0.5, HOME[1] + 0.3)  # ~65 km away
    await add_household(bot, companion.user, "Rahmat Setiawan", far)
    await companion.report("Entin Mulyani", HOME)
    bot.clock.advance(15 * 60)
    receipt = await companion.report("Rahmat Setiawan", far, seed=2)
    assert "perpindahan terlalu cepat" in receipt.text
    later, earlier = await visits_of(bot, companion)
    assert [(f.flag, f.related_visit_id) for f in later.flags] == [("impossible_travel", earlier.id)]
    assert [(f.flag, f.related_visit_id) for f in earlier.flags] == [("impossible_travel", later.id)]
    assert later.flags[0].detail is not None and later.flags[0].detail.endswith("km/h")


async def test_plausible_travel_is_not_flagged(bot: BotHarness, companion: Reporter) -> None:
    await add_household(bot, companion.user, "Entin Mulyani", HOME)
    far = (HOME[0] - 0.05, HOME[1])  # ~5.5 km away, 30 minutes later
    await add_household(bot, companion.user, "Rahmat Setiawan", far)
    await companion.report("Entin Mulyani", HOME)
    bot.clock.advance(30 * 60)
    await companion.report("Rahmat Setiawan", far, seed=2)
    assert all(v.flags == () for v in await visits_of(bot, companion))


async def test_households_are_paged_and_searched(bot: BotHarness, companion: Reporter) -> None:
    for index in range(8):
        await add_household(bot, companion.user, f"Warga {index}", north_of(HOME, 10 * index + 1))
    await companion.start()
    listed = await companion.share(HOME)
    first_page = [b["text"] for b in listed.buttons if b["callback_data"].startswith("rep:h:")]
    assert [label.split(" · ")[0] for label in first_page] == [f"Warga {i}" for i in range(6)]
    second = await companion.user.press(listed.button("Berikutnya"))
    assert second.calls[-1].method == "editMessageText"
    assert [b["text"].split(" · ")[0] for b in second.buttons if b["callback_data"].startswith("rep:h:")] == [
        "Warga 6",
        "Warga 7",
    ]
    assert "Sebelumnya" in str(second.buttons) and "Berikutnya" not in str(second.buttons)
    found = await companion.user.send_text("warga 3")
    assert [b["text"].split(" · ")[0] for b in found.buttons if b["callback_data"].startswith("rep:h:")] == ["Warga 3"]
    nothing = await companion.user.send_text("Tidak Ada")
    assert "Tidak ada KPM Anda yang cocok" in nothing.text
    back = await companion.user.press("rep:near")
    assert "Warga 0" in str(back.buttons)


async def test_only_own_active_households_can_be_chosen(bot: BotHarness, companion: Reporter) -> None:
    await add_household(bot, companion.user, "Milik Sendiri")
    other = await bot.register(Role.COMPANION, first_name="Lain")
    foreign = await add_household(bot, other, "Milik Orang Lain")
    await companion.start()
    listed = await companion.share(HOME)
    assert "Milik Orang Lain" not in str(listed.buttons)
    refused = await companion.user.press(f"rep:h:{foreign.id}")
    assert refused.calls[-1].params["text"] == "KPM ini tidak ada di daftar Anda."
    assert "Milik Orang Lain" not in str(await companion.user.send_text("Milik"))


async def test_companion_without_households_is_told_so(bot: BotHarness, companion: Reporter) -> None:
    answer = await companion.start()
    assert "belum punya KPM" in answer.text
    assert "belum mengerti" in (await companion.user.send_location(*HOME)).text  # no report was started


async def test_a_companion_who_reads_english_reports_in_english(bot: BotHarness, companion: Reporter) -> None:
    assert companion.user.person is not None
    await bot.services.db.execute("UPDATE people SET language = 'en' WHERE id = ?", (companion.user.person.id,))
    bot.services.people.forget_cached()  # written by hand, not through the repository
    await add_household(bot, companion.user, "Siti Aminah", HOME)
    summary = await companion.to_confirm("Siti Aminah", north_of(HOME, 300))
    assert "Report summary" in summary.text and "outside the radius" in summary.text
    assert "Will be flagged: outside the radius" in summary.text
    receipt = await companion.user.press("rep:send")
    assert "Report sent. Report number: <b>#1</b>" in receipt.text


async def test_reports_that_agree_on_another_spot_propose_moving_the_household(
    bot: BotHarness, companion: Reporter
) -> None:
    siti = await add_household(bot, companion.user, "Siti Aminah", HOME)
    real_house = north_of(HOME, 300)
    for seed in (11, 12):
        await companion.report("Siti Aminah", real_house, seed=seed)
    assert await bot.services.proposals.pending() == [], "two reports are not yet a pattern"

    await companion.report("Siti Aminah", north_of(real_house, 10), seed=13)
    [proposal] = await bot.services.proposals.pending()
    assert proposal.household_id == siti.id and proposal.reason == "repeatedly_far"
    assert abs(proposal.latitude - real_house[0]) < 0.0002

    await companion.report("Siti Aminah", real_house, seed=14)
    assert len(await bot.services.proposals.pending()) == 1, "one pending proposal per household"


async def test_scattered_or_static_far_reports_propose_nothing(bot: BotHarness, companion: Reporter) -> None:
    await add_household(bot, companion.user, "Siti Aminah", HOME)
    for seed, metres in ((21, 300), (22, 600), (23, 900)):
        await companion.report("Siti Aminah", north_of(HOME, metres), seed=seed)
    await add_household(bot, companion.user, "Ujang Saputra", north_of(HOME, 5000))
    for seed in (24, 25, 26):
        await companion.report("Ujang Saputra", north_of(HOME, 5300), seed=seed, live=False)
    assert await bot.services.proposals.pending() == []
