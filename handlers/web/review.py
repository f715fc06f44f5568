"""Reviewing a flagged report on the dashboard: accept, ask for a revisit, reject with a reason.

The decision is the chat buttons' own (`bot.decisions.review`): the reviewer's regions checked
inside it, audited, taken once (a second reviewer, here or in the chat, learns who was first).
What follows is what follows a press in the chat: the companion is told of a revisit or a
rejection, and the reviewer's chat gets the confirmation, so the chat shows what was decided
on the dashboard.
"""

from __future__ import annotations

from aiohttp import web

from bot.decisions import review
from bot.decisions.review import AlreadyReviewed, BadReason, NotReviewable, Reviewed
from bot.regions import province_values
from bot.texts import t, t_plain
from handlers.plumbing.outbox import outbox_of
from handlers.review.callbacks import tell_companion
from handlers.web import params
from handlers.web.api import json_response
from handlers.web.auth import viewer
from handlers.web.context import BOT, MONITOR, SERVICES

ACTIONS = ("accept", "revisit", "reject")
MAX_BODY_BYTES = 8192


async def decide(request: web.Request) -> web.Response:
    """POST /api/review/{id} {"action": "accept"|"revisit"|"reject", "reason": …}."""
    seen = await viewer(request)
    services = request.app[SERVICES]
    visit_id = params.path_id(request.match_info["id"])
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY_BYTES, actual_size=request.content_length)
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or body.get("action") not in ACTIONS:
        return json_response({"error": f"action: one of {', '.join(ACTIONS)}"}, 400)
    person, action = seen.person, body["action"]
    outcome: review.RejectOutcome
    if action == "accept":
        outcome = await review.accept(services, person, visit_id)
    elif action == "revisit":
        outcome = await review.ask_revisit(services, person, visit_id)
    else:
        outcome = await review.reject(services, person, visit_id, str(body.get("reason") or ""))
    if isinstance(outcome, BadReason):
        return json_response({"error": "reason", "limit": outcome.limit}, 400)
    if isinstance(outcome, NotReviewable):
        return json_response({"error": "not found"}, 404)
    if isinstance(outcome, AlreadyReviewed):
        return json_response({"error": "already", "status": outcome.status, "reviewer": outcome.reviewer_name}, 409)
    assert isinstance(outcome, Reviewed)
    (await request.app[MONITOR].index()).set_review(visit_id, outcome.status)
    await _tell_chat(request, outcome, person.telegram_user_id, person.language)
    return json_response({"status": outcome.status, "reviewer": person.full_name})


async def _tell_chat(request: web.Request, outcome: Reviewed, chat_id: int | None, lang: str) -> None:
    """The companion hears of a revisit or rejection as from the chat; the reviewer's own chat
    confirms the decision (through the outbox: it arrives however Telegram falters)."""
    app = request.app[BOT]
    visit = outcome.visit
    if outcome.status == "revisit":
        await tell_companion(app, visit, "review.companion_revisit")
    elif outcome.status == "rejected":
        await tell_companion(app, visit, "review.companion_rejected", reason=outcome.reason or "")
    if chat_id is None:
        return
    services = request.app[SERVICES]
    values = province_values(services.settings.province.code, lang)
    text = t(
        f"pantau.reviewed.{outcome.status}",
        lang,
        **values,
        id=visit.visit_id,
        household=visit.head_name,
        reason=outcome.reason or "",
        status=t_plain(f"office.review.{outcome.status}", lang),
    )
    await outbox_of(app).confirm(f"pantau.reviewed:{visit.visit_id}", chat_id, text, lang=lang)
