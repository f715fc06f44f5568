"""Every command, declared once as data: its name, who may use it and its description
(catalogue key `command.<name>`). The handler registry (`handlers.routes`, which binds each
command to its callback), the role guard, /bantuan, the start menu and Telegram's per-chat
command menus all read this table, in its order. It imports no feature, so every feature
may read it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Role

EVERYONE = frozenset(Role)
ADMIN = frozenset({Role.ADMIN})
COMPANION = frozenset({Role.COMPANION})
OFFICE = frozenset({Role.COORDINATOR, Role.ADMIN})


@dataclass(frozen=True)
class Command:
    name: str
    roles: frozenset[Role]
    strangers: bool = False  # also for people who are not (or no longer) registered
    starts_conversation: bool = False  # its conversation registers it as an entry point

    @property
    def description_key(self) -> str:
        return f"command.{self.name}"


COMMANDS: tuple[Command, ...] = (
    Command("start", EVERYONE, strangers=True),
    Command("bantuan", EVERYONE, strangers=True),
    Command("batal", EVERYONE),
    # Registry
    Command("kpm", EVERYONE),
    Command("kpmbaru", ADMIN, starts_conversation=True),
    Command("templat", ADMIN),
    Command("koreksi", ADMIN),
    Command("pindahkpm", ADMIN),
    Command("nonaktifkpm", ADMIN),
    Command("aktifkpm", ADMIN),
    Command("undang", ADMIN),
    Command("undangan", ADMIN),
    Command("cabut", ADMIN),
    Command("orang", ADMIN),
    Command("nonaktifkan", ADMIN),
    Command("aktifkan", ADMIN),
    Command("pindahwilayah", ADMIN),
    Command("alihkan", ADMIN),
    # Visit report
    Command("lapor", COMPANION, starts_conversation=True),
    Command("riwayat", COMPANION),
    Command("kpmsaya", COMPANION),
    # Reminders, digests, exports, map
    Command("ringkasan", OFFICE),
    Command("ekspor", OFFICE),
    Command("peta", OFFICE),
    Command("pantau", OFFICE),
    # Tasks and announcements
    Command("tugas", OFFICE, starts_conversation=True),
    Command("tugassaya", COMPANION),
    # Programme follow-up
    Command("tindaklanjut", OFFICE),
)
BY_NAME = {command.name: command for command in COMMANDS}


def commands_for(role: Role | None) -> list[Command]:
    """The commands a role may use, in menu order; `None` is a stranger."""
    if role is None:
        return [command for command in COMMANDS if command.strangers]
    return [command for command in COMMANDS if role in command.roles]
