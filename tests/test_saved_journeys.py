"""Journeys saved by the release before named states resume after the upgrade: its numbered
conversation states and /kpmbaru's dict draft, read from the database, are taken as the named
states and typed drafts of today, and written back in the new form with the next step."""

from __future__ import annotations

import json

from bot.domain import Role
from bot.services import Services
from storage.bot_state import StateChanges
from tests.support.harness import BotHarness
from tests.support.report import Reporter, add_household


async def start_on_state_of_previous_release(
    bot: BotHarness, conversations: dict[tuple[str, str], str], user_data: dict[int, str]
) -> None:
    """Stop the bot, write its saved state as the previous release wrote it, start it again."""
    await bot.stop()
    services = Services.create(bot.settings, clock=bot.clock)
    await services.db.open()
    try:
        await services.bot_state.save(StateChanges(conversations=conversations, user_data=user_data))
    finally:
        await services.db.close()
    await bot.start()


async def test_a_household_entry_saved_at_a_numbered_step_with_a_dict_draft_resumes_there(bot: BotHarness) -> None:
    admin = await bot.register(Role.ADMIN)
    key = f"[{admin.id}, {admin.id}]"
    # The previous release asked for the NIK at step 10 and kept the draft as a dict with its step.
    draft = {"step": 10, "dtks_id": "3604000000000123", "kk_number": "3604011203150012", "head_name": "Siti Aminah"}
    await start_on_state_of_previous_release(
        bot, {("kpm_new", key): "10"}, {admin.id: json.dumps({"kpm_draft": draft})}
    )

    assert "NIK kepala keluarga" in (await admin.send_sticker()).text, "the step's hint: the step is known"
    answer = await admin.send_text("3604015505800012")
    assert "alamat" in answer.text
    await bot.state_written()
    assert await bot.services.bot_state.conversations("kpm_new") == [(key, '"address"')]
    saved = json.loads((await bot.services.bot_state.all_user_data())[admin.id])["kpm_draft"]
    assert json.loads(saved)["head_nik"] == "3604015505800012", "the draft is saved as typed JSON text"

    answer = await admin.press((await admin.send_text("Kp. Pejaten")).button("Kabupaten Serang"))
    for value in ("Kramatwatu", "Pejaten"):
        answer = await admin.send_text(value)
    answer = await admin.press(answer.button("Lewati"))
    confirm = await admin.press(answer.button("Tanpa pendamping"))
    assert "KPM Siti Aminah tersimpan" in (await admin.press(confirm.button("Simpan"))).text
    household = await bot.services.households.by_dtks_id("3604000000000123")
    assert household is not None
    assert (household.kk_number, household.head_nik, household.desa) == (
        "3604011203150012",
        "3604015505800012",
        "Pejaten",
    )


async def test_a_report_saved_at_a_numbered_step_resumes_there(bot: BotHarness) -> None:
    reporter = Reporter(bot, await bot.register(Role.COMPANION, first_name="Rina"))
    await add_household(bot, reporter.user, "Siti Aminah")
    await reporter.start()
    await reporter.choose(await reporter.share(), "Siti Aminah")  # verified: the photos step
    user_id = reporter.user.id
    draft = bot.app.user_data[user_id]["report_draft"]
    # The previous release numbered the photos step 3; its draft was JSON text already.
    await start_on_state_of_previous_release(
        bot, {("visit_report", f"[{user_id}, {user_id}]"): "3"}, {user_id: json.dumps({"report_draft": draft})}
    )

    assert "menunggu foto kunjungan" in (await reporter.user.send_sticker()).text, "the step's hint"
    assert "Foto 1 diterima" in (await reporter.photo(seed=3)).text
    await reporter.user.press("rep:pd")
    await reporter.conditions()
    await reporter.user.press("rep:skip")
    assert "Nomor laporan: <b>#1</b>" in (await reporter.user.press("rep:send")).text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM visits") == 1
