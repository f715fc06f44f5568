"""Does the live track catch dishonest companions, and leave honest ones alone? (issue 24)

Companions' days of reports are simulated and stored as the bot stores a report: the draft's
location and live track go through `compose_visit` with the companion's earlier live reports
(`VisitRepository.live_reports_of_companion`) and into a database migrated like the bot's
(`VisitRepository.add`), so that flags cast on earlier reports count too. A report is *flagged*
when it carries a flag that alerts the coordinators (an uncertain verdict alone does not, unless
`verification.alert_uncertain`).

Honest companions, as real phones make their tracks: each fix off the companion's true spot by
a drifting error of 10–40 m (a per-report scale, correlated from one fix to the next), an
accuracy of 8–60 m, updates every 2–5 minutes for 6–30 minutes (now and then a stray fix
100–400 m off seconds after another, as multipath between buildings makes; under a roof, now and
then no new fix for 1–4 minutes, the last one sent again every 30 s), the companion at the door or
inside (a third of the reports "under a roof": the larger errors and accuracies), registered
points up to 20 m off the doors, days of 5–8 reports walking between neighbouring houses
(15–60 m apart) and riding to other hamlets (0.3–3 km), the same households again on other days.

Dishonest companions, with a mock-location app:
- jump: mocked at the house, the app switched off once for one or two fixes a few seconds apart
  at their real place 1–10 km away, then on again;
- frozen: every fix the very same point and accuracy, 7–15 updates a minute apart;
- one spot: 3–6 households reported from where they sit (mock noise ±6 m, accuracy 4–8 m), each
  household 60–95 m from that spot, 3–8 minutes apart;
- replayed: a track recorded once at a real visit, replayed on later days for the same household
  or moved onto another one (every point shifted alike).

Baseline, in the same run, on the same reports: today's rules before issue 24 (the verdict of
the location as shared, an uncertain verdict alerted, impossible travel between reports).

    python bench/evidence.py [--honest 60] [--dishonest 30] [--seed 24]

Progress goes to stderr; the last stdout line is one JSON object: `honest`, `honest_flagged`,
`dishonest`, `dishonest_caught` (and their shares), the baseline's `baseline_honest_flagged`
and `baseline_dishonest_caught`, the catch per kind of cheat and the flags honest reports got.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.config import Settings, VerificationConfig  # noqa: E402
from bot.domain import Household, NewHousehold, Role, TrackPoint, Verdict, Visit  # noqa: E402
from bot.rules.report import (  # noqa: E402
    ReportDraft,
    SharedLocation,
    compose_visit,
    history_start,
    position_verdict,
    quiet_flags,
    travel_flag,
)
from bot.services import Services  # noqa: E402

METRES_PER_DEGREE = 110_574.0
START = 1_764_212_400  # 2025-11-27 10:00 WIB
DAY_S = 86_400
# Share of an honest phone's fixes followed within seconds by a stray one 100–400 m off (multipath
# between buildings, a wrong Wi-Fi position).
STRAY_FIXES = 0.03
# Share of the fixes under a roof after which the phone gets no new fix for 1–4 minutes.
STALE_FIXES = 0.1
Point = tuple[float, float]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def moved(point: Point, east_m: float, north_m: float) -> Point:
    latitude = point[0] + north_m / METRES_PER_DEGREE
    return latitude, point[1] + east_m / (METRES_PER_DEGREE * math.cos(math.radians(point[0])))


def toward(point: Point, metres: float, bearing: float) -> Point:
    return moved(point, metres * math.sin(bearing), metres * math.cos(bearing))


def telegram(point: Point) -> Point:
    """Coordinates as Telegram hands them over: six decimals."""
    return round(point[0], 6), round(point[1], 6)


@dataclass
class Report:
    """One simulated report: what the companion's phone sends, and who the companion is."""

    household: int  # index in the companion's households
    fixes: list[TrackPoint]  # the location message first, then the live updates
    honest: bool
    kind: str  # "honest" or the cheat


@dataclass
class Companion:
    name: str
    doors: list[Point]  # where each household really is
    registered: list[Point]  # where the register puts it
    reports: list[Report] = field(default_factory=list)


