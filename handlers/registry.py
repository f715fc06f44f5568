"""Every handler of the bot, registered in one place and in order.

Groups: -1 drops redelivered updates before anything sees them; 0 holds the journeys'
conversations, then the commands, then the catch-alls (first match wins inside a group);
100 saves conversation state after every update.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, TypeHandler, filters

from handlers import common, errors, middleware
from handlers import digest, exports, review  # Reminders, digests, alerts, exports, map (issue 5)

FIRST, MAIN, LAST = -1, 0, 100


def register_handlers(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(TypeHandler(Update, middleware.drop_redelivered), group=FIRST)

    # Journeys first: their conversations must see updates before the generic commands.
    # Registry (issue 3)

    # Visit report (issue 4)

    # Reminders, digests, alerts, exports, map (issue 5)
    for handler in review.review_handlers():
        app.add_handler(handler, group=MAIN)
    app.add_handler(CommandHandler("ringkasan", digest.digest_command), group=MAIN)
    app.add_handler(CommandHandler("ekspor", exports.export_command), group=MAIN)
    app.add_handler(CommandHandler("peta", exports.map_command), group=MAIN)

    app.add_handler(CommandHandler("start", common.start), group=MAIN)
    app.add_handler(CommandHandler("bantuan", common.help_command), group=MAIN)
    app.add_handler(CommandHandler("batal", common.nothing_to_cancel), group=MAIN)
    # Catch-alls last: anything above did not take the update.
    app.add_handler(MessageHandler(filters.COMMAND, common.unknown_command), group=MAIN)
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED, common.unexpected_message),
        group=MAIN,
    )

    app.add_handler(TypeHandler(Update, middleware.save_state), group=LAST)
    app.add_error_handler(errors.on_error)
