"""The office's dashboard: a web interface beside the chat handlers, opened as a Telegram Mini
App or in a browser (README "Dashboard").

`app.py` builds the aiohttp application (routes, security headers, static files); `auth.py`
signs people in (Mini App launch data checked in `init_data.py`, /pantau's login links) and
checks every request's session; `api.py` answers the pages' JSON, counted by `bot.monitoring`
for the person's regions, and `review.py` takes review decisions through `bot.decisions.review`,
the same decision the chat's buttons take. The pages are `static/`.
"""