class Phone:
    """An honest phone's fixes: a drifting error around the true spot, as GPS drifts."""

    def __init__(self, rng: random.Random, under_roof: bool) -> None:
        self.rng = rng
        self.under_roof = under_roof
        self.scale = rng.uniform(25, 40) if under_roof else rng.uniform(10, 25)
        low, high = (35, 60) if under_roof else (8, 30)
        self.accuracy = rng.uniform(low, high)
        self.error = self._draw()

    def _draw(self) -> tuple[float, float]:
        # Each axis so that the error's size is about `scale` (Rayleigh mean ≈ 1.25 σ).
        sigma = self.scale / 1.25
        return self.rng.gauss(0, sigma), self.rng.gauss(0, sigma)

    def fix(self, at: int, spot: Point) -> TrackPoint:
        fresh = self._draw()
        keep = 0.5  # fixes minutes apart share half of their error
        east, north = (keep * old + math.sqrt(1 - keep**2) * new for old, new in zip(self.error, fresh, strict=True))
        self.error = east, north
        latitude, longitude = telegram(moved(spot, *self.error))
        accuracy = round(min(60.0, max(8.0, self.accuracy * self.rng.uniform(0.8, 1.25))), 1)
        return TrackPoint(at, latitude, longitude, accuracy)


def honest_visit(rng: random.Random, door: Point, start: int) -> tuple[list[TrackPoint], int]:
    """An honest report's fixes at a door, and when the companion leaves."""
    phone = Phone(rng, under_roof=rng.random() < 1 / 3)
    at, end = start, start + rng.randint(6, 30) * 60
    fixes = []
    while at <= end:
        spot = moved(door, rng.uniform(-4, 4), rng.uniform(-4, 4))  # moving about the house
        fixes.append(phone.fix(at, spot))
        if phone.under_roof and rng.random() < STALE_FIXES:
            # No new fix for a while: Telegram sends the last one again every 30 s.
            for repeat in range(1, rng.randint(2, 8) + 1):
                fixes.append(replace(fixes[-1], recorded_at=at + 30 * repeat))
            at = fixes[-1].recorded_at
        if rng.random() < STRAY_FIXES:
            stray = toward(spot, rng.uniform(100, 400), rng.uniform(0, 2 * math.pi))
            fixes.append(TrackPoint(at + rng.randint(5, 30), *telegram(stray), round(rng.uniform(30, 80), 1)))
        at += rng.randint(120, 300)
    return fixes, end


def village(rng: random.Random, name: str) -> Companion:
    """A companion's households: hamlets of neighbouring houses along a path, a few km apart."""
    centre = (rng.uniform(-6.6, -6.1), rng.uniform(105.9, 106.4))
    doors = []
    for _ in range(rng.randint(3, 5)):
        house = toward(centre, rng.uniform(300, 3000), rng.uniform(0, 2 * math.pi))
        heading = rng.uniform(0, 2 * math.pi)
        for _ in range(rng.randint(8, 12)):
            doors.append(house)
            heading += rng.uniform(-0.6, 0.6)
            house = toward(house, rng.uniform(15, 60), heading)
    registered = [toward(door, rng.uniform(0, 20), rng.uniform(0, 2 * math.pi)) for door in doors]
    return Companion(name, doors, registered)


def honest_days(rng: random.Random, companion: Companion, days: int) -> None:
    """Days of 5–8 visits: along the path to the next house, or a ride to another hamlet."""
    for day in range(days):
        at = START + day * DAY_S + rng.randint(0, 3600)
        house = rng.randrange(len(companion.doors))
        for _ in range(rng.randint(5, 8)):
            fixes, left = honest_visit(rng, companion.doors[house], at)
            companion.reports.append(Report(house, fixes, True, "honest"))
            if rng.random() < 0.6 and house + 1 < len(companion.doors):
                following = house + 1  # the neighbour
            else:
                following = rng.randrange(len(companion.doors))
            metres = _distance(companion.doors[house], companion.doors[following])
            speed = 1.2 if metres < 100 else rng.uniform(5, 11)  # walking, or a motorbike
            at = left + int(metres / speed) + rng.randint(60, 900)
            house = following


def mock_fixes(rng: random.Random, spot: Point, start: int, count: int, gap: tuple[int, int]) -> list[TrackPoint]:
    """A mock-location app's fixes: a little noise around the chosen spot, a small accuracy."""
    fixes, at = [], start
    for _ in range(count):
        bearing, metres = rng.uniform(0, 2 * math.pi), 6 * math.sqrt(rng.random())
        fixes.append(TrackPoint(at, *telegram(toward(spot, metres, bearing)), round(rng.uniform(4, 8), 1)))
        at += rng.randint(*gap)
    return fixes


