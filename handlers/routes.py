"""Every handler of the bot, registered in one place and in order, and every command of the
table (`handlers.commands`) bound to its callback here, once.

The middleware (handlers.plumbing.middleware) wraps every update in groups of its own: drop a
redelivered update, keep the bot to private chats and stop buttons without data, look up who is
writing; then the group
`MAIN` below (first match wins, so order matters); last, the state the update changed is saved.
"""

from __future__ import annotations

from typing import Any

from telegram.constants import UpdateType
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.domain import Role
from handlers import fallbacks, welcome
from handlers.commands import BY_NAME, COMMANDS
from handlers.office import digest, exports, followup, pantau
from handlers.plumbing import errors, middleware
from handlers.plumbing.access import Callback, for_roles, guard
from handlers.plumbing.buttons import ID
from handlers.plumbing.cancellation import Cancellable, cancel_command
from handlers.plumbing.journey import Journey, schedule_idle_sweep
from handlers.registry import household_entry, household_lookup, invitations, people_admin, spreadsheet_import
from handlers.registry.spreadsheet_import import APPLY, DISCARD
from handlers.report import conversation as report
from handlers.report import keyboards as report_keyboards
from handlers.report import live as report_live
from handlers.report import views as report_views
from handlers.report.session import REPORT
from handlers.review import callbacks as review
from handlers.tasks import conversation as tasks
from handlers.tasks import keyboards as task_keyboards
from handlers.tasks import views as task_views
from handlers.tasks.session import TASK
from handlers.updates import conversation as field_update
from handlers.updates import keyboards as update_keyboards
from handlers.updates import review as update_review
from handlers.updates.session import UPDATE

SPREADSHEET = (
    filters.Document.FileExtension("csv")
    | filters.Document.FileExtension("txt")
    | filters.Document.FileExtension("xlsx")
    | filters.Document.FileExtension("xls")
    | filters.Document.FileExtension("ods")
)
MAIN = middleware.MAIN
# The kinds of update the handlers below serve, the only ones asked of Telegram (polling and
# webhook): messages and their edits (live locations), button presses, and the bot's own
# membership (added to a group or a channel, it leaves at once: handlers.plumbing.middleware).
SERVED_UPDATES = (UpdateType.MESSAGE, UpdateType.EDITED_MESSAGE, UpdateType.CALLBACK_QUERY, UpdateType.MY_CHAT_MEMBER)
# Every step-by-step journey: its idle drafts are swept, and the persistence converts what an
# earlier release saved of it.
JOURNEYS: tuple[Journey[Any], ...] = (household_entry.ENTRY, REPORT, TASK, UPDATE)
# What /batal outside a conversation asks to cancel itself, in this order.
CANCELLABLE: tuple[Cancellable, ...] = (
    review.PROMPT.cancel,
    update_review.PROMPT.cancel,
    spreadsheet_import.stop_check,
    *(journey.cancel_left_draft for journey in JOURNEYS),
)
# Each command of the table and its callback (a conversation's: its entry point).
CALLBACKS: tuple[tuple[str, Callback], ...] = (
    ("start", welcome.start),
    ("bantuan", welcome.help_command),
    ("batal", cancel_command(CANCELLABLE)),
    ("kpm", household_lookup.look_up),
    ("kpmbaru", household_entry.start),
    ("templat", spreadsheet_import.send_template),
    ("koreksi", household_lookup.correct_coordinates),
    ("pindahkpm", household_lookup.reassign),
    ("nonaktifkpm", household_lookup.deactivate),
    ("aktifkpm", household_lookup.reactivate),
    ("undang", invitations.invite),
    ("undangan", invitations.list_invitations),
    ("cabut", invitations.revoke),
    ("orang", people_admin.list_people),
    ("nonaktifkan", people_admin.deactivate),
    ("aktifkan", people_admin.reactivate),
    ("pindahwilayah", people_admin.change_region),
    ("alihkan", people_admin.hand_over),
    ("lapor", report.start_report),
    ("riwayat", report_views.history),
    ("kpmsaya", report_views.own_households),
    ("ringkasan", digest.digest_command),
    ("ekspor", exports.export_command),
    ("peta", exports.map_command),
    ("pantau", pantau.dashboard_command),
    ("tugas", tasks.tasks_command),
    ("tugassaya", task_views.my_tasks),
    ("tindaklanjut", followup.list_followups),
)


