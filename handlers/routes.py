"""Every handler of the bot, registered in one place and in order.

The middleware (handlers.plumbing.middleware) wraps every update in groups of its own: drop a
redelivered update, keep the bot to private chats and stop buttons without data, look up who is
writing; then the group
`MAIN` below (first match wins, so order matters); last, the state the update changed is saved.
"""

from __future__ import annotations

from typing import Any

from telegram.constants import UpdateType
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers import common
from handlers.commands import BY_NAME, COMMANDS
from handlers.plumbing import errors, middleware
from handlers.plumbing.buttons import ID
from handlers.registry import household_entry, invitations, spreadsheet_import
from handlers.registry.spreadsheet_import import APPLY, DISCARD
from handlers.report import conversation as report
from handlers.report import keyboards as report_keyboards
from handlers.report import live as report_live
from handlers.report import session as report_session
from handlers.review import callbacks as review

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


def register_handlers(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    middleware.install(app)

    # Conversations first: while one is under way, it answers every message (a command of
    # another journey included) with its step's hint; /batal ends it.
    # An opened invitation link is /start with the token; plain /start is the generic greeting.
    app.add_handler(CommandHandler("start", invitations.join, filters=invitations.INVITATION_LINK), group=MAIN)
    app.add_handler(household_entry.conversation(BY_NAME["kpmbaru"]), group=MAIN)
    # Live-location updates before the report: they arrive as edited messages during and after it.
    app.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.LOCATION, report_live.record_live_location),
        group=MAIN,
    )
    app.add_handler(report.build_conversation(app.user_data, BY_NAME["lapor"]), group=MAIN)
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        report_session.sweep_idle_drafts,
        interval=report_session.SWEEP_EVERY_S,
        first=report_session.SWEEP_EVERY_S,
        name="idle-drafts",
    )

    # The reviewer's reason prompt, like a conversation, answers replies to it (commands too) first.
    for handler in review.review_handlers(app):
        app.add_handler(handler, group=MAIN)

    # Every other command, from its one declaration (handlers/commands.py).
    for command in COMMANDS:
        if not command.starts_conversation:
            app.add_handler(command.handler(), group=MAIN)

    # Buttons of import decisions, the companion's menu labels.
    app.add_handler(CallbackQueryHandler(spreadsheet_import.apply_import, pattern=f"^{APPLY}{ID}$"), group=MAIN)
    app.add_handler(CallbackQueryHandler(spreadsheet_import.discard_import, pattern=f"^{DISCARD}{ID}$"), group=MAIN)
    for label_key, name in (("report.menu.history", "riwayat"), ("report.menu.households", "kpmsaya")):
        labels = filters.Text(report_keyboards.menu_labels(label_key)) & ~filters.UpdateType.EDITED
        app.add_handler(MessageHandler(labels, BY_NAME[name].guarded), group=MAIN)
    # A report button pressed after its report ended (e.g. Send pressed twice).
    app.add_handler(CallbackQueryHandler(report.answer_stale_button, pattern=r"^rep:"), group=MAIN)

    # A spreadsheet outside any conversation is an import (a conversation's step answers it first).
    app.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & SPREADSHEET, spreadsheet_import.receive_file), group=MAIN
    )
    # Catch-alls last: anything above did not take the update.
    app.add_handler(MessageHandler(filters.COMMAND, common.unknown_command), group=MAIN)
    app.add_handler(CallbackQueryHandler(common.unknown_button), group=MAIN)
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED, common.unexpected_message),
        group=MAIN,
    )

    app.add_error_handler(errors.on_error)
