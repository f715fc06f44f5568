"""Reviewing flagged reports on the dashboard, through the real server and the real bot: the
same decision as the chat's buttons, so a decision taken in one place shows in the other, is
audited, and a second reviewer learns it is taken."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import Role, Verdict
from bot.texts import t
from handlers.review.callbacks import ACCEPT
from tests.support.dashboard import DASHBOARD, served_dashboard
from tests.support.harness import BotHarness, FakeUser
from tests.support.office import add_household, add_visit

pytestmark = pytest.mark.both_backends


@pytest.fixture
async def bot(tmp_path: Path):  # type: ignore[no-untyped-def]
    async with BotHarness(tmp_path, config=DASHBOARD) as harness:
        yield harness


async def flagged_report(bot: BotHarness) -> tuple[FakeUser, int]:
    companion = await bot.register(Role.COMPANION, first_name="Siti")
    household = await add_household(bot, companion, "Ibu Aminah")
    visit_id = await add_visit(
        bot, household, companion, bot.clock.now() - 600, verdict=Verdict.OUTSIDE, flags=("outside",), distance_m=850
    )
    return companion, visit_id


def sent_to(bot: BotHarness, user: FakeUser, since: int) -> list[str]:
    return [call.text for call in bot.api.calls[since:] if call.method == "sendMessage" and call.chat_id == user.id]


async def test_accepted_on_the_dashboard_the_chat_shows_it_and_the_alert_button_says_it_is_taken(
    bot: BotHarness,
) -> None:
    _, visit_id = await flagged_report(bot)
    bambang = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Bambang")
    other = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Dedi")
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.signed_in(bambang)
        _, queue = await browser.get("/api/review")
        assert [item["id"] for item in queue["items"]] == [visit_id]
        assert queue["items"][0]["flags"] == t("report.flag.outside")
        before = len(bot.api.calls)
        status, answer = await browser.post(f"/api/review/{visit_id}", {"action": "accept"})
        assert (status, answer) == (200, {"status": "accepted", "reviewer": "Bambang"})
        assert sent_to(bot, bambang, before) == [t("pantau.reviewed.accepted", id=visit_id, household="Ibu Aminah")]
        row = await bot.services.db.fetch_one("SELECT review_status, reviewed_by FROM visits WHERE id = ?", (visit_id,))
        assert row is not None and (row[0], row[1]) == ("accepted", bambang.person.id if bambang.person else None)
        audited = await bot.services.db.fetch_value(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'review' AND entity_id = ?", (str(visit_id),)
        )
        assert audited == 1
        assert (await browser.get("/api/review"))[1]["total"] == 0
        # The other coordinator's alert button, pressed afterwards, says who took it.
        pressed = await other.press(f"{ACCEPT}{visit_id}")
        assert t("review.already", id=visit_id, name="Bambang", status=t("office.review.accepted")) in pressed.text


async def test_reviewed_in_the_chat_the_dashboard_shows_it_taken(bot: BotHarness) -> None:
    _, visit_id = await flagged_report(bot)
    bambang = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Bambang")
    dedi = await bot.register(Role.COORDINATOR, regions=("3604",), first_name="Dedi")
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.signed_in(dedi)
        assert (await browser.get("/api/review"))[1]["total"] == 1
        await bambang.press(f"{ACCEPT}{visit_id}")
        assert (await browser.get("/api/review"))[1]["total"] == 0  # the index followed the chat's review
        status, answer = await browser.post(f"/api/review/{visit_id}", {"action": "reject", "reason": "jauh"})
        assert (status, answer) == (409, {"error": "already", "status": "accepted", "reviewer": "Bambang"})
        _, visit = await browser.get(f"/api/visit/{visit_id}")
        assert (visit["review"], visit["reviewer"]) == ("accepted", "Bambang")


async def test_a_rejection_needs_its_reason_and_the_companion_hears_it(bot: BotHarness) -> None:
    companion, visit_id = await flagged_report(bot)
    coordinator = await bot.register(Role.COORDINATOR, first_name="Bambang")
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.signed_in(coordinator)
        for reason in ("", "   ", "x" * 501):
            status, answer = await browser.post(f"/api/review/{visit_id}", {"action": "reject", "reason": reason})
            assert (status, answer) == (400, {"error": "reason", "limit": 500})
        assert await bot.services.db.fetch_value("SELECT review_status FROM visits WHERE id = ?", (visit_id,)) is None
        before = len(bot.api.calls)
        status, _ = await browser.post(f"/api/review/{visit_id}", {"action": "reject", "reason": "Foto <b>lama</b>"})
        assert status == 200
        told = t("review.companion_rejected", id=visit_id, household="Ibu Aminah", reason="Foto <b>lama</b>")
        assert told in sent_to(bot, companion, before)
        assert "&lt;b&gt;lama" in told  # the reviewer's words stay words in the companion's chat
        mine = sent_to(bot, coordinator, before)
        assert mine == [t("pantau.reviewed.rejected", id=visit_id, household="Ibu Aminah", reason="Foto <b>lama</b>")]


async def test_a_revisit_asked_on_the_dashboard_reaches_the_companion(bot: BotHarness) -> None:
    companion, visit_id = await flagged_report(bot)
    coordinator = await bot.register(Role.COORDINATOR, first_name="Bambang")
    async with served_dashboard(bot) as dashboard:
        browser = await dashboard.signed_in(coordinator)
        before = len(bot.api.calls)
        assert (await browser.post(f"/api/review/{visit_id}", {"action": "revisit"}))[0] == 200
        assert t("review.companion_revisit", id=visit_id, household="Ibu Aminah") in sent_to(bot, companion, before)
        for forged in ({"action": "delete"}, [], "accept", {"action": None}):
            assert (await browser.post(f"/api/review/{visit_id}", forged))[0] == 400
