"""Which commands each role has: one list that drives /bantuan, the start menu and
Telegram's per-chat command menu."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Role

EVERYONE = frozenset(Role)


@dataclass(frozen=True)
class CommandSpec:
    name: str
    roles: frozenset[Role]
    strangers: bool = False

    @property
    def description_key(self) -> str:
        return f"command.{self.name}"


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start", EVERYONE, strangers=True),
    CommandSpec("bantuan", EVERYONE, strangers=True),
    CommandSpec("batal", EVERYONE),
    # Registry
    CommandSpec("kpm", frozenset(Role)),
    CommandSpec("kpmbaru", frozenset({Role.ADMIN})),
    CommandSpec("templat", frozenset({Role.ADMIN})),
    CommandSpec("koreksi", frozenset({Role.ADMIN})),
    CommandSpec("pindahkpm", frozenset({Role.ADMIN})),
    CommandSpec("nonaktifkpm", frozenset({Role.ADMIN})),
    CommandSpec("aktifkpm", frozenset({Role.ADMIN})),
    CommandSpec("undang", frozenset({Role.ADMIN})),
    CommandSpec("undangan", frozenset({Role.ADMIN})),
    CommandSpec("cabut", frozenset({Role.ADMIN})),
    CommandSpec("orang", frozenset({Role.ADMIN})),
    CommandSpec("nonaktifkan", frozenset({Role.ADMIN})),
    CommandSpec("aktifkan", frozenset({Role.ADMIN})),
    CommandSpec("pindahwilayah", frozenset({Role.ADMIN})),
    CommandSpec("alihkan", frozenset({Role.ADMIN})),
    # Visit report
    CommandSpec("lapor", frozenset({Role.COMPANION})),
    CommandSpec("riwayat", frozenset({Role.COMPANION})),
    CommandSpec("kpmsaya", frozenset({Role.COMPANION})),
    # Reminders, digests, exports, map
    CommandSpec("ringkasan", frozenset({Role.COORDINATOR, Role.ADMIN})),
    CommandSpec("ekspor", frozenset({Role.COORDINATOR, Role.ADMIN})),
    CommandSpec("peta", frozenset({Role.COORDINATOR, Role.ADMIN})),
)


def commands_for(role: Role | None) -> list[CommandSpec]:
    """The commands a role may use, in menu order; `None` is a stranger."""
    if role is None:
        return [spec for spec in COMMANDS if spec.strangers]
    return [spec for spec in COMMANDS if role in spec.roles]
