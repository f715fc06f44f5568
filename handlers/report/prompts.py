"""What the report asks at each step: the household list, the photo, condition and note
prompts, and the summary before sending."""

from __future__ import annotations

from telegram import Update

from bot.domain import Household, Visit
from bot.rules.nearby import nearest
from bot.rules.readable import chat_time, distance_text
from bot.rules.report import (
    ReportDraft,
    SharedLocation,
    compose_visit,
    location_evidence,
    report_position,
)
from bot.rules.verdict import distance_m
from bot.rules.wording import condition_label, visit_flags_text
from bot.texts import t, t_plain
from handlers.plumbing.context import BotContext
from handlers.plumbing.replies import reply
from handlers.report import keyboards as kb
from handlers.report.session import CONDITIONS, CONFIRM, HOUSEHOLD, LOCATION, NOTE, PHOTOS, VERDICT, send, show

# What each step waits for, said again to anything else sent there.
STEP_HINTS = {
    LOCATION: "report.hint.location",
    HOUSEHOLD: "report.hint.household",
    VERDICT: "report.hint.verdict",
    PHOTOS: "report.hint.photos",
    CONDITIONS: "report.hint.conditions",
    NOTE: "report.hint.note",
    CONFIRM: "report.hint.confirm",
}


async def list_households(update: Update, context: BotContext, draft: ReportDraft, lead: str | None = None) -> str:
    """Show the nearest households, or the search results, one page at a time; after `lead`
    (a prepared line) in the same message if given."""
    person = context.member
    assert draft.location is not None
    lang = person.language
    per_page = context.services.settings.report.households_per_page
    wanted = (draft.page + 1) * per_page + 1
    location = draft.location
    items: list[tuple[Household, float | None]]
    if draft.query:
        found = await context.services.nearby.search(person.id, draft.query)
        items = sorted(
            ((h, _distance_to(location, h)) for h in found),
            key=lambda pair: (pair[1] is None, pair[1] or 0.0, pair[0].head_name),
        )
        key, empty_key = "report.choose.search", "report.choose.not_found"
    else:
        items = kb.nearest_items(
            await nearest(context.services.nearby, person.id, location.latitude, location.longitude, wanted)
        )
        key, empty_key = "report.choose", "report.choose.none_nearby"
    page_items = items[draft.page * per_page : (draft.page + 1) * per_page]
    if not page_items and draft.page > 0:
        draft.page = 0
        page_items = items[:per_page]
    markup = kb.households(
        page_items,
        page=draft.page,
        has_next=len(items) > (draft.page + 1) * per_page,
        searching=draft.query is not None,
        lang=lang,
    )
    text = t(key if page_items else empty_key, lang, query=draft.query or "")
    await show(update, context, f"{lead}\n\n{text}" if lead else text, markup)
    return HOUSEHOLD


def _distance_to(location: SharedLocation, household: Household) -> float | None:
    if household.latitude is None or household.longitude is None:
        return None
    return distance_m(location.latitude, location.longitude, household.latitude, household.longitude)


async def ask_photos(update: Update, context: BotContext, lead: str | None = None) -> str:
    """Ask for the visit photos, after `lead` (a prepared line) in the same message if given."""
    report = context.services.settings.report
    text = t("report.ask_photos", context.language, min=report.photos_min, max=report.photos_max)
    await send(update, context, f"{lead}\n\n{text}" if lead else text)
    return PHOTOS


async def ask_conditions(update: Update, context: BotContext, draft: ReportDraft) -> str:
    """Show the condition toggles (or go to the note when none are configured), after the
    household's conditions under follow-up with their last answer."""
    keys = context.services.settings.report.conditions
    if not keys:
        return await ask_note(update, context)
    lang = context.language
    text = t("report.ask_conditions", lang)
    if draft.household_id is not None:
        # The conditions its last visits found a problem, again and again: looked at first.
        visits = context.services.settings.followup.consecutive_visits
        followups = await context.services.followups.of_household(draft.household_id, visits)
        lines = [
            t("report.followup", lang, condition=condition_label(f.condition, lang), streak=f.streak) for f in followups
        ]
        text = "\n".join([*lines, "", text]) if lines else text
    await send(update, context, text, kb.conditions(keys, draft.conditions, lang))
    return CONDITIONS


async def ask_note(update: Update, context: BotContext) -> str:
    """Ask for an optional note."""
    await reply(update, context, "report.ask_note", markup=kb.skip_note(context.language))
    return NOTE


async def show_summary(update: Update, context: BotContext, draft: ReportDraft) -> str:
    """Show what will be sent, with every flag it will carry, and ask to confirm."""
    lang = context.language
    settings = context.services.settings
    assert draft.location is not None and draft.household_id is not None
    person = context.member
    household = await context.services.households.by_id(draft.household_id)
    assert household is not None
    previous = await context.services.visits.latest_of_companion(person.id, 1)
    _, distance, verdict = report_position(draft, household, settings.verification)
    flags = _flag_names(draft, household, previous[0] if previous else None, context, lang)
    conditions = "\n".join(
        t_plain(
            "report.summary.condition",
            lang,
            mark=t_plain(f"report.mark.{draft.conditions[key]}", lang),
            label=t_plain(f"report.condition.{key}", lang),
            value=t_plain(f"report.mark_name.{draft.conditions[key]}", lang),
        )
        for key in settings.report.conditions
        if key in draft.conditions
    ) or t_plain("report.note.none", lang)
    note = draft.note or (
        t_plain("report.note.voice", lang) if draft.voice_note_path else t_plain("report.note.none", lang)
    )
    text = t(
        "report.summary",
        lang,
        name=household.head_name,
        dtks=household.dtks_id,
        desa=household.desa or "-",
        time=chat_time(draft.location.sent_at, settings.locale.tz),
        distance=distance_text(distance, lang),
        verdict=t_plain(f"report.verdict_name.{verdict.value}", lang),
        location_kind=t_plain(f"report.location_kind.{location_evidence(draft, settings.verification)}", lang),
        photos=len(draft.photos),
        conditions=conditions,
        note=note,
        flags=t_plain("report.summary.flags", lang, flags=flags) + "\n" if flags else "",
    )
    await send(update, context, text, kb.confirm(lang))
    return CONFIRM


def _flag_names(
    draft: ReportDraft, household: Household, previous: Visit | None, context: BotContext, lang: str
) -> str:
    visit = compose_visit(
        draft,
        household,
        companion_id=0,
        now=context.services.clock.now(),
        previous=previous,
        verification=context.services.settings.verification,
    )
    return visit_flags_text(visit.flags, None, lang)