def jumping(rng: random.Random, companion: Companion) -> None:
    at = START + rng.randint(0, 3600)
    for house in rng.sample(range(len(companion.doors)), 3):
        home = toward(companion.doors[house], rng.uniform(1000, 10000), rng.uniform(0, 2 * math.pi))
        fixes = mock_fixes(rng, companion.doors[house], at, rng.randint(4, 8), (60, 240))
        off = rng.randrange(1, len(fixes))
        real = [
            TrackPoint(fixes[off - 1].recorded_at + 3 * (n + 1), *telegram(home), round(rng.uniform(10, 30), 1))
            for n in range(rng.randint(1, 2))
        ]
        shift = real[-1].recorded_at + 3 - fixes[off].recorded_at  # back three seconds later
        back = [TrackPoint(fix.recorded_at + shift, fix.latitude, fix.longitude, fix.accuracy_m) for fix in fixes[off:]]
        companion.reports.append(Report(house, fixes[:off] + real + back, False, "jump"))
        at = back[-1].recorded_at + rng.randint(900, 3600)


def frozen(rng: random.Random, companion: Companion) -> None:
    at = START + rng.randint(0, 3600)
    for house in rng.sample(range(len(companion.doors)), 3):
        spot = telegram(toward(companion.doors[house], rng.uniform(0, 30), rng.uniform(0, 2 * math.pi)))
        accuracy = rng.choice([None, 3.0, 5.0, 10.0])
        fixes = [TrackPoint(at + 60 * n, *spot, accuracy) for n in range(rng.randint(8, 16))]
        companion.reports.append(Report(house, fixes, False, "frozen"))
        at = fixes[-1].recorded_at + rng.randint(900, 3600)


def one_spot(rng: random.Random, companion: Companion) -> None:
    """Households 60–95 m from where the companion sits: the register is moved to fit, as a
    companion choosing such households from their list would find them."""
    spot = toward(companion.doors[0], rng.uniform(0, 50), rng.uniform(0, 2 * math.pi))
    at = START + rng.randint(0, 3600)
    for house in range(rng.randint(3, 6)):
        point = toward(spot, rng.uniform(60, 95), rng.uniform(0, 2 * math.pi))
        companion.doors[house] = companion.registered[house] = point
        fixes = mock_fixes(rng, spot, at, rng.randint(3, 6), (60, 180))
        companion.reports.append(Report(house, fixes, False, "one_spot"))
        at = fixes[-1].recorded_at + rng.randint(180, 480)


def replayed(rng: random.Random, companion: Companion) -> None:
    """A real visit recorded once (an honest report), then replayed on later days."""
    house = rng.randrange(len(companion.doors))
    recorded, _ = honest_visit(rng, companion.doors[house], START + rng.randint(0, 3600))
    while len(recorded) < 5:
        recorded, _ = honest_visit(rng, companion.doors[house], START + rng.randint(0, 3600))
    companion.reports.append(Report(house, recorded, True, "honest"))
    for day in range(1, 4):
        target = house if rng.random() < 0.5 else rng.randrange(len(companion.doors))
        north = (companion.doors[target][0] - companion.doors[house][0]) * METRES_PER_DEGREE
        shift = companion.doors[target][1] - companion.doors[house][1]
        offset = day * DAY_S + rng.randint(-3600, 3600)
        fixes = [
            TrackPoint(
                fix.recorded_at + offset,
                round(fix.latitude + north / METRES_PER_DEGREE, 6),
                round(fix.longitude + shift, 6),
                fix.accuracy_m,
            )
            for fix in recorded
        ]
        companion.reports.append(Report(target, fixes, False, "replayed"))


def _distance(first: Point, second: Point) -> float:
    north = (first[0] - second[0]) * METRES_PER_DEGREE
    east = (first[1] - second[1]) * METRES_PER_DEGREE * math.cos(math.radians(first[0]))
    return math.hypot(north, east)


def draft_of(report: Report, household: Household) -> ReportDraft:
    first, *updates = report.fixes
    draft = ReportDraft(uuid.uuid4().hex, first.recorded_at, started_at=first.recorded_at)
    draft.location = SharedLocation(
        first.latitude, first.longitude, first.accuracy_m, 3600, first.recorded_at, chat_id=1, message_id=1
    )
    draft.household_id = household.id
    draft.track = [[fix.recorded_at, fix.latitude, fix.longitude, fix.accuracy_m] for fix in updates]
    return draft


def baseline_flagged(
    draft: ReportDraft, household: Household, previous: Visit | None, verification: VerificationConfig
) -> bool:
    """Today's rules before issue 24: the shared location's verdict (uncertain alerted) and
    impossible travel between reports."""
    assert draft.location is not None
    first = TrackPoint(
        draft.location.sent_at, draft.location.latitude, draft.location.longitude, draft.location.accuracy_m
    )
    _, verdict = position_verdict(first, household, verification)
    return verdict is not Verdict.VERIFIED or travel_flag(draft.location, previous, verification) is not None