def guarded_callbacks() -> dict[str, Callback]:
    """Each command's callback, run only for the roles the table names."""
    return {
        name: guard(callback, BY_NAME[name].roles, strangers=BY_NAME[name].strangers) for name, callback in CALLBACKS
    }


def register_handlers(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    middleware.install(app)
    command = guarded_callbacks()

    # Conversations first: while one is under way, it answers every message (a command of
    # another journey included) with its step's hint; /batal ends it.
    # An opened invitation link is /start with the token; plain /start is the generic greeting.
    app.add_handler(CommandHandler("start", invitations.join, filters=invitations.INVITATION_LINK), group=MAIN)
    app.add_handler(household_entry.conversation(command["kpmbaru"], app.user_data), group=MAIN)
    # Live-location updates before the report: they arrive as edited messages during and after it.
    app.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.LOCATION, report_live.record_live_location),
        group=MAIN,
    )
    # A companion's field update before the report: while one is written it answers /lapor with
    # its hint (and the report's step answers the field update's buttons: one journey at a time).
    app.add_handler(field_update.conversation(app.user_data), group=MAIN)
    app.add_handler(report.build_conversation(app.user_data, command["lapor"]), group=MAIN)
    app.add_handler(tasks.conversation(command["tugas"], app.user_data), group=MAIN)
    schedule_idle_sweep(app, JOURNEYS)

    # The reviewer's reason prompt, like a conversation, answers replies to it first.
    for handler in (*review.review_handlers(app), *update_review.review_handlers(app)):
        app.add_handler(handler, group=MAIN)

    # Every other command, from its one declaration (handlers/commands.py).
    for spec in COMMANDS:
        if not spec.starts_conversation:
            app.add_handler(CommandHandler(spec.name, command[spec.name]), group=MAIN)

    # Buttons of import decisions, the companion's menu labels.
    app.add_handler(CallbackQueryHandler(spreadsheet_import.apply_import, pattern=f"^{APPLY}{ID}$"), group=MAIN)
    app.add_handler(CallbackQueryHandler(spreadsheet_import.discard_import, pattern=f"^{DISCARD}{ID}$"), group=MAIN)
    for label_key, name in (("report.menu.history", "riwayat"), ("report.menu.households", "kpmsaya")):
        labels = filters.Text(report_keyboards.menu_labels(label_key)) & ~filters.UpdateType.EDITED
        app.add_handler(MessageHandler(labels, command[name]), group=MAIN)
    # Task buttons outside the /tugas journey: ✅ Siap, a task's detail and its withdrawal.
    companion, office = for_roles(Role.COMPANION), for_roles(Role.COORDINATOR, Role.ADMIN)
    for callback, pattern in (
        (companion(task_views.acknowledge), f"^{task_keyboards.ACK}{ID}$"),
        (office(task_views.press_detail), f"^{task_keyboards.DETAIL}{ID}$"),
        (office(task_views.ask_withdrawal), f"^{task_keyboards.WITHDRAW}{ID}$"),
        (office(task_views.withdraw), f"^{task_keyboards.WITHDRAW_YES}{ID}$"),
    ):
        app.add_handler(CallbackQueryHandler(callback, pattern=pattern), group=MAIN)
    # A button of the /tugas journey pressed after it ended, for whoever may give tasks.
    app.add_handler(CallbackQueryHandler(office(tasks.answer_stale_button), pattern=r"^task:"), group=MAIN)
    # "No changes" under a report's receipt.
    no_change = guard(field_update.skip_offer, field_update.COMPANIONS)
    app.add_handler(CallbackQueryHandler(no_change, pattern=f"^{update_keyboards.NO_CHANGE}{ID}$"), group=MAIN)
    # A report button pressed after its report ended (e.g. Send pressed twice).
    app.add_handler(CallbackQueryHandler(report.answer_stale_button, pattern=r"^rep:"), group=MAIN)

    # A spreadsheet outside any conversation is an import (a conversation's step answers it first).
    app.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & SPREADSHEET, spreadsheet_import.receive_file), group=MAIN
    )
    # Catch-alls last: anything above did not take the update.
    app.add_handler(MessageHandler(filters.COMMAND, fallbacks.unknown_command), group=MAIN)
    app.add_handler(CallbackQueryHandler(fallbacks.unknown_button), group=MAIN)
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED, fallbacks.unexpected_message),
        group=MAIN,
    )

    app.add_error_handler(errors.on_error)
