"""Issue 12's fault table over real HTTP, small: `python -m bot` as its own process against the
local Bot API stand-in, which injects the faults (`bench/faults_http.py` runs the full size: 25
companions, `retry_after` 3 s, 7 s latency, a million-row import stopped by SIGTERM).

Targets, as in the issue: nothing lost, nothing doubled, no error notice for a stored report, no
action left unanswered once the faults stop; a 500 burst costs a companion one notice at most.
And SIGTERM while an admin's file is being read stops the bot cleanly; the next start tells the
admin that nothing was kept.

Issue 20's rows: Telegram refusing a message for good (400, 403) on each kind of send (receipt,
alert, reminder, digest file, review answer): each refused send tried once, never a "Telegram
faltered" notice, the report or review stored all the same, the admin told once per cause."""

from __future__ import annotations

from pathlib import Path

from bench.faults_http import run_rows, stop_during_import, table
from bench.refusals_http import KINDS, STATUSES, run_refusals

COMPANIONS = 2
ROWS = ("receipt_502", "burst_500", "get_updates_429_502")


async def test_faults_over_http_lose_double_and_leave_unanswered_nothing(tmp_path: Path) -> None:
    faults = table(retry_after=1, latency_s=0)
    results = await run_rows(
        tmp_path, [faults[name] for name in ROWS], COMPANIONS, patience_s=6, settle_s=1.0, together=True
    )
    assert list(results) == list(ROWS)
    for name, row in results.items():
        assert row["faults_hit"] > 0, (name, row)
        assert (row["stored"], row["doubled"], row["unanswered"]) == (COMPANIONS, 0, 0), (name, row)
        assert row["most_notices_one_companion"] <= 1, (name, row)
        if name != "burst_500":
            assert (row["error_notices"], row["started_over"]) == (0, 0), (name, row)


async def test_sigterm_while_a_file_is_read_stops_cleanly_and_the_admin_is_told(tmp_path: Path) -> None:
    stopped = await stop_during_import(tmp_path, rows=150_000)
    assert stopped["exit_code"] == 0, (tmp_path / "bot.log").read_text()
    assert not stopped["checked_to_the_end"], "the stop did not wait for the whole file"
    assert stopped["told_after_restart"] and stopped["staged_rows_left"] == 0, stopped


async def test_refusals_over_http_are_tried_once_never_called_an_outage_and_told_once(tmp_path: Path) -> None:
    results = await run_refusals(tmp_path, patience_s=3, watch_s=12)
    for kind in KINDS:
        for status in STATUSES:
            row = results[f"{kind}_{status}"]
            assert row["faults_hit"] > 0 and (row["tries"], row["misleading_notices"]) == (1, 0), (kind, status, row)
            assert row["stored"] is not False, (kind, status, row)
    # 400 "chat not found" and 403 "blocked" on receipts, alerts, reminders, digests: one notice each
    # cause (a 403 on a scheduled send is the "blocked the bot" notice, one per job).
    assert results["admin"] == {"refusal_notices": 2, "blocked_notices": 3}, results["admin"]
