"""When a household's registered point is probably wrong.

If the last few reports of a household were all made with a live location, all outside the
radius, and all from about the same spot, the companions are most likely at the real house and
the register is off: that spot is proposed to the admins as the household's coordinates."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import ProposedCoordinates, Verdict, Visit
from bot.rules.verdict import distance_m

REPEATED_VISITS = 3
# Live GPS fixes taken at one house fall within this distance of each other.
SAME_SPOT_M = 75.0


def relocation_proposal(latest: Sequence[Visit]) -> ProposedCoordinates | None:
    """The centre of the household's last reports, if they agree on a spot away from the register."""
    if len(latest) < REPEATED_VISITS:
        return None
    visits = latest[:REPEATED_VISITS]
    if any(not visit.live or visit.verdict is not Verdict.OUTSIDE for visit in visits):
        return None
    latitude = sum(visit.latitude for visit in visits) / len(visits)
    longitude = sum(visit.longitude for visit in visits) / len(visits)
    if any(distance_m(visit.latitude, visit.longitude, latitude, longitude) > SAME_SPOT_M for visit in visits):
        return None
    accuracies = [visit.accuracy_m for visit in visits if visit.accuracy_m is not None]
    accuracy = max(accuracies) if accuracies else None
    return ProposedCoordinates(round(latitude, 6), round(longitude, 6), accuracy, "repeatedly_far")
