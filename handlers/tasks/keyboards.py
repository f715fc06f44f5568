"""The buttons of tasks, each protocol declared once: the companion's ✅ Siap (`ack:`), and the
office's (`task:`) list, detail, edit and withdrawal, and the steps of the /tugas journey."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import t_plain

ACK = "ack:"  # + task id: a recipient acknowledges (companions)
# The office's buttons, each + task id.
DETAIL = "task:d:"
EDIT_TEXT = "task:et:"
EDIT_DUE = "task:ed:"
WITHDRAW = "task:w:"
WITHDRAW_YES = "task:wy:"
NEW = "task:new"
# The /tugas journey's steps.
AUDIENCE = "task:au:"  # + an Audience value
REGION = "task:rg:"  # + a kabupaten/kota code
SKIP_HOUSEHOLDS = "task:skip"
NO_DUE = "task:nodue"
URGENT = "task:urgent"
SEND = "task:send"
CANCEL = "task:cancel"
# Buttons per row of a list.
PER_ROW = 4


def ack_markup(task_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t_plain("task.button.ack", lang), callback_data=f"{ACK}{task_id}")]]
    )


def rows(buttons: Sequence[InlineKeyboardButton], per_row: int = PER_ROW) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[start : start + per_row]) for start in range(0, len(buttons), per_row)]
