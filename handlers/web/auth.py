"""Who is looking at the dashboard: signing in (Mini App launch data, or a /pantau link), the
session cookie, and the check every request of the API goes through.

A session is a random token in an HttpOnly, SameSite=Strict cookie (Secure when the public
address is https); the database keeps its hash. Every request looks the person up again: one
deactivated, or no longer a coordinator or admin, is signed out at that request. Refusals are
logged with the reason and the address, never with the token or the launch data.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from aiohttp import web

from bot.decisions.access import acts_as
from bot.domain import Person, Role
from bot.services import Services
from handlers.web import init_data
from handlers.web.context import SERVICES

log = logging.getLogger(__name__)
COOKIE = "pantau_session"
OFFICE = (Role.COORDINATOR, Role.ADMIN)
# A session is extended (one write) when it has run at least this long since it was last extended.
EXTEND_AFTER_S = 300
# Bodies of the sign-in requests: launch data or a token, nothing more.
MAX_SIGN_IN_BYTES = 8192


@dataclass(frozen=True)
class Viewer:
    person: Person
    token: str


def new_token() -> str:
    return secrets.token_urlsafe(32)


async def viewer(request: web.Request) -> Viewer:
    """The person of the request's session, if they may use the dashboard now; 401 otherwise
    (403 for a companion)."""
    services = request.app[SERVICES]
    token = request.cookies.get(COOKIE, "")
    session = await services.web_access.session(token) if 16 <= len(token) <= 128 else None
    if session is None:
        raise _unauthorized(request, "no session")
    person = await services.people.by_id(session.person_id)
    if person is None or not person.active:
        await services.web_access.end_sessions_of(session.person_id)
        raise _unauthorized(request, "person deactivated")
    if not acts_as(person, *OFFICE):
        raise web.HTTPForbidden(text='{"error": "coordinators and admins only"}', content_type="application/json")
    lifetime = _lifetime_s(services)
    if session.expires_at - services.clock.now() < lifetime - EXTEND_AFTER_S:
        await services.web_access.extend(token, lifetime)
    return Viewer(person, token)


def _lifetime_s(services: Services) -> int:
    return int(services.settings.dashboard.session_hours * 3600)


def _unauthorized(request: web.Request, reason: str) -> web.HTTPUnauthorized:
    log.info("dashboard request refused", extra={"reason": reason, "path": request.path, "remote": request.remote})
    response = web.HTTPUnauthorized(text='{"error": "sign in again"}', content_type="application/json")
    response.del_cookie(COOKIE, path="/")
    return response


async def sign_in_with_telegram(request: web.Request) -> web.Response:
    """POST /api/session/telegram {"init_data": …}: a Mini App opened from the chat."""
    services = request.app[SERVICES]
    body = await _body(request)
    assert services.settings.token is not None, "the token is checked when settings are loaded"
    settings = services.settings.dashboard
    try:
        launch = init_data.validate(
            str(body.get("init_data") or ""),
            services.settings.token.get_secret_value(),
            now=services.clock.now(),
            max_age_s=settings.init_data_max_age_s,
        )
    except init_data.InvalidLaunch as exc:
        raise _unauthorized(request, f"launch data: {exc}") from None
    person = await services.people.by_telegram_id(launch.telegram_user_id)
    if person is None or not acts_as(person, *OFFICE):
        raise _unauthorized(request, "launch data: not an active coordinator or admin")
    # One launch opens one session: the same launch data sent again is a replay.
    if not await services.web_access.spend_launch(
        launch.signature, person.id, expires_at=launch.auth_date + settings.init_data_max_age_s
    ):
        raise _unauthorized(request, "launch data: used before")
    return await _open_session(request, services, person, "mini_app")


async def sign_in_with_link(request: web.Request) -> web.Response:
    """POST /api/session/link {"token": …}: the login link /pantau sent, opened in a browser."""
    services = request.app[SERVICES]
    token = str((await _body(request)).get("token") or "")
    person_id = await services.web_access.redeem_login_link(token) if 16 <= len(token) <= 128 else None
    person = await services.people.by_id(person_id) if person_id is not None else None
    if person is None or not acts_as(person, *OFFICE):
        raise _unauthorized(request, "login link: unknown, used, expired or not an active coordinator or admin")
    return await _open_session(request, services, person, "login_link")


async def sign_out(request: web.Request) -> web.Response:
    """POST /api/session/end: the session ends here and now."""
    services = request.app[SERVICES]
    token = request.cookies.get(COOKIE, "")
    if token:
        await services.web_access.end_session(token)
    response = web.Response(status=204)
    response.del_cookie(COOKIE, path="/")
    return response


async def _open_session(request: web.Request, services: Services, person: Person, via: str) -> web.Response:
    token = new_token()
    lifetime = _lifetime_s(services)
    await services.web_access.open_session(token, person.id, lifetime, via=via)
    response = web.Response(status=204)
    response.set_cookie(
        COOKIE,
        token,
        max_age=lifetime,
        path="/",
        httponly=True,
        samesite="Strict",
        secure=services.settings.dashboard.secure,
    )
    log.info("dashboard signed in", extra={"person_id": person.id, "via": via})
    return response


async def _body(request: web.Request) -> dict[str, object]:
    if request.content_length is not None and request.content_length > MAX_SIGN_IN_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_SIGN_IN_BYTES, actual_size=request.content_length)
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text='{"error": "a JSON object expected"}', content_type="application/json") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text='{"error": "a JSON object expected"}', content_type="application/json")
    return body
