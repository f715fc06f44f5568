"""Every handler of the bot, registered in one place and in order.

Groups: -2 drops redelivered updates before anything sees them; -1 keeps the bot to private
chats and answers buttons without data; 0 holds the journeys' conversations, then the commands,
then the catch-alls (first match wins inside a group); 100 has the state every update changed
written (handlers.plumbing.persistence).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, TypeHandler, filters

from handlers import common
from handlers.office import digest, exports
from handlers.plumbing import errors, middleware
from handlers.plumbing.buttons import ID
from handlers.registry import household_entry, household_lookup, invitations, people_admin, spreadsheet_import
from handlers.registry.spreadsheet_import import APPLY, DISCARD
from handlers.report import conversation as report
from handlers.report import keyboards as report_keyboards
from handlers.report import live as report_live
from handlers.report import session as report_session
from handlers.report import views as report_views
from handlers.review import callbacks as review

SPREADSHEET = (
    filters.Document.FileExtension("csv")
    | filters.Document.FileExtension("txt")
    | filters.Document.FileExtension("xlsx")
    | filters.Document.FileExtension("xls")
    | filters.Document.FileExtension("ods")
)

FIRST, SCREEN, MAIN, LAST = -2, -1, 0, 100


def register_handlers(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(TypeHandler(Update, middleware.drop_redelivered), group=FIRST)
    app.add_handler(TypeHandler(Update, middleware.screen), group=SCREEN)

    # Journeys first: their conversations must see updates before the generic commands.
    # Registry
    # An opened invitation link is /start with the token; plain /start is the generic greeting.
    app.add_handler(CommandHandler("start", invitations.join, filters=invitations.INVITATION_LINK), group=MAIN)
    app.add_handler(household_entry.conversation(), group=MAIN)
    for command, callback in (
        ("undang", invitations.invite),
        ("undangan", invitations.list_invitations),
        ("cabut", invitations.revoke),
        ("orang", people_admin.list_people),
        ("nonaktifkan", people_admin.deactivate),
        ("aktifkan", people_admin.reactivate),
        ("pindahwilayah", people_admin.change_region),
        ("alihkan", people_admin.hand_over),
        ("kpm", household_lookup.look_up),
        ("koreksi", household_lookup.correct_coordinates),
        ("pindahkpm", household_lookup.reassign),
        ("nonaktifkpm", household_lookup.deactivate),
        ("aktifkpm", household_lookup.reactivate),
        ("templat", spreadsheet_import.send_template),
    ):
        app.add_handler(CommandHandler(command, callback), group=MAIN)
    app.add_handler(CallbackQueryHandler(spreadsheet_import.apply_import, pattern=f"^{APPLY}{ID}$"), group=MAIN)
    app.add_handler(CallbackQueryHandler(spreadsheet_import.discard_import, pattern=f"^{DISCARD}{ID}$"), group=MAIN)

    # Visit report
    # Live-location updates first: they arrive as edited messages during and after a report.
    app.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.LOCATION, report_live.record_live_location),
        group=MAIN,
    )
    app.add_handler(report.build_conversation(app.user_data), group=MAIN)
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        report_session.sweep_idle_drafts,
        interval=report_session.SWEEP_EVERY_S,
        first=report_session.SWEEP_EVERY_S,
        name="idle-drafts",
    )
    app.add_handler(CommandHandler("riwayat", report_views.history), group=MAIN)
    app.add_handler(CommandHandler("kpmsaya", report_views.own_households), group=MAIN)
    app.add_handler(
        MessageHandler(
            filters.Text(report_keyboards.menu_labels("report.menu.history")) & ~filters.UpdateType.EDITED,
            report_views.history,
        ),
        group=MAIN,
    )
    app.add_handler(
        MessageHandler(
            filters.Text(report_keyboards.menu_labels("report.menu.households")) & ~filters.UpdateType.EDITED,
            report_views.own_households,
        ),
        group=MAIN,
    )
    # A report button pressed after its report ended (e.g. Send pressed twice).
    app.add_handler(CallbackQueryHandler(report.answer_stale_button, pattern=r"^rep:"), group=MAIN)

    # Reminders, digests, alerts, exports, map
    for handler in review.review_handlers(app):
        app.add_handler(handler, group=MAIN)
    app.add_handler(CommandHandler("ringkasan", digest.digest_command), group=MAIN)
    app.add_handler(CommandHandler("ekspor", exports.export_command), group=MAIN)
    app.add_handler(CommandHandler("peta", exports.map_command), group=MAIN)

    # A spreadsheet outside any conversation is an import (a conversation's step answers it first).
    app.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & SPREADSHEET, spreadsheet_import.receive_file), group=MAIN
    )
    app.add_handler(CommandHandler("start", common.start), group=MAIN)
    app.add_handler(CommandHandler("bantuan", common.help_command), group=MAIN)
    app.add_handler(CommandHandler("batal", common.nothing_to_cancel), group=MAIN)
    # Catch-alls last: anything above did not take the update.
    app.add_handler(MessageHandler(filters.COMMAND, common.unknown_command), group=MAIN)
    app.add_handler(CallbackQueryHandler(common.unknown_button), group=MAIN)
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED, common.unexpected_message),
        group=MAIN,
    )

    app.add_handler(TypeHandler(Update, middleware.save_state), group=LAST)
    app.add_error_handler(errors.on_error)