async def store_all(companions: list[Companion], folder: Path) -> tuple[list[tuple[Report, Visit]], list[bool]]:
    """Every report through the bot's rules and storage, in time order per companion."""
    settings = Settings.model_validate({"database": {"path": str(folder / "evidence.db")}})
    services = Services.create(settings)
    await services.db.open()
    await services.install_province()
    verification = settings.verification
    stored: list[tuple[Report, int]] = []
    baseline: list[bool] = []
    try:
        for number, companion in enumerate(companions):
            person = await services.people.create(
                telegram_user_id=10_000 + number, full_name=companion.name, role=Role.COMPANION, region_codes=("3604",)
            )
            households = [
                await services.households.add(
                    NewHousehold(
                        dtks_id=f"3604{number:05d}{index:07d}",
                        head_name=f"KPM {number}-{index}",
                        region_code="3604",
                        latitude=point[0],
                        longitude=point[1],
                        companion_id=person.id,
                    ),
                    actor_id=None,
                )
                for index, point in enumerate(companion.registered)
            ]
            previous: Visit | None = None
            for report in sorted(companion.reports, key=lambda report: report.fixes[0].recorded_at):
                household = households[report.household]
                draft = draft_of(report, household)
                baseline.append(baseline_flagged(draft, household, previous, verification))
                earlier = await services.visits.live_reports_of_companion(person.id, history_start(draft, verification))
                visit = compose_visit(
                    draft,
                    household,
                    companion_id=person.id,
                    now=report.fixes[-1].recorded_at + 60,
                    previous=previous,
                    earlier=earlier,
                    verification=verification,
                )
                visit_id, _ = await services.visits.add(visit)
                previous = await services.visits.by_id(visit_id)
                stored.append((report, visit_id))
            if number % 20 == 19:
                log(f"{number + 1}/{len(companions)} companions stored")
        results = []
        for report, visit_id in stored:
            found = await services.visits.by_id(visit_id)
            assert found is not None
            results.append((report, found))
    finally:
        await services.db.close()
    return results, baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--honest", type=int, default=60, help="honest companions (5 days each)")
    parser.add_argument("--dishonest", type=int, default=30, help="dishonest companions of each kind")
    parser.add_argument("--seed", type=int, default=24)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    companions = []
    for number in range(args.honest):
        companion = village(rng, f"honest {number}")
        honest_days(rng, companion, 5)
        companions.append(companion)
    for kind, cheat in (("jump", jumping), ("frozen", frozen), ("one_spot", one_spot), ("replayed", replayed)):
        for number in range(args.dishonest):
            companion = village(rng, f"{kind} {number}")
            cheat(rng, companion)
            companions.append(companion)
    log(f"{sum(len(c.reports) for c in companions)} reports of {len(companions)} companions")

    with tempfile.TemporaryDirectory() as folder:
        results, baseline = asyncio.run(store_all(companions, Path(folder)))

    quiet = set(quiet_flags(VerificationConfig()))
    honest = [(r, v, b) for (r, v), b in zip(results, baseline, strict=True) if r.honest]
    dishonest = [(r, v, b) for (r, v), b in zip(results, baseline, strict=True) if not r.honest]

    def alerting(visit: Visit) -> bool:
        return any(flag.flag not in quiet for flag in visit.flags)

    honest_flagged = sum(alerting(v) for _, v, _ in honest)
    caught = sum(alerting(v) for _, v, _ in dishonest)
    per_kind: dict[str, list[int]] = {}
    for report, visit, _ in dishonest:
        counts = per_kind.setdefault(report.kind, [0, 0])
        counts[0] += 1
        counts[1] += alerting(visit)
    honest_flags = Counter(flag.flag for _, v, _ in honest for flag in {f.flag: f for f in v.flags}.values())
    result = {
        "honest": len(honest),
        "honest_flagged": honest_flagged,
        "honest_flagged_share": round(honest_flagged / len(honest), 4),
        "dishonest": len(dishonest),
        "dishonest_caught": caught,
        "dishonest_caught_share": round(caught / len(dishonest), 4),
        "baseline_honest_flagged": sum(b for _, _, b in honest),
        "baseline_dishonest_caught": sum(b for _, _, b in dishonest),
        "caught_per_kind": {kind: f"{counts[1]}/{counts[0]}" for kind, counts in per_kind.items()},
        "honest_flags": dict(honest_flags),
        "honest_verified": sum(v.verdict is Verdict.VERIFIED for _, v, _ in honest),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
