"""Every command, declared once: its name, who may use it, its description (catalogue key
`command.<name>`) and its callback. The handler registry, the role guard, /bantuan, the start
menu and Telegram's per-chat command menus all read this table, in its order."""

from __future__ import annotations

from dataclasses import dataclass

from telegram.ext import CommandHandler

from bot.domain import Role
from handlers import common
from handlers.office import digest, exports
from handlers.plumbing.access import Callback, guard
from handlers.plumbing.context import BotContext
from handlers.registry import household_entry, household_lookup, invitations, people_admin, spreadsheet_import
from handlers.report import conversation as report
from handlers.report import views as report_views

EVERYONE = frozenset(Role)
ADMIN = frozenset({Role.ADMIN})
COMPANION = frozenset({Role.COMPANION})
OFFICE = frozenset({Role.COORDINATOR, Role.ADMIN})


@dataclass(frozen=True)
class Command:
    name: str
    roles: frozenset[Role]
    callback: Callback
    strangers: bool = False  # also for people who are not (or no longer) registered
    starts_conversation: bool = False  # its conversation registers it as an entry point

    @property
    def description_key(self) -> str:
        return f"command.{self.name}"

    @property
    def guarded(self) -> Callback:
        """The callback, run only for the roles that may use the command."""
        return guard(self.callback, self.roles, strangers=self.strangers)

    def handler(self) -> CommandHandler[BotContext, object]:
        return CommandHandler(self.name, self.guarded)


COMMANDS: tuple[Command, ...] = (
    Command("start", EVERYONE, common.start, strangers=True),
    Command("bantuan", EVERYONE, common.help_command, strangers=True),
    Command("batal", EVERYONE, spreadsheet_import.cancel),
    # Registry
    Command("kpm", EVERYONE, household_lookup.look_up),
    Command("kpmbaru", ADMIN, household_entry.start, starts_conversation=True),
    Command("templat", ADMIN, spreadsheet_import.send_template),
    Command("koreksi", ADMIN, household_lookup.correct_coordinates),
    Command("pindahkpm", ADMIN, household_lookup.reassign),
    Command("nonaktifkpm", ADMIN, household_lookup.deactivate),
    Command("aktifkpm", ADMIN, household_lookup.reactivate),
    Command("undang", ADMIN, invitations.invite),
    Command("undangan", ADMIN, invitations.list_invitations),
    Command("cabut", ADMIN, invitations.revoke),
    Command("orang", ADMIN, people_admin.list_people),
    Command("nonaktifkan", ADMIN, people_admin.deactivate),
    Command("aktifkan", ADMIN, people_admin.reactivate),
    Command("pindahwilayah", ADMIN, people_admin.change_region),
    Command("alihkan", ADMIN, people_admin.hand_over),
    # Visit report
    Command("lapor", COMPANION, report.start_report, starts_conversation=True),
    Command("riwayat", COMPANION, report_views.history),
    Command("kpmsaya", COMPANION, report_views.own_households),
    # Reminders, digests, exports, map
    Command("ringkasan", OFFICE, digest.digest_command),
    Command("ekspor", OFFICE, exports.export_command),
    Command("peta", OFFICE, exports.map_command),
)
BY_NAME = {command.name: command for command in COMMANDS}


def commands_for(role: Role | None) -> list[Command]:
    """The commands a role may use, in menu order; `None` is a stranger."""
    if role is None:
        return [command for command in COMMANDS if command.strangers]
    return [command for command in COMMANDS if role in command.roles]
