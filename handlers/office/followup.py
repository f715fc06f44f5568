"""/tindaklanjut: the households of the sender's regions whose same programme condition was a
problem in their latest `followup.consecutive_visits` visits, as they stand now."""

from __future__ import annotations

from telegram import Update

from bot.rules.digest import scope_of
from bot.rules.followup import followup_list
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply, reply_text


async def list_followups(update: Update, context: BotContext) -> None:
    """List every household to follow up now (a long list comes whole as a file too)."""
    services = context.services
    person = context.member
    names = await services.digests.region_names()
    scope = scope_of(person, [code for code in names if len(code) == 4])
    if not scope.codes:
        await reply(update, context, "digest.no_regions")
        return
    visits = services.settings.followup.consecutive_visits
    province = next(code for code in names if len(code) == 2)
    label = names[province] if scope.province else ", ".join(names[code] for code in scope.codes)
    followups = await services.followups.open_in(scope.codes, visits)
    text = followup_list(followups, context.language, services.settings.locale.tz, scope=label, visits=visits)
    await reply_text(update, context, text)
